// `srt-companion doctor`: can this machine broadcast? ffmpeg (SRT, HEVC, capture), capture devices, the keychain and the API.

import { parseArgs } from 'node:util';
import { isAppError } from '../../appError';
import { assertCanBroadcast } from '../../ffmpeg/probeFfmpeg';
import { fail, ok, type Result } from '../../../shared/result';
import type { DoctorReport } from '../../../shared/ipcContract';
import type { CliContext } from '../cliContext';
import { printJson, printLine } from '../cliIo';
import { exitCodeFor } from '../exitCodes';
import { usageError } from '../usage';
import { findCaptureDevices, formatCaptureDevices } from './devicesCommand';

async function attempt<T>(fn: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (err) {
    if (isAppError(err)) return fail(err.code, err.message);
    throw err;
  }
}

/** Runs every check; no check stops the others. Also used by the desktop app's Diagnostics. */
export async function runDoctor(ctx: Pick<CliContext, 'ffmpeg' | 'tokenStore' | 'apiClient' | 'env' | 'platform'>): Promise<DoctorReport> {
  const ffmpeg = await attempt(async () => {
    const probe = await ctx.ffmpeg();
    assertCanBroadcast(probe);
    return probe;
  });
  const keychain = await attempt(async () => ({ tokenStored: (await ctx.tokenStore().status()).state === 'stored' }));
  const api = keychain.ok && keychain.value.tokenStored ? await attempt(async () => ({ reachable: true as const, streams: (await (await ctx.apiClient()).listStreams()).length })) : null;
  const devices = await findCaptureDevices(ctx);
  return { ffmpeg, keychain, api, devices };
}

export async function doctorCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (positionals.length > 0) throw usageError(`Unexpected argument "${positionals[0]}".`);
  const report = await runDoctor(ctx);
  if (values.json) printJson(ctx.io, report);
  else printReport(ctx, report);
  if (!report.ffmpeg.ok) return exitCodeFor('ffmpeg');
  if (!report.keychain.ok) return exitCodeFor('config');
  if (report.api && !report.api.ok) return exitCodeFor('api');
  return 0;
}

function printReport(ctx: CliContext, report: DoctorReport): void {
  const line = (text = '') => printLine(ctx.io, text);
  const mark = (good: boolean) => (good ? 'ok  ' : 'FAIL');
  if (report.ffmpeg.ok) {
    const p = report.ffmpeg.value;
    line(`${mark(true)} ffmpeg ${p.version} at ${p.path} (${p.source ?? 'given path'})`);
    line(`     SRT output: ${p.srtOutput ? 'yes' : 'no'}; AAC: ${p.aacEncoder ? 'yes' : 'no'}; capture: ${p.captureBackends.join(', ') || 'none'}`);
    for (const e of p.hevcEncoders) line(`     ${e.works ? 'works  ' : 'unusable'} ${e.name}${e.hardware ? ' (hardware)' : ''}${e.works ? '' : `: ${e.reason ?? 'test encode failed'}`}`);
  } else {
    line(`${mark(false)} ffmpeg: ${report.ffmpeg.message}`);
  }
  if (report.keychain.ok) line(`${mark(true)} OS keychain answers; API token ${report.keychain.value.tokenStored ? 'stored' : 'not stored (run `srt-companion token set`)'}`);
  else line(`${mark(false)} OS keychain: ${report.keychain.message}`);
  if (report.api) {
    if (report.api.ok) line(`${mark(true)} Gcore API reachable; ${report.api.value.streams} live stream(s)`);
    else line(`${mark(false)} Gcore API: ${report.api.message}`);
  }
  if (report.devices) {
    const d = report.devices;
    // Informational: a machine without a camera can still broadcast its screen or the test pattern.
    line(`info capture devices: ${d.cameras.length} camera(s), ${d.screens.length} screen(s), ${d.microphones.length} audio input(s)`);
    for (const text of formatCaptureDevices(d)) for (const l of text.split('\n')) line(`     ${l}`);
  }
}
