// What the source picker offers from the device list (doctor().devices): labels, camera mode choices, screen matching.

import type { CaptureMode, InputSource, OverlayCamera } from '../../../shared/broadcastTypes';
import type { CameraDevice, MicrophoneDevice, ScreenDevice } from '../../../shared/captureDevices';

type DesktopInput = Extract<InputSource, { kind: 'desktop' }>;

/** The screen's name with its size, e.g. `DP-1 (2560x1440)`; names that already carry the size stay as they are. */
export function screenLabel(screen: ScreenDevice): string {
  if (screen.width === null || screen.height === null) return screen.name;
  const size = `${screen.width}x${screen.height}`;
  return screen.name.includes(size) ? screen.name : `${screen.name} (${size})`;
}

/** Monitors of an output ("what you hear") are told apart from microphones. */
export function microphoneLabel(mic: MicrophoneDevice): string {
  return mic.monitor === true ? `${mic.name} — what you hear` : mic.name;
}

function sameRegion(a: DesktopInput['region'], b: DesktopInput['region']): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

/** The listed screen whose capture is exactly this desktop source's display and region, if any. */
export function screenForInput(screens: readonly ScreenDevice[], input: DesktopInput): ScreenDevice | undefined {
  return screens.find((s) => s.capture.display === input.display && sameRegion(s.capture.region, input.region));
}

/** A desktop source capturing `screen`, keeping the cursor and picture-in-picture choices of `previous`. */
export function desktopInputFor(screen: ScreenDevice | undefined, previous?: DesktopInput): DesktopInput {
  const capture = screen?.capture ?? {};
  return {
    kind: 'desktop',
    ...(capture.display !== undefined ? { display: capture.display } : {}),
    ...(capture.region !== undefined ? { region: { ...capture.region } } : {}),
    ...(previous?.showCursor !== undefined ? { showCursor: previous.showCursor } : {}),
    ...(previous?.overlayCamera !== undefined ? { overlayCamera: previous.overlayCamera } : {}),
  };
}

/** One entry of the camera mode select. */
export interface CameraModeOption {
  /** The select's value: `1920x1080@30:mjpeg`. */
  key: string;
  label: string;
  mode: CaptureMode;
}

export function captureModeKey(mode: CaptureMode): string {
  return `${mode.width}x${mode.height}@${mode.fps}${mode.format !== undefined ? `:${mode.format}` : ''}`;
}

/**
 * Every native mode of the camera as one choice per frame rate, in the lister's order (largest first). A mode
 * listed without frame rates (no v4l2-ctl) is offered once at `broadcastFps`, the rate the broadcast asks for anyway.
 */
export function cameraModeOptions(camera: CameraDevice | undefined, broadcastFps: number): CameraModeOption[] {
  const options: CameraModeOption[] = [];
  for (const m of camera?.modes ?? []) {
    const format = m.format !== '' ? { format: m.format } : {};
    const rates = m.fps.length > 0 ? m.fps : [broadcastFps];
    for (const fps of rates) {
      const mode: CaptureMode = { width: m.width, height: m.height, fps, ...format };
      const rate = m.fps.length > 0 ? `${fps} fps` : 'frame rate not listed';
      const label = `${m.width}x${m.height}, ${rate}${m.format !== '' ? `, ${m.format}` : ''}`;
      if (!options.some((o) => o.key === captureModeKey(mode))) options.push({ key: captureModeKey(mode), label, mode });
    }
  }
  return options;
}

/** Whether the camera lists `mode` (a mode listed without frame rates matches any rate). */
export function cameraHasMode(camera: CameraDevice, mode: CaptureMode): boolean {
  return (camera.modes ?? []).some(
    (m) =>
      m.width === mode.width &&
      m.height === mode.height &&
      (mode.format === undefined || m.format === mode.format) &&
      (m.fps.length === 0 || m.fps.includes(mode.fps)),
  );
}

/** The option a saved mode selects: the exact key, or for a mode listed without rates the entry of its size and format. */
export function selectedModeKey(options: readonly CameraModeOption[], mode: CaptureMode | undefined): string {
  if (mode === undefined) return '';
  const exact = options.find((o) => o.key === captureModeKey(mode));
  if (exact) return exact.key;
  const loose = options.find((o) => o.mode.width === mode.width && o.mode.height === mode.height && o.mode.format === mode.format);
  return loose?.key ?? '';
}

/** The overlay moved to another camera: its placement stays, its mode (picked for the old camera) goes. */
export function overlayWithCamera(overlay: OverlayCamera | undefined, device: string): OverlayCamera {
  return {
    device,
    ...(overlay?.corner !== undefined ? { corner: overlay.corner } : {}),
    ...(overlay?.widthPercent !== undefined ? { widthPercent: overlay.widthPercent } : {}),
  };
}
