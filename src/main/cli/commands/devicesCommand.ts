// `srt-companion devices`: the cameras, screens and audio inputs this machine can capture, with the value to pass to
// `push --input/--audio` for each, and plain notes on what does not work here (Wayland, missing tools, permissions).

import { parseArgs } from 'node:util';
import type { CameraDevice, CaptureDevices, ScreenDevice } from '../../../shared/captureDevices';
import { findCaptureDevices } from '../../diagnostics/runDoctor';
import type { CliContext } from '../cliContext';
import { printJson, printLines } from '../cliIo';
import { EXIT } from '../exitCodes';
import { usageError } from '../usage';

function cameraLine(c: CameraDevice): string {
  const top = c.modes?.[0];
  const modes = c.modes ? ` — ${c.modes.length} mode(s), largest ${top ? `${top.width}x${top.height}${top.fps[0] ? `@${top.fps[0]}` : ''} ${top.format}` : ''}` : '';
  return `camera  ${c.name}${modes}\n        --input 'camera:${c.id}'`;
}

function screenLine(s: ScreenDevice, platform: CaptureDevices['platform']): string {
  const r = s.capture.region;
  // `desktop:1` means X display :1 on Linux (see encodeSettingsFrom); elsewhere the display is a screen name.
  const display = platform === 'linux' ? s.capture.display?.replace(/^:/, '') : s.capture.display;
  const input = `desktop${display ? `:${display}` : ''}`;
  const region = r ? ` --region ${r.width}x${r.height}${r.x >= 0 ? '+' : ''}${r.x}${r.y >= 0 ? '+' : ''}${r.y}` : '';
  return `screen  ${s.name}\n        --input '${input}'${region}`;
}

/** Human-readable lines for a device list (doctor and `devices` print the same). */
export function formatCaptureDevices(d: CaptureDevices): string[] {
  const lines: string[] = [];
  for (const c of d.cameras) lines.push(cameraLine(c));
  for (const s of d.screens) lines.push(screenLine(s, d.platform));
  for (const m of d.microphones) lines.push(`audio   ${m.name}${m.monitor ? ' (monitor of an output)' : ''}\n        --audio '${m.id}'`);
  if (d.cameras.length + d.screens.length + d.microphones.length === 0) lines.push('no capture device found (the test pattern and tone always work)');
  for (const note of d.notes) lines.push(`note: ${note}`);
  return lines;
}

export async function devicesCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (positionals.length > 0) throw usageError(`Unexpected argument "${positionals[0]}".`);
  const devices = await findCaptureDevices(ctx);
  if (values.json) printJson(ctx.io, devices);
  else for (const entry of formatCaptureDevices(devices)) printLines(ctx.io, entry);
  return EXIT.ok;
}
