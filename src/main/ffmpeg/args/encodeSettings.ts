// The capture+encode configuration shared by the UI, the CLI and the encoder argument builder, with Gcore-based
// defaults and validation that explains every bound (gcore-api.md §3 "Encoder settings").

import type { AudioSource, InputSource, CaptureMode } from '../../../shared/broadcastTypes';
import { OVERLAY_CORNERS } from '../../../shared/broadcastTypes';
import { isHevcEncoder, HEVC_ENCODERS, type DesktopPlatform, type HevcEncoder } from '../../../shared/ffmpegCapabilities';
import { AppError } from '../../appError';

/** libx265 speed presets offered (slower ones cannot keep up in real time on a workstation). */
export const X265_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium'] as const;
export type X265Preset = (typeof X265_PRESETS)[number];

export interface EncodeSettings {
  input: InputSource;
  audio: AudioSource;
  /** Output width, pixels. */
  width: number;
  /** Output height, pixels. */
  height: number;
  /** Output frame rate, frames per second (constant). */
  fps: number;
  /** Video bitrate, kilobits per second (CBR target; audio is extra, 128 kbps). */
  bitrateKbps: number;
  /** Keyframe (IDR) interval, seconds. */
  keyintSeconds: number;
  /** One of HEVC_ENCODERS. A plain string so settings from JSON or the probe can be validated, not trusted. */
  encoder: string;
  /** libx265 only. Gcore recommends `veryfast`; `ultrafast` for weak CPUs. */
  preset: X265Preset;
  platform: DesktopPlatform;
  /** VAAPI render node (hevc_vaapi only). Default `/dev/dri/renderD128`. */
  vaapiDevice?: string;
  /** File source only: what the file check decided (without it the file's picture and sound are encoded). */
  file?: FilePlayback;
}

/**
 * How a file source is played, from what the file holds (see fileSourcePlan): its video sent as it is (stream copy:
 * size, fps, bitrate and keyframe settings do not apply) or encoded; its first audio track copied (AAC), encoded to
 * AAC, or absent (then the configured audio source is used, e.g. silence for Gcore's one AAC track).
 */
export interface FilePlayback {
  copyVideo: boolean;
  audio: 'copy' | 'encode' | 'none';
}

/**
 * Defaults from Gcore's recommendations: CBR, keyframes every 2 s (Gcore: 1–2 s), 30 fps, preset veryfast.
 * 1280x720 at 3000 kbps keeps libx265 real-time on a typical 4-core workstation; 1080p30 wants 3–6 Mbps.
 */
export function defaultEncodeSettings(platform: DesktopPlatform, overrides: Partial<EncodeSettings> = {}): EncodeSettings {
  const input = overrides.input ?? { kind: 'testsrc' };
  return {
    input,
    audio: input.kind === 'testsrc' ? { kind: 'tone' } : { kind: 'silence' },
    width: 1280,
    height: 720,
    fps: 30,
    bitrateKbps: 3000,
    keyintSeconds: 2,
    encoder: 'libx265',
    preset: 'veryfast',
    platform,
    ...overrides,
  };
}

/** Which platforms each hardware encoder exists on (ffmpeg builds for other OSes lack the API). */
const ENCODER_PLATFORMS: Readonly<Record<HevcEncoder, readonly DesktopPlatform[]>> = {
  libx265: ['linux', 'darwin', 'win32'],
  hevc_nvenc: ['linux', 'win32'],
  hevc_qsv: ['linux', 'win32'],
  hevc_amf: ['win32'],
  hevc_videotoolbox: ['darwin'],
  hevc_vaapi: ['linux'],
};

function invalid(code: string, message: string): AppError {
  return new AppError('input', code, message);
}

function isIntIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Number of frames between keyframes: fps × keyintSeconds, rounded, at least 1. */
export function keyintFrames(settings: Pick<EncodeSettings, 'fps' | 'keyintSeconds'>): number {
  return Math.max(1, Math.round(settings.fps * settings.keyintSeconds));
}

/**
 * Throws AppError('input') with one actionable sentence for the first invalid value. Bounds and why:
 * - width/height: even (4:2:0 chroma is subsampled 2×2, so odd sizes cannot be encoded), 128..4096
 *   (below 128 some hardware encoders refuse to open; above 4096 real-time HEVC is out of reach on a workstation,
 *   although Gcore accepts up to 8K).
 * - fps: whole number 1..60 (Gcore: "up to 60 fps"; input FPS is read once at connect time, so it stays constant).
 * - bitrate: 200..50000 kbps (Gcore's guidance tops out at 34 Mbps for 4K30; 50 Mbps leaves room for 4K60;
 *   below 200 kbps not even 360p is watchable and the ABR ladder has nothing to work with).
 * - keyint: 1..10 s (Gcore recommends 1–2 s; longer GOPs are accepted but delay playback start and failover joins,
 *   see encodeSettingsAdvice()).
 */
export function validateEncodeSettings(s: EncodeSettings): void {
  if (!isHevcEncoder(s.encoder)) {
    throw invalid('unknown_encoder', `Unknown encoder "${s.encoder}": choose one of ${HEVC_ENCODERS.join(', ')}.`);
  }
  if (!ENCODER_PLATFORMS[s.encoder].includes(s.platform)) {
    throw invalid('encoder_not_on_platform', `The ${s.encoder} encoder is not available on ${s.platform}: choose libx265 or a hardware encoder for this system.`);
  }
  for (const [label, value] of [['Width', s.width], ['Height', s.height]] as const) {
    if (!isIntIn(value, 128, 4096) || value % 2 !== 0) {
      throw invalid('bad_size', `${label} ${value} is not valid: use an even number of pixels from 128 to 4096 (4:2:0 video needs even sizes).`);
    }
  }
  if (!isIntIn(s.fps, 1, 60)) {
    throw invalid('bad_fps', `Frame rate ${s.fps} is not valid: use a whole number from 1 to 60 fps (Gcore accepts up to 60 fps).`);
  }
  if (!isIntIn(s.bitrateKbps, 200, 50000)) {
    throw invalid('bad_bitrate', `Video bitrate ${s.bitrateKbps} kbps is not valid: use a whole number from 200 to 50000 kbps (Gcore suggests 3000–6000 for 1080p30).`);
  }
  if (!Number.isFinite(s.keyintSeconds) || s.keyintSeconds < 1 || s.keyintSeconds > 10) {
    throw invalid('bad_keyint', `Keyframe interval ${s.keyintSeconds} s is not valid: use 1 to 10 seconds (Gcore recommends 1–2 s).`);
  }
  if (!(X265_PRESETS as readonly string[]).includes(s.preset)) {
    throw invalid('bad_preset', `Preset "${s.preset}" is not valid: choose one of ${X265_PRESETS.join(', ')}.`);
  }
  validateInput(s.input, s.platform);
  if (s.audio.kind === 'device' && s.audio.device.trim() === '') {
    throw invalid('bad_audio_device', 'No audio device was chosen: pick a microphone, or use silence or no audio.');
  }
}

function validateCamera(device: string, mode: CaptureMode | undefined, platform: DesktopPlatform): void {
  if (device.trim() === '') throw invalid('bad_camera', 'No camera was chosen: pick a camera from the device list.');
  if (platform === 'linux' && !device.startsWith('/dev/')) {
    throw invalid('bad_camera', `Camera "${device}" is not a device path: on Linux use /dev/videoN.`);
  }
  if (mode && (!isIntIn(mode.width, 16, 8192) || !isIntIn(mode.height, 16, 8192) || !(mode.fps > 0 && mode.fps <= 120))) {
    throw invalid('bad_capture_mode', `Camera mode ${mode.width}x${mode.height}@${mode.fps} is not valid: pick a mode the camera lists.`);
  }
  if (mode?.format !== undefined && !/^[A-Za-z0-9_]{1,32}$/.test(mode.format)) {
    throw invalid('bad_capture_mode', `Camera format "${mode.format}" is not valid: pick a format the camera lists, such as mjpeg or yuyv422.`);
  }
}

function validateInput(input: InputSource, platform: DesktopPlatform): void {
  if (input.kind === 'file' && input.path.trim() === '') throw invalid('bad_file', 'No file was chosen: pick the video file to play.');
  if (input.kind === 'camera') validateCamera(input.device, input.captureMode, platform);
  if (input.kind === 'desktop') {
    if (platform === 'linux' && input.display !== undefined && !/^[A-Za-z0-9.-]*:\d+(\.\d+)?$/.test(input.display)) {
      throw invalid('bad_display', `X11 display "${input.display}" is not valid: use a value like :0 or :0.0.`);
    }
    if (platform === 'darwin' && input.display !== undefined && input.display.trim() === '') {
      throw invalid('bad_display', 'No screen was chosen: use the screen index from the device list, e.g. 1.');
    }
    const r = input.region;
    // Only Windows has negative desktop coordinates (monitors left of or above the primary one).
    const minOffset = platform === 'win32' ? -65535 : 0;
    if (r && (!isIntIn(r.x, minOffset, 65535) || !isIntIn(r.y, minOffset, 65535) || !isIntIn(r.width, 16, 16384) || !isIntIn(r.height, 16, 16384))) {
      throw invalid('bad_region', `Capture region ${r.width}x${r.height}+${r.x}+${r.y} is not valid: use whole pixels, at least 16x16, inside the screen.`);
    }
    const pip = input.overlayCamera;
    if (pip) {
      validateCamera(pip.device, pip.captureMode, platform);
      if (pip.corner !== undefined && !(OVERLAY_CORNERS as readonly string[]).includes(pip.corner)) {
        throw invalid('bad_overlay', `Camera corner "${pip.corner}" is not valid: choose one of ${OVERLAY_CORNERS.join(', ')}.`);
      }
      if (pip.widthPercent !== undefined && !isIntIn(pip.widthPercent, 10, 50)) {
        throw invalid('bad_overlay', `Camera overlay width ${pip.widthPercent}% is not valid: use a whole number from 10 to 50 percent of the picture.`);
      }
    }
  }
}

/**
 * Advice for valid settings that stray from Gcore's recommendations (shown as warnings, not refused).
 * Pure; an empty list means "as recommended".
 */
export function encodeSettingsAdvice(s: EncodeSettings): string[] {
  const advice: string[] = [];
  if (s.keyintSeconds > 2) {
    advice.push(`Keyframes every ${s.keyintSeconds} s: Gcore recommends 1–2 s; longer intervals delay playback start and a backup ingest's first picture.`);
  }
  if (Math.abs(s.fps * s.keyintSeconds - keyintFrames(s)) > 1e-9) {
    advice.push(`${s.keyintSeconds} s at ${s.fps} fps is not a whole number of frames; keyframes will come every ${keyintFrames(s)} frames.`);
  }
  if (s.encoder === 'libx265' && s.width * s.height * s.fps > 1920 * 1080 * 30 && s.preset !== 'ultrafast' && s.preset !== 'superfast') {
    advice.push(`libx265 at ${s.width}x${s.height}@${s.fps} with preset ${s.preset} needs a fast CPU; use a hardware encoder or preset ultrafast if frames drop.`);
  }
  return advice;
}
