// What the source/encoder picker may offer, derived from the ffmpeg probe (doctor()): working encoders only, hardware first.

import type { CaptureBackend, FfmpegProbe, HevcEncoderStatus } from '../../../shared/ffmpegCapabilities';

/** Encoders that passed their one-frame test encode; hardware before software, otherwise in the probe's order. */
export function encoderOptions(probe: FfmpegProbe | null): HevcEncoderStatus[] {
  if (probe === null) return [];
  const working = probe.hevcEncoders.filter((e) => e.works);
  return [...working.filter((e) => e.hardware), ...working.filter((e) => !e.hardware)];
}

const DESKTOP_BACKENDS: readonly CaptureBackend[] = ['x11grab', 'kmsgrab', 'avfoundation', 'gdigrab', 'ddagrab'];
const CAMERA_BACKENDS: readonly CaptureBackend[] = ['v4l2', 'avfoundation', 'dshow'];
const AUDIO_BACKENDS: readonly CaptureBackend[] = ['pulse', 'alsa', 'avfoundation', 'dshow'];

/** Which capture kinds the binary can do on this machine. The test pattern and tone need only lavfi, always present. */
export interface SourceAvailability {
  desktop: boolean;
  camera: boolean;
  audioDevice: boolean;
}

export function sourceAvailability(probe: FfmpegProbe | null): SourceAvailability {
  const has = (list: readonly CaptureBackend[]): boolean =>
    probe !== null && probe.captureBackends.some((b) => list.includes(b));
  return { desktop: has(DESKTOP_BACKENDS), camera: has(CAMERA_BACKENDS), audioDevice: has(AUDIO_BACKENDS) };
}
