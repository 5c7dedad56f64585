// Start-up runs on their own (BENCH_ONLY=startup): start → first SRT data packet at the ingest, engine vs plain ffmpeg,
// alternating, each push stopped as soon as its first byte arrived (cheap: about 3 s per pair).

import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { FfmpegProbe } from '../../src/shared/ffmpegCapabilities';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import { Cleanup, log, makeRepDir, srtUrl, startEngine, startIngest, startPlainPushToFirstByte, until } from './rig';

export interface StartupPair {
  engineMs: number;
  plainMs: number;
  /** Engine: start → the encoder's first stdout chunk, and → the fan-out's first write into the sender (in-process). */
  engineEncoderFirstOutputMs: number | null;
  engineSenderFirstInputMs: number | null;
  /** Engine: start → the encoder and the primary sender seen running (polled every 2 ms). */
  engineEncoderSpawnedMs: number | null;
  engineSenderSpawnedMs: number | null;
}

interface EngineStart {
  firstByteMs: number;
  encoderFirstOutputMs: number | null;
  senderFirstInputMs: number | null;
  encoderSpawnedMs: number | null;
  senderSpawnedMs: number | null;
}

/** Polls the managed processes until stopped: when each name was first seen with a pid, ms after `fromMs`. */
function watchSpawns(fromMs: number): { stop(): Record<string, number> } {
  const seen: Record<string, number> = {};
  const timer = setInterval(() => {
    for (const p of listManagedProcesses()) if (p.pid !== undefined) seen[p.name] ??= performance.now() - fromMs;
  }, 2);
  return { stop: () => (clearInterval(timer), seen) };
}

async function engineStart(probe: FfmpegProbe): Promise<EngineStart> {
  const cleanup = new Cleanup();
  try {
    const dir = await makeRepDir();
    cleanup.add(() => rm(dir, { recursive: true, force: true }));
    const ingest = await startIngest(cleanup);
    const spawns = watchSpawns(performance.now());
    const run = await startEngine(probe, dir, srtUrl(ingest.port, 'startup'));
    cleanup.add(() => run.broadcast.stop());
    await until(() => ingest.meter.firstDataAtMs !== null, 15_000, 'the first byte at the ingest (engine)');
    const spawned = spawns.stop();
    const since = (tMs: number | undefined): number | null => (tMs === undefined ? null : tMs - run.startedAtMs);
    return {
      firstByteMs: ingest.meter.firstDataAtMs! - run.startedAtMs,
      encoderFirstOutputMs: since(run.encoderTimeline[0]?.tMs),
      senderFirstInputMs: since(run.senderTimeline[0]?.tMs),
      encoderSpawnedMs: spawned.encoder ?? null,
      senderSpawnedMs: spawned['sender-primary'] ?? null,
    };
  } finally {
    await cleanup.run();
  }
}

async function plainFirstByteMs(probe: FfmpegProbe): Promise<number> {
  const cleanup = new Cleanup();
  try {
    return (await startPlainPushToFirstByte(probe, cleanup)).startToFirstByteMs;
  } finally {
    await cleanup.run();
  }
}

/** `reps` pairs, the order alternating so a drifting machine favours neither path. */
export async function runStartupPairs(probe: FfmpegProbe, reps: number): Promise<StartupPair[]> {
  const pairs: StartupPair[] = [];
  for (let i = 0; i < reps; i++) {
    const engineFirst = i % 2 === 0;
    const plainBefore = engineFirst ? null : await plainFirstByteMs(probe);
    const engine = await engineStart(probe);
    const plainMs = plainBefore ?? (await plainFirstByteMs(probe));
    const pair: StartupPair = {
      engineMs: engine.firstByteMs,
      plainMs,
      engineEncoderFirstOutputMs: engine.encoderFirstOutputMs,
      engineSenderFirstInputMs: engine.senderFirstInputMs,
      engineEncoderSpawnedMs: engine.encoderSpawnedMs,
      engineSenderSpawnedMs: engine.senderSpawnedMs,
    };
    const ms = (v: number | null): string => (v === null ? '?' : v.toFixed(0));
    log(`start-up ${i + 1}/${reps}: engine ${ms(pair.engineMs)} ms (encoder running ${ms(pair.engineEncoderSpawnedMs)} ms, its first output ${ms(pair.engineEncoderFirstOutputMs)} ms; sender running ${ms(pair.engineSenderSpawnedMs)} ms, its first input ${ms(pair.engineSenderFirstInputMs)} ms), plain ffmpeg ${ms(pair.plainMs)} ms`);
    pairs.push(pair);
  }
  return pairs;
}
