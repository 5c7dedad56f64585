// Pure check of saved source choices against the devices this machine lists now: a device that is gone falls back to
// the first one available, with a plain sentence saying so.

import type { AudioSource, InputSource } from '../../../shared/broadcastTypes';
import type { CameraDevice, CaptureDevices } from '../../../shared/captureDevices';
import { cameraHasMode, desktopInputFor, microphoneLabel, overlayWithCamera, screenForInput, screenLabel } from './deviceChoices';

/** Replacement choices and why; null when the saved choices fit the devices (or a list is empty, so nothing to check). */
export interface SourceFallback {
  input: InputSource;
  audio: AudioSource;
  /** One sentence per replaced choice; empty when a choice was only filled in (a desktop source without a screen). */
  notices: string[];
}

type CameraInput = Extract<InputSource, { kind: 'camera' }>;
type DesktopInput = Extract<InputSource, { kind: 'desktop' }>;

function cameraName(camera: CameraDevice): string {
  return camera.name === camera.id ? camera.name : `${camera.name} (${camera.id})`;
}

function checkCamera(input: CameraInput, cameras: readonly CameraDevice[], notices: string[]): CameraInput {
  const first = cameras[0];
  if (first === undefined || input.device === '') return input;
  const camera = cameras.find((c) => c.id === input.device);
  if (camera === undefined) {
    notices.push(`The saved camera “${input.device}” is not connected; using ${cameraName(first)} instead.`);
    return { kind: 'camera', device: first.id };
  }
  if (input.captureMode !== undefined && camera.modes !== undefined && !cameraHasMode(camera, input.captureMode)) {
    const m = input.captureMode;
    notices.push(`${camera.name} no longer offers ${m.width}x${m.height} at ${m.fps} fps; using the camera’s default mode.`);
    return { kind: 'camera', device: camera.id };
  }
  return input;
}

function checkDesktop(input: DesktopInput, devices: CaptureDevices, notices: string[]): DesktopInput {
  let next = input;
  const first = devices.screens[0];
  if (first !== undefined && screenForInput(devices.screens, input) === undefined) {
    const saved = input.display !== undefined || input.region !== undefined;
    if (saved) {
      const where = input.region ? ` (${input.region.width}x${input.region.height} at +${input.region.x}+${input.region.y})` : '';
      notices.push(`The saved screen ${input.display ?? ''}${where} is not available; using ${screenLabel(first)} instead.`);
    }
    next = desktopInputFor(first, input);
  }
  const overlay = next.overlayCamera;
  if (overlay !== undefined && devices.cameras.length > 0 && !devices.cameras.some((c) => c.id === overlay.device)) {
    const camera = devices.cameras[0] as CameraDevice;
    notices.push(`The saved overlay camera “${overlay.device}” is not connected; using ${cameraName(camera)} instead.`);
    next = { ...next, overlayCamera: overlayWithCamera(overlay, camera.id) };
  }
  return next;
}

function checkAudio(audio: AudioSource, devices: CaptureDevices, notices: string[]): AudioSource {
  const first = devices.microphones[0];
  if (audio.kind !== 'device' || first === undefined || audio.device === '') return audio;
  if (devices.microphones.some((m) => m.id === audio.device)) return audio;
  notices.push(`The saved audio device “${audio.device}” is not available; using ${microphoneLabel(first)} instead.`);
  return { kind: 'device', device: first.id };
}

/**
 * Checks the choices against `devices`. Only lists with entries are checked: an empty list means the machine could
 * not list (see its notes), and a hand-typed name may still work.
 */
export function sourceFallback(input: InputSource, audio: AudioSource, devices: CaptureDevices): SourceFallback | null {
  const notices: string[] = [];
  // A source that cannot work here at all is replaced now, not refused at Go live.
  const blocked = input.kind === 'desktop' || input.kind === 'camera' ? devices.unavailable?.[input.kind] : undefined;
  if (blocked !== undefined) {
    const name = input.kind === 'desktop' ? 'Desktop' : 'Camera';
    notices.push(`${name} is not available here (${blocked}); using the test pattern instead.`);
    const nextAudio = checkAudio(audio, devices, notices);
    return { input: { kind: 'testsrc' }, audio: nextAudio, notices };
  }
  const nextInput =
    input.kind === 'camera' ? checkCamera(input, devices.cameras, notices) : input.kind === 'desktop' ? checkDesktop(input, devices, notices) : input;
  const nextAudio = checkAudio(audio, devices, notices);
  if (nextInput === input && nextAudio === audio) return null;
  return { input: nextInput, audio: nextAudio, notices };
}
