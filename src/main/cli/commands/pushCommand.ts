// `srt-companion push`: the broadcast engine headless — JSON lines or a live status line, clean stop on signals.

import type { BroadcastEvent, StatsSnapshot } from '../../../shared/broadcastTypes';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Broadcast } from '../../broadcast/broadcast';
import type { BroadcastEnd } from '../../broadcast/broadcastOptions';
import { describeFault } from '../../../shared/rehearsalTypes';
import { describeFileSummary } from '../../../shared/fileSourceTypes';
import { SessionRecorder } from '../../broadcast/sessionRecorder';
import { buildSessionReport } from '../../broadcast/sessionReport';
import { encoderLoadHint } from '../../broadcast/encoderAdvice';
import { broadcastDeps } from '../../broadcastDeps';
import { chooseEncoder } from '../../ffmpeg/chooseEncoder';
import type { CliContext } from '../cliContext';
import { printErrorLine, printJsonLine, printLine, printLines } from '../cliIo';
import { checkReportPath, writeReportFile } from '../reportFile';
import { terminalSafe } from '../terminalText';
import { EXIT } from '../exitCodes';
import { KEY_ON_COMMAND_LINE_WARNING, parsePushOptions, PUSH_HELP } from './pushOptions';
import { resolvePushTarget } from './pushUrlSources';
import { startRehearsalControls, viewerStoryText } from './rehearsalControls';
import { sessionSummaryText } from './sessionSummary';

/** The human status line: the broadcast's state, the encoder, each uplink, and the warnings in a few words. */
export function statusLine(s: StatsSnapshot): string {
  const up = s.uplinks
    .map((u) => `${u.role} ${u.state}${u.state === 'live' ? ` ${u.sendKbps} kbps rtt ${u.rttMs ?? '-'} ms loss ${u.lostPkts}` : ''}`)
    .join(' | ');
  const warn = s.warnings.length > 0 ? ` | ! ${s.warnings.map((w) => w.code + (w.role ? ` ${w.role}` : '')).join(', ')}` : '';
  const onAir = s.onAir ? `ON AIR ${s.active ?? ''}`.trim() : `NOT ON AIR${s.onAirReason ? ` (${s.onAirReason})` : ''}`;
  return `${onAir} | enc ${s.encoder.fps.toFixed(0)} fps ${s.encoder.kbps} kbps ${s.encoder.speed.toFixed(2)}x drop ${s.encoder.dropped} | ${up}${warn}`;
}

/** How the fixes of the slow-encoder warning are spelled on this command line. */
export const SLOW_ENCODER_CLI_FIX = '  (here: --size WxH for the size, SRT_COMPANION_X265_PRESET=ultrafast for the preset, --encoder NAME for a hardware encoder that `srt-companion doctor` lists as working)';

/** --enable: switches an inactive Gcore stream on (`{stream:{active:true}}`); an active one is left alone. */
async function enableStream(ctx: CliContext, id: number, say: (text: string) => void): Promise<void> {
  const client = await ctx.apiClient();
  const stream = await client.getStream(id);
  if (stream.active === true) return;
  await client.setActive(id, true);
  say(`Stream ${id} "${stream.name}" was inactive; enabled it.`);
}

/** The encoder a push will use, for the start hint; the requested name when the probe offers none (the start then says why). */
function expectedEncoder(requested: string, probe: Parameters<typeof chooseEncoder>[1]): string {
  try {
    return chooseEncoder(requested, probe).encoder;
  } catch {
    return requested;
  }
}

export async function pushCommand(ctx: CliContext, args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    printLines(ctx.io, PUSH_HELP);
    return EXIT.ok;
  }
  const options = parsePushOptions(args);
  const { io } = ctx;
  // URLs from --primary-file/--backup-file/--urls-from-stdin are read first: a bad file ends here (exit 3).
  const config = { ...options.config, target: await resolvePushTarget(options.config.target, io) };
  if (options.reportPath !== null) await checkReportPath(options.reportPath);
  const deps = await broadcastDeps(ctx, config);
  const tty = Boolean((io.stdout as { isTTY?: boolean }).isTTY);
  let lastPlainAt = 0;
  // A message starts on a line of its own: at a terminal the status line is cleared first, never glued to it.
  const say = (text: string): void => {
    if (options.json) return printErrorLine(io, text);
    if (tty) io.stdout.write('\r\u001b[2K');
    printLine(io, text);
  };
  // After the local checks and the ffmpeg probe (broadcastDeps), so a push that cannot start changes nothing remote.
  if (options.enable && config.target.kind === 'stream') await enableStream(ctx, config.target.gcoreStreamId, say);
  const broadcast = new Broadcast(config, deps);
  const session = new SessionRecorder();
  broadcast.on('stats', (s) => session.addStats(s));
  broadcast.on('event', (e) => session.addEvent(e));
  // A file's encoding load is known only once it is checked at the start (its HEVC may go out as it is).
  const startHint = config.input.kind === 'file' ? null : encoderLoadHint({ cpuCount: availableParallelism(), width: config.width, height: config.height, encoder: expectedEncoder(config.encoder, deps.probe) });
  if (startHint !== null) say(`! ${startHint}`);
  let slowSaid = false;

  broadcast.on('stats', (s) => {
    const slow = s.warnings.find((w) => w.code === 'encoder-slow');
    // Said once, on its own line (the status line keeps showing the code): the fix does not change second by second.
    if (slow && !slowSaid && !options.json) {
      slowSaid = true;
      say(`! ${slow.message}`);
      say(SLOW_ENCODER_CLI_FIX);
    }
    if (options.json) printJsonLine(io, s);
    else if (tty) io.stdout.write(`\r\u001b[2K${terminalSafe(statusLine(s))}`);
    else if (s.t * 1000 - lastPlainAt >= 5000) {
      lastPlainAt = s.t * 1000;
      printLine(io, statusLine(s));
    }
  });
  broadcast.on('event', (e: BroadcastEvent) => {
    if (options.json) printJsonLine(io, e);
    else if (e.kind !== 'state' || e.state === 'notOnAir' || e.state === 'live') {
      if (tty) io.stdout.write('\r\u001b[2K'); // clears the status line; the event line itself is made safe by printLine
      printLine(io, `[${new Date(e.t * 1000).toLocaleTimeString()}] ${e.kind === 'state' ? (e.state === 'live' ? 'ON AIR' : 'NOT ON AIR') : e.kind}${e.role ? ` ${e.role}` : ''}: ${e.detail}`);
    }
  });

  const stop = () => void broadcast.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let stopRehearsalControls = (): void => undefined;
  let timer: NodeJS.Timeout | null = null;
  let end: BroadcastEnd;
  try {
    // Every setting is checked before anything starts: a bad one rejects here (exit 3) with nothing left running.
    await broadcast.start();
    // After the checks, so a refused URL still ends in one sentence; the key has been in our argv since the start.
    if (options.keyOnCommandLine) io.stderr.write(`${KEY_ON_COMMAND_LINE_WARNING}\n`);
    const targets = broadcast.targets!;
    const file = broadcast.sourceFile;
    if (file) say(`File ${file.summary.path}: ${describeFileSummary(file.summary)}; ${config.input.kind === 'file' && config.input.loop ? 'looped until stopped' : 'played once, the broadcast ends with it'}.`);
    say(`Pushing ${file?.playback.copyVideo ? 'the file as it is (stream copy)' : broadcast.encoderName} to ${targets.primary.label}${targets.backup ? ` (backup ${targets.backup.label})` : ''}, mode ${config.mode}.`);
    if (broadcast.isRehearsal) {
      say(`Local rehearsal: recordings in ${join(ctx.configDir, 'recordings')}.`);
      stopRehearsalControls = startRehearsalControls(ctx, options.faults, (fault) => {
        if (broadcast.simulateFault(fault)) say(`Rehearsal fault: ${describeFault(fault)}.`);
      }, say);
    }
    if (options.durationS !== null) timer = setTimeout(stop, options.durationS * 1000);
    end = await broadcast.ended;
  } finally {
    if (timer) clearTimeout(timer);
    stopRehearsalControls();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  if (tty && !options.json) io.stdout.write('\n');
  const report = buildSessionReport({
    config, startedAtMs: broadcast.startedAtMs ?? Date.now(), nowMs: Date.now(), state: broadcast.state, reason: broadcast.reason,
    seconds: session.seconds(), events: session.events(), eventsDropped: session.eventsDropped,
    viewerStory: broadcast.viewerStory(), recordings: broadcast.recordings(), targetKbps: broadcast.targetKbps,
  });
  if (options.json) printJsonLine(io, report);
  else printLines(io, sessionSummaryText(report));
  if (options.reportPath !== null) {
    try {
      await writeReportFile(options.reportPath, `${JSON.stringify(report, null, 2)}\n`);
      say(`Session report written to ${options.reportPath}.`);
    } catch (err) {
      printErrorLine(io, `srt-companion: the session report could not be written to ${options.reportPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const story = broadcast.viewerStory();
  if (story) {
    if (options.json) printJsonLine(io, { type: 'viewer-report', ...story });
    else printLines(io, viewerStoryText(story));
  }
  if (end.reason === 'unreachable') {
    const why = Object.entries(broadcast.lastFailures()).map(([role, detail]) => `${role}: ${detail}`).join('; ');
    printErrorLine(io, `srt-companion: no ingest could be reached for the whole retry budget${why ? ` (last: ${why})` : ''}; check the network and the stream in the Gcore portal.`);
    return EXIT.unreachable;
  }
  if (end.reason === 'refused') {
    printErrorLine(io, `srt-companion: ${end.detail ?? 'every ingest refused the stream'}.`);
    return EXIT.refused;
  }
  if (end.reason === 'encoder-failed') {
    printErrorLine(io, `srt-companion: ${end.detail ?? 'the encoder stopped'}; last log lines:`);
    for (const line of broadcast.logs().slice(-5)) printErrorLine(io, line);
    return EXIT.ffmpeg;
  }
  return EXIT.ok;
}
