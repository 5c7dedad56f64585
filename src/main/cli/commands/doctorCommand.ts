// `srt-companion doctor`: can this machine broadcast? ffmpeg (SRT, HEVC, capture), capture devices, the keychain and the API.

import { parseArgs } from 'node:util';
import type { DoctorReport } from '../../../shared/ipcContract';
import { runDoctor } from '../../diagnostics/runDoctor';
import type { CliContext } from '../cliContext';
import { printJson, printLine } from '../cliIo';
import { exitCodeFor } from '../exitCodes';
import { usageError } from '../usage';
import { formatCaptureDevices } from './devicesCommand';

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
