// The bitrate section (BENCH_ONLY=bitrates, and part of the full run): pre-encoded HEVC files at 6, 20 and 50 Mbit/s
// pushed by the engine's file source and by a plain stream-copying ffmpeg, alternating, plus the failover at 20 Mbit/s;
// and the 50 Mbit/s soak (BENCH_ONLY=bitrate-soak, not in the full run): five minutes, memory every 10 s.

import { performance } from 'node:perf_hooks';
import type { FfmpegProbe } from '../../src/shared/ffmpegCapabilities';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import { SrtTestListener } from '../../test/support/srtListener';
import { bitrateFile, type BitrateFile, type BitrateFileSpec } from './bitrateFiles';
import { fileInput, runEngineBitrate, runPlainBitrate, type BitrateRunResult } from './bitrateRun';
import { runEngineFailover, runPlainFailover, type EngineFailoverResult, type PlainFailoverResult } from './failover';
import { measurePushWindow, type PushWindow } from './pushWindow';
import { BENCH, Cleanup, log, makeRepDir, plainFileCopyArgs, senderTapPorts, sleep, srtUrl, startEngine } from './rig';

const envNumber = (name: string, fallback: number): number => (process.env[name] ? Number(process.env[name]) : fallback);

/** About 8 minutes on 2 cores once the files are cached (their first encode adds about a minute). */
export const BITRATE_PLAN = {
  targetsMbps: (process.env.BENCH_BITRATES ?? '6,20,50').split(',').map(Number),
  reps: envNumber('BITRATE_REPS', 2),
  windowMs: envNumber('BITRATE_WINDOW_MS', 20_000),
  settleMs: 3000,
  failoverMbps: 20,
  failoverReps: envNumber('BITRATE_FAILOVER_REPS', 3),
  /** Also run the engine with libsrt sender ffmpegs behind the tap (`srtSender: 'ffmpeg'`), for the comparison; 0 skips. */
  libsrtSender: envNumber('BITRATE_LIBSRT', 1) !== 0,
} as const;

/** The soak: 50 Mbit/s for 5 minutes (BITRATE_SOAK_MS shortens it for a trial), memory sampled every 10 s. */
export const BITRATE_SOAK = { targetMbps: 50, durationMs: envNumber('BITRATE_SOAK_MS', 300_000), sampleEveryMs: 10_000 } as const;

/** Noise strength that makes libx265 really spend the bitrate at 640x360 (measured: 6.2, 21.8, 54.4 Mbit/s in all). */
const NOISE_FOR_MBPS: Record<number, number> = { 6: 20, 20: 40, 50: 100 };

/** 640x360 gets any of these bitrates within seconds on 2 cores; the engine's work depends on bytes and frames, not pixels. */
export function fileSpec(targetMbps: number): BitrateFileSpec {
  const noise = NOISE_FOR_MBPS[targetMbps] ?? Math.min(100, Math.round(targetMbps * 2));
  return { targetMbps, width: BENCH.width, height: BENCH.height, fps: BENCH.fps, keyintSeconds: BENCH.keyintSeconds, durationS: 12, noise };
}

export interface BitrateRaw {
  files: BitrateFile[];
  runs: Array<{ targetMbps: number; engine: BitrateRunResult[]; engineLibsrt: BitrateRunResult[]; plain: BitrateRunResult[] }>;
  failover: { targetMbps: number; engine: EngineFailoverResult[]; plain: PlainFailoverResult[] };
}

export async function runBitrateSection(probe: FfmpegProbe): Promise<BitrateRaw> {
  const plan = BITRATE_PLAN;
  const files: BitrateFile[] = [];
  for (const mbps of plan.targetsMbps) files.push(await bitrateFile(probe, fileSpec(mbps)));
  const runs: BitrateRaw['runs'] = [];
  for (const file of files) {
    const row = { targetMbps: file.spec.targetMbps, engine: [] as BitrateRunResult[], engineLibsrt: [] as BitrateRunResult[], plain: [] as BitrateRunResult[] };
    for (let i = 0; i < plan.reps; i++) {
      log(`bitrate ${file.spec.targetMbps} Mbit/s ${i + 1}/${plan.reps} (${plan.windowMs / 1000} s window each)`);
      const steps = [
        async () => row.engine.push(await runEngineBitrate(probe, file, plan.windowMs, plan.settleMs)),
        ...(plan.libsrtSender ? [async () => row.engineLibsrt.push(await runEngineBitrate(probe, file, plan.windowMs, plan.settleMs, 'ffmpeg'))] : []),
        async () => row.plain.push(await runPlainBitrate(probe, file, plan.windowMs, plan.settleMs)),
      ];
      // Alternate the order so slow drift of the machine does not favour one path.
      for (const step of i % 2 === 0 ? steps : steps.reverse()) await step();
    }
    runs.push(row);
  }
  const failoverFile = files.find((f) => f.spec.targetMbps === plan.failoverMbps) ?? (await bitrateFile(probe, fileSpec(plan.failoverMbps)));
  const failover: BitrateRaw['failover'] = { targetMbps: plan.failoverMbps, engine: [], plain: [] };
  const source = {
    config: { input: fileInput(failoverFile.path), bitrateKbps: plan.failoverMbps * 1000 },
    observation: 'none' as const,
    plainArgs: (port: number) => plainFileCopyArgs(failoverFile.path, port),
  };
  for (let i = 0; i < plan.failoverReps; i++) {
    const steadyMs = 2500 + ((i * 730) % 2000);
    log(`failover at ${plan.failoverMbps} Mbit/s ${i + 1}/${plan.failoverReps} (blackhole ${steadyMs} ms after the first byte)`);
    failover.engine.push(await runEngineFailover(probe, steadyMs, source));
    failover.plain.push(await runPlainFailover(probe, steadyMs, source));
  }
  return { files, runs, failover };
}

/** One soak sample: memory of every process, and the counters that must stay at zero. */
export interface SoakSample {
  atS: number;
  rssMiB: Record<string, number>;
  nodeHeapUsedMiB: number;
  window: Pick<PushWindow, 'udpDrops' | 'udpDropsBySocket' | 'eventLoopDelayMs' | 'listener' | 'cpuSeconds' | 'nodeCpuSeconds'>;
  fanoutCongestions: number;
  fanoutDrops: number;
}

export interface BitrateSoakRaw {
  file: BitrateFile;
  durationS: number;
  samples: SoakSample[];
  errorEvents: string[];
}

/** The engine alone (no observer in its path, no relay in front of the listener) at 50 Mbit/s, one window per sample. */
export async function runBitrateSoak(probe: FfmpegProbe): Promise<BitrateSoakRaw> {
  const file = await bitrateFile(probe, fileSpec(BITRATE_SOAK.targetMbps));
  const cleanup = new Cleanup();
  try {
    const dir = await makeRepDir();
    const listener = await SrtTestListener.start({ latencyMs: BENCH.latencyMs, statsIntervalMs: 1000 });
    cleanup.add(() => listener.stop());
    const run = await startEngine(probe, dir, srtUrl(listener.port, 'soak'), undefined, undefined, { input: fileInput(file.path), bitrateKbps: BITRATE_SOAK.targetMbps * 1000 }, 'none');
    cleanup.add(() => run.broadcast.stop());
    await listener.waitFor(() => (listener.latestStats?.bytesWritten ?? 0) > 0, 15_000, 'the first bytes of the soak');
    await sleep(2000);
    const began = performance.now();
    const samples: SoakSample[] = [];
    log(`bitrate soak: ${BITRATE_SOAK.targetMbps} Mbit/s for ${BITRATE_SOAK.durationMs / 1000} s, a sample every ${BITRATE_SOAK.sampleEveryMs / 1000} s`);
    while (performance.now() - began < BITRATE_SOAK.durationMs) {
      const pids = Object.fromEntries(listManagedProcesses().map((p) => [p.name, p.pid ?? -1]));
      const w = await measurePushWindow(pids, listener, BITRATE_SOAK.sampleEveryMs, senderTapPorts);
      const logs = run.broadcast.logs();
      const sample: SoakSample = {
        atS: Math.round((performance.now() - began) / 1000),
        rssMiB: w.rssEndMiB,
        nodeHeapUsedMiB: Math.round(process.memoryUsage().heapUsed / 1024 / 102.4) / 10,
        window: { udpDrops: w.udpDrops, udpDropsBySocket: w.udpDropsBySocket, eventLoopDelayMs: w.eventLoopDelayMs, listener: w.listener, cpuSeconds: w.cpuSeconds, nodeCpuSeconds: w.nodeCpuSeconds },
        fanoutCongestions: logs.filter((l) => /fan-out (primary|backup) congested/.test(l)).length,
        fanoutDrops: logs.filter((l) => /fan-out (primary|backup) (dropped|failed)/.test(l)).length,
      };
      samples.push(sample);
      log(`  soak ${sample.atS} s: RSS ${JSON.stringify(sample.rssMiB)} MiB, heap ${sample.nodeHeapUsedMiB} MiB; lost ${w.listener.lostPkts}, dropped ${w.listener.droppedPkts}, UDP drops node ${w.udpDrops.node} listener ${w.udpDrops.listener}; ${w.listener.receivedMbps} Mbit/s`);
    }
    return { file, durationS: Math.round((performance.now() - began) / 1000), samples, errorEvents: run.events.filter((e) => e.kind === 'error').map((e) => e.detail) };
  } finally {
    await cleanup.run();
  }
}
