// Viewer impact per fault: each scenario runs against the Gcore ingest model (libsrt listeners behind packet-reading
// fronts that apply the platform's connection and switching rules), three strategies side by side in one run: a plain
// ffmpeg to the primary that reconnects 2 s after it exits (what OBS does), the engine in failover mode and in
// redundant mode. Every SRT-level event is real; the platform's long waits (60 s stable, 15 s gaps) are computed by
// the model from what the ingests received.

import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { BroadcastMode } from '../../src/shared/broadcastTypes';
import type { FfmpegProbe } from '../../src/shared/ffmpegCapabilities';
import { GcoreIngest } from '../../test/support/gcoreIngest/gcoreIngest';
import type { ViewerReport } from '../../src/main/ingestModel/ingestModelTypes';
import { Cleanup, log, makeRepDir, sleep, srtUrl, startEngine, startPlainPush, until, type PlainPush } from './rig';
import { tsVideoFrames } from './tsVideoFrames';

/** SRT latency of every strategy in these scenarios (the issue's): a glitch shorter than this costs no picture. */
export const VIEWER_LATENCY_MS = 2000;
/** OBS's default reconnect delay. */
const PLAIN_RECONNECT_DELAY_MS = 2000;
/** After the first picture, push this long before the fault (the GOP cache and RTT settle). */
const STEADY_BEFORE_FAULT_MS = 3000;
/** The report looks this far past the end, assuming the last state continues (the platform's 60 s switch-back + gap). */
const REPORT_HORIZON_MS = 80_000;

export type StrategyName = 'plain' | 'failover' | 'redundant';
export const STRATEGIES: readonly StrategyName[] = ['plain', 'failover', 'redundant'];

export interface Scenario {
  name: string;
  /** What happens, in words, for the README table. */
  label: string;
  /** Applied before the strategy starts (a refused key). */
  prepare?(ingest: GcoreIngest): void;
  /** The fault; resolves when the network is whole again. */
  inject(ingest: GcoreIngest): Promise<void>;
  /** How long the strategy keeps pushing after the fault. */
  afterMs: number;
  /** False when no picture can ever come (the key is refused). */
  expectsPicture: boolean;
}

function glitch(seconds: number): Scenario {
  return {
    name: `glitch-${seconds}s`,
    label: `primary path blackholed ${seconds} s`,
    inject: async (ingest) => {
      ingest.primary.blackhole(seconds * 1000);
      await sleep(seconds * 1000);
    },
    afterMs: 10_000,
    expectsPicture: true,
  };
}

export const SCENARIOS: readonly Scenario[] = [
  glitch(0.5),
  glitch(1.5),
  glitch(2.5),
  {
    name: 'primary-dead-90s',
    label: 'primary path dead 90 s, then back',
    inject: async (ingest) => {
      ingest.primary.blackhole(90_000);
      await sleep(90_000);
    },
    afterMs: 15_000,
    expectsPicture: true,
  },
  {
    name: 'loss-15pct-60s',
    label: '15 % loss on the primary path for 60 s',
    inject: async (ingest) => {
      ingest.primary.lossBurst({ durationMs: 60_000, lossRate: 0.15 });
      await sleep(60_000);
    },
    afterMs: 5_000,
    expectsPicture: true,
  },
  {
    name: 'primary-restarted',
    label: 'primary ingest restarted (down 2 s, its sessions lost)',
    inject: async (ingest) => {
      ingest.primary.outage(true);
      await sleep(2000);
      ingest.primary.outage(false);
    },
    afterMs: 15_000,
    expectsPicture: true,
  },
  {
    name: 'both-down-40s',
    label: 'both ingest paths dead 40 s',
    inject: async (ingest) => {
      ingest.primary.blackhole(40_000);
      ingest.backup.blackhole(40_000);
      await sleep(40_000);
    },
    afterMs: 15_000,
    expectsPicture: true,
  },
  {
    name: 'key-refused',
    label: 'both ingests refuse the key',
    prepare: (ingest) => {
      ingest.primary.refuseKey();
      ingest.backup.refuseKey();
    },
    inject: () => Promise.resolve(),
    afterMs: 20_000,
    expectsPicture: false,
  },
];

/** One strategy in one scenario. Times in seconds, relative to the fault's start unless said otherwise. */
export interface ViewerCell {
  scenario: string;
  strategy: StrategyName;
  /** What viewers lose after their first picture (the model's no-picture total). */
  noPictureS: number;
  /** Platform switches between primary and backup. */
  switches: number;
  /** Transcode restarts on the watched ingest (a new connection there). */
  restarts: number;
  /** SRT bytes that reached the ingests beyond the stream itself (hedges, overlaps, GOP bursts, retransmissions). */
  extraUploadMB: number;
  /** Fault → the backup's first keyframe fully received (null: the backup got nothing new; 0: it was already live). */
  keyframeAtBackupS: number | null;
  /** The backup's first frame after the fault is a keyframe (viewers switched there get a clean picture at once). */
  backupStartsOnKeyframe: boolean | null;
  /** Network back → an ingest receives data again (null when the scenario has no such moment or nothing came). */
  backOnAirS: number | null;
  /** Connections the primary URL admitted during the whole cell. */
  primarySessions: number;
  /** How the strategy ended (e.g. reason `refused`, 11.6 s after the fault; `stopped` at the end of the run), or null. */
  ended: { reason: string; afterS: number } | null;
  /** The engine's events after the fault, `t kind[:role]`. */
  events: string[];
}

interface StrategyRun {
  producedBytes(): number;
  events(): Array<{ atMs: number; kind: string; role?: string }>;
  ended(): { atMs: number; reason: string } | null;
  stop(): Promise<void>;
}

/** A plain ffmpeg to the primary that starts again 2 s after it exits, as OBS does. */
function startPlainLoop(probe: FfmpegProbe, port: number): StrategyRun {
  let stopped = false;
  let current: PlainPush | null = null;
  let doneBytes = 0;
  const events: Array<{ atMs: number; kind: string }> = [];
  const bytesOf = (p: PlainPush): number => p.progress.at(-1)?.value ?? 0;
  const loop = (async () => {
    while (!stopped) {
      current = startPlainPush(probe, port, { latencyMs: VIEWER_LATENCY_MS, streamName: 'primary' });
      const exit = await current.exited;
      doneBytes += bytesOf(current);
      current = null;
      events.push({ atMs: exit.atMs, kind: 'exit' });
      if (!stopped) await sleep(PLAIN_RECONNECT_DELAY_MS);
    }
  })();
  return {
    producedBytes: () => doneBytes + (current ? bytesOf(current) : 0),
    events: () => events,
    ended: () => null,
    stop: async () => {
      stopped = true;
      await current?.stop();
      await loop;
    },
  };
}

async function startEngineStrategy(probe: FfmpegProbe, dir: string, ingest: GcoreIngest, mode: BroadcastMode): Promise<StrategyRun> {
  const engine = await startEngine(probe, dir, srtUrl(ingest.primary.port, 'primary'), srtUrl(ingest.backup.port, 'backup'), undefined, {
    latencyMs: VIEWER_LATENCY_MS,
    mode,
  });
  let ended: { atMs: number; reason: string } | null = null;
  void engine.broadcast.ended.then((end) => {
    ended = { atMs: performance.now(), reason: end.reason };
  });
  return {
    producedBytes: () => engine.encoderTimeline.at(-1)?.value ?? 0,
    events: () => engine.events.filter((e) => e.kind !== 'state'),
    ended: () => ended,
    stop: () => engine.broadcast.stop(),
  };
}

/** SRT data packets carry 1316 payload bytes under a 16-byte header. */
const SRT_DATA_OVERHEAD = 16 / 1316;

/**
 * Records the backup's data packets from the fault on, of the first connection only, to find when its first keyframe
 * had fully arrived (at the ingest's front: before the receiver's latency buffer, which would add 2 s).
 */
class FirstSessionArrivals {
  private socketId: number | null = null;
  private readonly packets = new Map<number, { atMs: number; payload: Buffer }>();

  add(packet: Buffer, atMs: number): void {
    if (packet.length <= 16) return;
    const socketId = packet.readUInt32BE(12);
    this.socketId ??= socketId;
    if (socketId !== this.socketId) return;
    const seq = packet.readUInt32BE(0) & 0x7fffffff;
    if (!this.packets.has(seq)) this.packets.set(seq, { atMs, payload: Buffer.from(packet.subarray(16)) });
  }

  /** When the first keyframe was complete, and whether it is the connection's first frame (it decodes from there). */
  firstKeyframe(): { atMs: number; isFirstFrame: boolean } | null {
    const ordered = [...this.packets.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p);
    const ends: number[] = [];
    let total = 0;
    for (const p of ordered) ends.push((total += p.payload.length));
    const frames = tsVideoFrames(Buffer.concat(ordered.map((p) => p.payload)));
    const index = frames.findIndex((f) => f.key);
    if (index < 0) return null;
    const last = ends.findIndex((end) => end >= frames[index]!.endOffset);
    if (last < 0) return null;
    const atMs = Math.max(...ordered.slice(0, last + 1).map((p) => p.atMs));
    return { atMs, isFirstFrame: index === 0 };
  }
}

function backOnAirMs(report: ViewerReport, restoredAtMs: number): number | null {
  const starts = report.sessions.flatMap((s) => s.data.map((d) => d.fromMs)).filter((t) => t >= restoredAtMs);
  return starts.length > 0 ? Math.min(...starts) - restoredAtMs : null;
}

const round1 = (ms: number): number => Math.round(ms / 100) / 10;

/** Runs one strategy through one scenario against its own Gcore ingest model. */
export async function runViewerCell(probe: FfmpegProbe, scenario: Scenario, strategy: StrategyName): Promise<ViewerCell> {
  const cleanup = new Cleanup();
  try {
    const dir = await makeRepDir();
    cleanup.add(() => rm(dir, { recursive: true, force: true }));
    const ingest = await GcoreIngest.start({ listener: { latencyMs: VIEWER_LATENCY_MS } });
    cleanup.add(() => ingest.close());
    scenario.prepare?.(ingest);
    const run = strategy === 'plain' ? startPlainLoop(probe, ingest.primary.port) : await startEngineStrategy(probe, dir, ingest, strategy);
    cleanup.add(() => run.stop());

    if (scenario.expectsPicture) {
      await until(() => ingest.report().totals.firstPictureAtMs !== null, 30_000, `the first picture (${scenario.name}, ${strategy})`);
      await sleep(STEADY_BEFORE_FAULT_MS);
    }
    const backupWasLive = ingest.liveState().backup_live;
    const arrivals = new FirstSessionArrivals();
    ingest.backup.onDataPacket = (packet, atMs) => arrivals.add(packet, atMs);
    const faultAtMs = performance.now();
    await scenario.inject(ingest);
    const restoredAtMs = performance.now();
    const deadline = restoredAtMs + scenario.afterMs;
    while (performance.now() < deadline && run.ended() === null) await sleep(50);
    const endAtMs = performance.now();

    const report = ingest.report(endAtMs + REPORT_HORIZON_MS);
    if (process.env.BENCH_DEBUG) {
      const rel = (t: number | null): number | null => (t === null ? null : Math.round(t - faultAtMs));
      log(`${scenario.name}/${strategy} viewer events: ${JSON.stringify(report.events.map((e) => ({ ...e, atMs: rel(e.atMs) })))}`);
      log(`  no picture: ${JSON.stringify(report.noPicture.map((n) => [rel(n.fromMs), rel(n.toMs), n.reason]))}`);
      log(`  sessions: ${JSON.stringify(report.sessions.map((x) => [x.role, rel(x.admittedAtMs), rel(x.endedAtMs), x.endReason, x.data.map((d) => [rel(d.fromMs), rel(d.toMs)])]))}`);
    }
    const wireBytes = ingest.primary.stats().dataBytes + ingest.backup.stats().dataBytes;
    const produced = run.producedBytes() * (1 + SRT_DATA_OVERHEAD);
    await run.stop();
    const key = arrivals.firstKeyframe();
    const end = run.ended();
    const cell: ViewerCell = {
      scenario: scenario.name,
      strategy,
      noPictureS: round1(scenario.expectsPicture ? report.totals.noPictureMs : endAtMs - report.fromMs),
      switches: report.totals.switches,
      restarts: report.totals.restarts,
      extraUploadMB: Math.round(Math.max(0, wireBytes - produced) / 1e4) / 100,
      keyframeAtBackupS: backupWasLive ? 0 : key === null ? null : Math.round(key.atMs - faultAtMs) / 1000,
      backupStartsOnKeyframe: backupWasLive || key === null ? null : key.isFirstFrame,
      backOnAirS: scenario.name.startsWith('both-down') ? ((ms) => (ms === null ? null : round1(ms)))(backOnAirMs(report, restoredAtMs)) : null,
      primarySessions: report.sessions.filter((s) => s.role === 'primary').length,
      ended: end ? { reason: end.reason, afterS: Math.round((end.atMs - faultAtMs) / 100) / 10 } : null,
      events: run.events().filter((e) => e.atMs >= faultAtMs).map((e) => `${((e.atMs - faultAtMs) / 1000).toFixed(1)} ${e.kind}${e.role ? `:${e.role}` : ''}`),
    };
    log(`viewer impact ${scenario.name} / ${strategy}: no picture ${cell.noPictureS} s, switches ${cell.switches}, extra ${cell.extraUploadMB} MB, backup keyframe ${cell.keyframeAtBackupS ?? '–'} s, primary sessions ${cell.primarySessions}${cell.ended ? `, ended: ${cell.ended.reason} after ${cell.ended.afterS} s` : ''}`);
    return cell;
  } finally {
    await cleanup.run();
  }
}

/** Every scenario, the three strategies of each at the same time (each against its own model). */
export async function runViewerImpact(probe: FfmpegProbe, scenarios: readonly Scenario[] = SCENARIOS): Promise<ViewerCell[]> {
  const cells: ViewerCell[] = [];
  for (const [i, scenario] of scenarios.entries()) {
    log(`viewer impact ${i + 1}/${scenarios.length}: ${scenario.label}`);
    cells.push(...(await Promise.all(STRATEGIES.map((s) => runViewerCell(probe, scenario, s)))));
  }
  return cells;
}
