// Pure: what to do when the encoder cannot keep up — the slow-encoder warning with the concrete fix (a smaller size, a
// faster x265 preset, a hardware encoder), and the hint before a start that a small machine will not keep up.

import type { X265Preset } from '../ffmpeg/args/encodeSettings';

/** What the encoder is asked to do, for the advice. */
export interface EncodeLoad {
  width: number;
  height: number;
  /** The encoder in use (`libx265`, `hevc_nvenc`…). */
  encoder: string;
  /** The x265 preset; null for a hardware encoder. */
  preset: X265Preset | null;
}

/** Common 16:9 sizes, largest first: the advice steps down to the next one. */
const SIZE_STEPS: ReadonlyArray<readonly [number, number]> = [
  [1920, 1080],
  [1280, 720],
  [960, 540],
  [854, 480],
  [640, 360],
];

/** The next common size with fewer pixels than width x height, or null when it is already small. */
export function smallerSize(width: number, height: number): { width: number; height: number } | null {
  const step = SIZE_STEPS.find(([w, h]) => w * h < width * height);
  return step ? { width: step[0], height: step[1] } : null;
}

/** The fixes for a slow encoder, most effective first, as phrases. */
export function slowEncoderFixes(load: EncodeLoad): string[] {
  const fixes: string[] = [];
  const smaller = smallerSize(load.width, load.height);
  if (smaller) fixes.push(`a smaller picture (${smaller.width}x${smaller.height} instead of ${load.width}x${load.height})`);
  if (load.encoder === 'libx265') {
    if (load.preset !== null && load.preset !== 'ultrafast') fixes.push(`a faster x265 preset (ultrafast instead of ${load.preset})`);
    fixes.push('a hardware HEVC encoder, if this computer has one');
  }
  return fixes;
}

/** The encoder-slow warning: how slow, what viewers get, and the fix for this broadcast's settings. */
export function slowEncoderMessage(speed: number, load: EncodeLoad | null): string {
  const head = `The encoder runs at ${speed.toFixed(2)}× real time, so viewers get a stuttering, delayed picture`;
  const fixes = load ? slowEncoderFixes(load) : [];
  if (fixes.length === 0) return `${head}: lower the size, frame rate or bitrate, or use a hardware encoder.`;
  return `${head}. Fix: ${fixes.join(', or ')}.`;
}

/** Pixels per second above which libx265 on two cores falls behind real time (measured: 1280x720 at 30 fps ran at 0.25–0.32×). */
const TWO_CORE_X265_PIXEL_LIMIT = 640 * 360;

/** A hint before the start when libx265 on a machine with at most two cores is asked for more than it can encode; else null. */
export function encoderLoadHint(input: { cpuCount: number; width: number; height: number; encoder: string }): string | null {
  if (input.encoder !== 'libx265' || input.cpuCount > 2 || input.width * input.height <= TWO_CORE_X265_PIXEL_LIMIT) return null;
  const cores = input.cpuCount === 1 ? 'one CPU core' : `${input.cpuCount} CPU cores`;
  return `This computer has ${cores}: libx265 is unlikely to encode ${input.width}x${input.height} in real time here; 640x360, a faster preset or a hardware encoder will keep up.`;
}
