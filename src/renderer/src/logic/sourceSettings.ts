// Tolerant reading of saved source choices (video input and audio), including regions, camera modes, picture-in-picture
// and a video file.

import type {
  AudioSource,
  CaptureMode,
  InputSource,
  OverlayCamera,
  CaptureRegion,
} from '../../../shared/broadcastTypes';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function parseRegion(v: unknown): CaptureRegion | undefined {
  if (!isRecord(v) || !isInt(v.x) || !isInt(v.y) || !isInt(v.width) || !isInt(v.height)) return undefined;
  if (v.width <= 0 || v.height <= 0) return undefined;
  return { x: v.x, y: v.y, width: v.width, height: v.height };
}

function parseCaptureMode(v: unknown): CaptureMode | undefined {
  if (!isRecord(v) || !isInt(v.width) || !isInt(v.height) || typeof v.fps !== 'number' || !(v.fps > 0)) return undefined;
  if (v.width <= 0 || v.height <= 0) return undefined;
  const format = typeof v.format === 'string' && v.format !== '' ? { format: v.format } : {};
  return { width: v.width, height: v.height, fps: v.fps, ...format };
}

const CORNERS: readonly NonNullable<OverlayCamera['corner']>[] = ['top-left', 'top-right', 'bottom-left', 'bottom-right'];

function parseOverlay(v: unknown): OverlayCamera | undefined {
  if (!isRecord(v) || typeof v.device !== 'string' || v.device === '') return undefined;
  const mode = parseCaptureMode(v.captureMode);
  const corner = CORNERS.find((c) => c === v.corner);
  const width = typeof v.widthPercent === 'number' && v.widthPercent >= 10 && v.widthPercent <= 50 ? v.widthPercent : undefined;
  return {
    device: v.device,
    ...(mode ? { captureMode: mode } : {}),
    ...(corner ? { corner } : {}),
    ...(width !== undefined ? { widthPercent: width } : {}),
  };
}

/** A saved video source, or undefined when it is not one; unknown or malformed optional parts are dropped. */
export function parseInputChoice(v: unknown): InputSource | undefined {
  if (!isRecord(v)) return undefined;
  if (v.kind === 'testsrc') return { kind: 'testsrc' };
  if (v.kind === 'desktop') {
    const region = parseRegion(v.region);
    const overlay = parseOverlay(v.overlayCamera);
    return {
      kind: 'desktop',
      ...(typeof v.display === 'string' && v.display !== '' ? { display: v.display } : {}),
      ...(region ? { region } : {}),
      ...(typeof v.showCursor === 'boolean' ? { showCursor: v.showCursor } : {}),
      ...(overlay ? { overlayCamera: overlay } : {}),
    };
  }
  if (v.kind === 'camera' && typeof v.device === 'string') {
    const mode = parseCaptureMode(v.captureMode);
    return { kind: 'camera', device: v.device, ...(mode ? { captureMode: mode } : {}) };
  }
  // The path is only what main remembered from its dialog; main refuses any other when the broadcast starts.
  if (v.kind === 'file' && typeof v.path === 'string') return { kind: 'file', path: v.path, loop: v.loop === true };
  return undefined;
}

/** A saved audio source, or undefined when it is not one. */
export function parseAudioChoice(v: unknown): AudioSource | undefined {
  if (!isRecord(v)) return undefined;
  if (v.kind === 'none' || v.kind === 'tone') return { kind: v.kind };
  if (v.kind === 'device' && typeof v.device === 'string') return { kind: 'device', device: v.device };
  return undefined;
}
