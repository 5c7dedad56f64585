// Decides whether each HEVC encoder a binary lists really works here, by encoding one frame with it.
import { redact } from '../redact';
import { type DesktopPlatform, type HevcEncoder, type HevcEncoderStatus } from '../../shared/ffmpegCapabilities';
import { buildEncoderTestArgs } from './args/encoderArgs';
import { summariseFailure } from './parseFfmpegOutput';
import type { RunFfmpeg } from './runFfmpegOnce';

/** The render node VAAPI uses on most single-GPU Linux machines. */
export const DEFAULT_VAAPI_DEVICE = '/dev/dri/renderD128';

/** Options of the one-frame test encode's argument list. */
export interface EncodeTestArgsOptions {
  /** DRM render node for hevc_vaapi (default /dev/dri/renderD128). */
  vaapiDevice?: string;
  /** The platform being probed (default linux); only shapes the settings the broadcast flags are built from. */
  platform?: DesktopPlatform;
}

/** Narrows an encoder name listed by ffmpeg to one the app knows how to drive. */
/**
 * ffmpeg arguments that encode one 256x144 frame from a synthetic source with `encoder` and discard it, with the
 * broadcast's own flags (encoderArgs.buildEncoderTestArgs: CBR, GOP, no B-frames, pixel format, VAAPI upload), so an
 * encoder that passes here also opens in a broadcast. Encoders the engine cannot drive are not tested at all.
 */
export function encodeTestArgs(encoder: HevcEncoder, options: EncodeTestArgsOptions = {}): string[] {
  return buildEncoderTestArgs(encoder, options);
}

/** Maps `items` through `fn` with at most `limit` calls in flight; results keep the input order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, () => worker()));
  return results;
}

/** Options of `testHevcEncoders`. */
export interface TestHevcEncodersOptions extends EncodeTestArgsOptions {
  run: RunFfmpeg;
  /** Bound on each test encode; hardware init (CUDA, MFX) can take seconds on a cold machine. */
  timeoutMs: number;
  /** Test encodes running at once; keep small, they compete for the same cores and GPU. */
  concurrency: number;
}

/** Runs one test encode per encoder and reports which work, with a one-line reason for each that does not. */
export async function testHevcEncoders(
  ffmpegPath: string,
  encoders: readonly HevcEncoder[],
  options: TestHevcEncodersOptions,
): Promise<HevcEncoderStatus[]> {
  return mapWithConcurrency(encoders, options.concurrency, async (name): Promise<HevcEncoderStatus> => {
    const result = await options.run(ffmpegPath, encodeTestArgs(name, options), { timeoutMs: options.timeoutMs, maxOutputBytes: 64 * 1024 });
    const base = { name, hardware: name !== 'libx265', testMs: Math.round(result.durationMs) };
    if (result.end === 'exited' && result.exitCode === 0) return { ...base, works: true };
    let reason: string;
    if (result.end === 'timed-out') reason = `no frame within ${options.timeoutMs} ms`;
    else if (result.end === 'spawn-failed') reason = `ffmpeg could not be started (${result.spawnErrorCode ?? 'unknown error'})`;
    else if (result.exitCode === null) reason = `ffmpeg was killed by ${result.signal ?? 'a signal'}`;
    else reason = summariseFailure(result.stderr);
    return { ...base, works: false, reason: redact(reason) };
  });
}
