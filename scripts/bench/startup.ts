// Start-up runs on their own (BENCH_ONLY=startup): start → first SRT data packet at the ingest, engine vs plain ffmpeg,
// alternating, each push stopped as soon as its first byte arrived (cheap: about 3 s per pair).

import { rm } from 'node:fs/promises';
import type { FfmpegProbe } from '../../src/shared/ffmpegCapabilities';
import { Cleanup, log, makeRepDir, srtUrl, startEngine, startIngest, startPlainPush, until } from './rig';

export interface StartupPair {
  engineMs: number;
  plainMs: number;
  /** Engine: start → the encoder's first stdout chunk, and → the fan-out's first write into the sender (in-process). */
  engineEncoderFirstOutputMs: number | null;
  engineSenderFirstInputMs: number | null;
}

interface EngineStart {
  firstByteMs: number;
  encoderFirstOutputMs: number | null;
  senderFirstInputMs: number | null;
}

async function engineStart(probe: FfmpegProbe): Promise<EngineStart> {
  const cleanup = new Cleanup();
  try {
    const dir = await makeRepDir();
    cleanup.add(() => rm(dir, { recursive: true, force: true }));
    const ingest = await startIngest(cleanup);
    const run = await startEngine(probe, dir, srtUrl(ingest.port, 'startup'));
    cleanup.add(() => run.broadcast.stop());
    await until(() => ingest.meter.firstDataAtMs !== null, 15_000, 'the first byte at the ingest (engine)');
    const since = (tMs: number | undefined): number | null => (tMs === undefined ? null : tMs - run.startedAtMs);
    return { firstByteMs: ingest.meter.firstDataAtMs! - run.startedAtMs, encoderFirstOutputMs: since(run.encoderTimeline[0]?.tMs), senderFirstInputMs: since(run.senderTimeline[0]?.tMs) };
  } finally {
    await cleanup.run();
  }
}

async function plainFirstByteMs(probe: FfmpegProbe): Promise<number> {
  const cleanup = new Cleanup();
  try {
    const ingest = await startIngest(cleanup);
    const push = startPlainPush(probe, ingest.port);
    cleanup.add(() => push.stop());
    await until(() => ingest.meter.firstDataAtMs !== null, 15_000, 'the first byte at the ingest (plain ffmpeg)');
    return ingest.meter.firstDataAtMs! - push.startedAtMs;
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
    const pair = { engineMs: engine.firstByteMs, plainMs, engineEncoderFirstOutputMs: engine.encoderFirstOutputMs, engineSenderFirstInputMs: engine.senderFirstInputMs };
    log(`start-up ${i + 1}/${reps}: engine ${pair.engineMs.toFixed(0)} ms (encoder output ${pair.engineEncoderFirstOutputMs?.toFixed(0)} ms, sender input ${pair.engineSenderFirstInputMs?.toFixed(0)} ms), plain ffmpeg ${pair.plainMs.toFixed(0)} ms`);
    pairs.push(pair);
  }
  return pairs;
}
