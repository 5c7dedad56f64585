// What the monitor of what viewers get costs: the same 1280x720 push with and without it in the same run, alternated,
// as CPU seconds per second (share of one core) of every process involved, and the monitor's own share.

import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { MonitorFrame } from '../../src/shared/broadcastTypes';
import type { FfmpegProbe } from '../../src/shared/ffmpegCapabilities';
import { Broadcast } from '../../src/main/broadcast/broadcast';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import { mean, round } from './benchMath';
import { processCpuSeconds, selfCpuSeconds } from './procCpu';
import { BENCH, Cleanup, log, makeRepDir, sleep, srtUrl, startIngest, until } from './rig';

/** The size the issue measures at (the rest of BENCH is the usual push). */
const SIZE = { width: 1280, height: 720 } as const;

export interface MonitorRunResult {
  monitor: boolean;
  windowS: number;
  /** CPU seconds per wall second of every child plus this Node process (1.0 = one core busy). */
  totalCores: number;
  /** The monitor ffmpeg's own CPU seconds per wall second (0 without it). */
  monitorCores: number;
  encoderSpeed: number | null;
  thumbnails: number;
  levelReadingsPerS: number;
}

async function runOnce(probe: FfmpegProbe, monitor: boolean, windowMs: number, settleMs: number): Promise<MonitorRunResult> {
  const cleanup = new Cleanup();
  try {
    const dir = await makeRepDir();
    cleanup.add(() => rm(dir, { recursive: true, force: true }));
    const ingest = await startIngest(cleanup);
    const broadcast = new Broadcast(
      {
        target: { kind: 'urls', primary: srtUrl(ingest.port, 'monitor') }, input: { kind: 'testsrc' }, audio: { kind: 'tone' },
        ...SIZE, fps: BENCH.fps, bitrateKbps: 2500, keyintSeconds: BENCH.keyintSeconds, encoder: 'libx265', latencyMs: BENCH.latencyMs, mode: 'failover',
      },
      { probe, platform: 'linux', recordDir: dir, x265Preset: BENCH.preset, monitorOutput: monitor },
    );
    cleanup.add(() => broadcast.stop());
    const frames: Array<MonitorFrame & { seenAtMs: number }> = [];
    const speeds: number[] = [];
    broadcast.on('monitor', (f) => frames.push({ ...f, seenAtMs: performance.now() }));
    broadcast.on('stats', (s) => speeds.push(s.encoder.speed));
    await broadcast.start();
    await until(() => ingest.meter.firstDataAtMs !== null, 20_000, 'the first byte at the ingest');
    await sleep(settleMs);
    const pids = listManagedProcesses().map((p) => ({ name: p.name, pid: p.pid ?? -1 }));
    const before = pids.map((p) => processCpuSeconds(p.pid) ?? 0);
    const self0 = selfCpuSeconds();
    const startMs = performance.now();
    const speedsFrom = speeds.length;
    await sleep(windowMs);
    const windowS = (performance.now() - startMs) / 1000;
    const used = pids.map((p, i) => (processCpuSeconds(p.pid) ?? before[i]!) - before[i]!);
    const nodeS = selfCpuSeconds() - self0;
    const inWindow = frames.filter((f) => f.seenAtMs >= startMs);
    const result: MonitorRunResult = {
      monitor,
      windowS: round(windowS, 1),
      totalCores: round((used.reduce((a, b) => a + b, 0) + nodeS) / windowS, 3),
      monitorCores: round(used.filter((_, i) => pids[i]!.name === 'monitor').reduce((a, b) => a + b, 0) / windowS, 4),
      encoderSpeed: speeds.length > speedsFrom ? round(mean(speeds.slice(speedsFrom)), 2) : null,
      thumbnails: inWindow.filter((f) => f.kind === 'thumbnail').length,
      levelReadingsPerS: round(inWindow.filter((f) => f.kind === 'levels').length / windowS, 1),
    };
    log(`monitor ${monitor ? 'on ' : 'off'}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await cleanup.run();
  }
}

/** Alternates off/on (then on/off) so a drifting machine favours neither; returns every run and the summary. */
export async function runMonitorCost(probe: FfmpegProbe, reps: number, windowMs: number, settleMs: number) {
  const runs: MonitorRunResult[] = [];
  for (let i = 0; i < reps; i++) {
    log(`monitor cost ${i + 1}/${reps} (${windowMs / 1000} s CPU window each, ${SIZE.width}x${SIZE.height})`);
    for (const on of i % 2 === 0 ? [false, true] : [true, false]) runs.push(await runOnce(probe, on, windowMs, settleMs));
  }
  const off = runs.filter((r) => !r.monitor);
  const on = runs.filter((r) => r.monitor);
  const offCores = mean(off.map((r) => r.totalCores));
  const onCores = mean(on.map((r) => r.totalCores));
  return {
    size: `${SIZE.width}x${SIZE.height}@${BENCH.fps} libx265 ${BENCH.preset} 2500 kbps, keyframe every ${BENCH.keyintSeconds} s, AAC tone`,
    targetPctOfOneCore: 5,
    /** The monitor ffmpeg's own CPU, percent of one core (the direct figure). */
    monitorProcessPctOfOneCore: round(mean(on.map((r) => r.monitorCores)) * 100, 2),
    /**
     * The same per second of stream: a loaded machine encodes 1280x720 below real time, and the monitor's work follows the
     * stream, so its own share divided by the encoder's speed is what it costs at real time.
     */
    monitorPctOfOneCoreAtRealTime: round(mean(on.map((r) => r.monitorCores / Math.max(0.05, r.encoderSpeed ?? 1))) * 100, 2),
    /** Everything with the monitor minus everything without, percent of one core (includes Node's extra work; noisier). */
    extraPctOfOneCore: round((onCores - offCores) * 100, 2),
    /** With / without, all processes. */
    ratio: round(onCores / offCores, 3),
    thumbnailsPerWindow: on.map((r) => r.thumbnails),
    levelReadingsPerS: on.map((r) => r.levelReadingsPerS),
    runs,
  };
}
