// Diagnostics shared by `srt-companion doctor`/`devices` and the app: ffmpeg, capture devices, keychain, API.

import type { CaptureDevices } from '../../shared/captureDevices';
import type { DoctorReport } from '../../shared/ipcContract';
import { fail, ok, type Result } from '../../shared/result';
import { isAppError, messageFor, type MessageSurface } from '../appError';
import { listCaptureDevices } from '../capture/listCaptureDevices';
import { assertCanBroadcast } from '../ffmpeg/probeFfmpeg';
import { desktopPlatform, type Services } from '../services';

async function attempt<T>(fn: () => Promise<T>, surface: MessageSurface): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (err) {
    if (isAppError(err)) return fail(err.code, messageFor(err, surface));
    throw err;
  }
}

/**
 * Runs every check; no check stops the others. Also used by the desktop app's Diagnostics, which passes `surface`
 * 'app' so the failures read in the window's words.
 */
export async function runDoctor(ctx: Pick<Services, 'ffmpeg' | 'tokenStore' | 'apiClient' | 'env' | 'platform'>, surface: MessageSurface = 'cli'): Promise<DoctorReport> {
  const ffmpeg = await attempt(async () => {
    const probe = await ctx.ffmpeg();
    assertCanBroadcast(probe);
    return probe;
  }, surface);
  const keychain = await attempt(async () => ({ tokenStored: (await ctx.tokenStore().status()).state === 'stored' }), surface);
  const listStreams = async () => ({ reachable: true as const, streams: (await (await ctx.apiClient()).listStreams()).length });
  const api = keychain.ok && keychain.value.tokenStored ? await attempt(listStreams, surface) : null;
  const devices = await findCaptureDevices(ctx);
  return { ffmpeg, keychain, api, devices };
}

/** Lists devices with the ffmpeg the app would use; without a usable ffmpeg the OS tools still answer. */
export async function findCaptureDevices(ctx: Pick<Services, 'ffmpeg' | 'env' | 'platform'>): Promise<CaptureDevices> {
  let ffmpegPath: string | null = null;
  let ffmpegProblem: string | null = null;
  try {
    ffmpegPath = (await ctx.ffmpeg()).path;
  } catch (err) {
    if (!isAppError(err)) throw err;
    ffmpegProblem = err.message;
  }
  const devices = await listCaptureDevices({ platform: desktopPlatform(ctx.platform), ffmpegPath, env: ctx.env });
  if (ffmpegProblem) devices.notes.unshift(`ffmpeg: ${ffmpegProblem}`);
  return devices;
}
