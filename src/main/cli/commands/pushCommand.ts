// `srt-companion push`: the broadcast engine headless — JSON lines or a live status line, clean stop on signals.

import { join } from 'node:path';
import type { BroadcastEvent, StatsSnapshot } from '../../../shared/broadcastTypes';
import { AppError } from '../../appError';
import { DEFAULT_REHEARSAL_OUTAGE_MS, startBroadcast, tuningFromSettings } from '../../broadcast/broadcastController';
import { X265_PRESETS, type X265Preset } from '../../ffmpeg/args/encodeSettings';
import type { EndReason } from '../../broadcast/broadcastSession';
import { desktopPlatform, type CliContext } from '../cliContext';
import { printLine } from '../cliIo';
import { EXIT } from '../exitCodes';
import { parsePushOptions, PUSH_HELP } from './pushOptions';

/** The event kinds the CLI's JSON lines promise (README); internal notes such as retries stay out of them. */
const JSON_EVENT_KINDS = new Set(['connected', 'failover', 'failback', 'down', 'error', 'stopped', 'encoder-fallback']);

export function statusLine(s: StatsSnapshot): string {
  const up = s.uplinks
    .map((u) => `${u.role} ${u.state}${u.state === 'live' ? ` ${u.sendKbps} kbps rtt ${u.rttMs ?? '-'} ms loss ${u.lostPkts}` : ''}`)
    .join(' | ');
  return `enc ${s.encoder.fps.toFixed(0)} fps ${s.encoder.kbps} kbps ${s.encoder.speed.toFixed(2)}x drop ${s.encoder.dropped} | active ${s.active ?? 'none'} | ${up}`;
}

/** SRT_COMPANION_X265_PRESET picks libx265's speed preset (e.g. ultrafast on a weak CPU); unknown names are refused. */
function x265PresetFrom(raw: string | undefined): { x265Preset?: X265Preset } {
  if (!raw) return {};
  if (!(X265_PRESETS as readonly string[]).includes(raw)) {
    throw new AppError('config', 'bad_x265_preset', `SRT_COMPANION_X265_PRESET must be one of ${X265_PRESETS.join(', ')}, not "${raw}".`);
  }
  return { x265Preset: raw as X265Preset };
}

/**
 * Local rehearsal: a primary outage on demand, by pressing `o` at a terminal or sending SIGUSR1 (POSIX), so a
 * newcomer can watch the failover, the reconnection and the failback from the command line.
 */
function listenForOutageRequests(ctx: CliContext, simulate: () => void, say: (text: string) => void): () => void {
  const outage = (): void => {
    say(`Simulating a primary outage: its network path goes dark for ${DEFAULT_REHEARSAL_OUTAGE_MS / 1000} s.`);
    simulate();
  };
  const { stdin } = ctx.io;
  const onKey = (chunk: Buffer): void => {
    const key = chunk.toString('utf8');
    if (key === 'o' || key === 'O') outage();
    else if (key === '\u0003') process.kill(process.pid, 'SIGINT'); // raw mode swallows Ctrl-C
  };
  const interactive = Boolean(stdin.isTTY && stdin.setRawMode);
  if (interactive) {
    stdin.setRawMode?.(true);
    stdin.on('data', onKey);
    stdin.resume();
    say('Press o to simulate a primary outage, Ctrl-C to stop.');
  }
  if (ctx.io.platform !== 'win32') process.on('SIGUSR1', outage);
  return () => {
    if (interactive) {
      stdin.off('data', onKey);
      stdin.setRawMode?.(false);
      stdin.pause();
    }
    process.off('SIGUSR1', outage);
  };
}

export async function pushCommand(ctx: CliContext, args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    printLine(ctx.io, PUSH_HELP);
    return EXIT.ok;
  }
  const options = parsePushOptions(args);
  const { io } = ctx;
  const probe = await ctx.ffmpeg();
  const client = options.config.target.kind === 'stream' ? await ctx.apiClient() : null;
  const handle = await startBroadcast(options.config, {
    probe,
    platform: desktopPlatform(io.platform),
    recordDir: join(ctx.configDir, 'recordings'),
    tuning: tuningFromSettings((await ctx.settings()).engine),
    ...(client ? { getStream: (id: number) => client.getStream(id) } : {}),
    ...x265PresetFrom(io.env.SRT_COMPANION_X265_PRESET),
  });
  const { session } = handle;
  const tty = Boolean((io.stdout as { isTTY?: boolean }).isTTY);
  let lastPlainAt = 0;

  const say = (text: string) => (options.json ? io.stderr.write(`${text}\n`) : printLine(io, text));
  say(`Pushing ${handle.encoder} to ${handle.targets.primary.label}${handle.targets.backup ? ` (backup ${handle.targets.backup.label})` : ''}, mode ${options.config.mode}.`);
  for (const notice of handle.notices) say(`Note: ${notice}`);
  if (handle.local) say(`Local rehearsal: recordings in ${join(ctx.configDir, 'recordings')}.`);

  session.on('stats', (s) => {
    if (options.json) io.stdout.write(`${JSON.stringify(s)}\n`);
    else if (tty) io.stdout.write(`\r\u001b[2K${statusLine(s)}`);
    else if (s.t * 1000 - lastPlainAt >= 5000) {
      lastPlainAt = s.t * 1000;
      printLine(io, statusLine(s));
    }
  });
  session.on('event', (e: BroadcastEvent) => {
    if (options.json) {
      if (JSON_EVENT_KINDS.has(e.kind)) io.stdout.write(`${JSON.stringify(e)}\n`);
    } else {
      printLine(io, `${tty ? '\r\u001b[2K' : ''}[${new Date(e.t * 1000).toLocaleTimeString()}] ${e.kind}${e.role ? ` ${e.role}` : ''}: ${e.detail}`);
    }
  });

  const stop = () => void handle.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const stopOutageTrigger = handle.local ? listenForOutageRequests(ctx, () => handle.simulateOutage('primary'), say) : () => undefined;
  const timer = options.durationS !== null ? setTimeout(stop, options.durationS * 1000) : null;
  let reason: EndReason;
  try {
    reason = await session.ended;
    await handle.stop();
  } finally {
    if (timer) clearTimeout(timer);
    stopOutageTrigger();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  if (tty && !options.json) io.stdout.write('\n');
  if (reason === 'unreachable') {
    const why = Object.entries(session.lastFailures()).map(([role, detail]) => `${role}: ${detail}`).join('; ');
    io.stderr.write(`srt-companion: no ingest could be reached for the whole retry budget${why ? ` (last: ${why})` : ''}; check the network and the stream in the Gcore portal.\n`);
    return EXIT.unreachable;
  }
  if (reason === 'encoder-failed') {
    io.stderr.write(`srt-companion: the encoder stopped; last log lines:\n${session.logs().slice(-5).join('\n')}\n`);
    return EXIT.ffmpeg;
  }
  return EXIT.ok;
}
