// Steady-state runs (engine vs one plain ffmpeg, same encode, same listener): time to first byte, CPU seconds over a
// fixed window, and how long the bytes take from the encoder's muxer to the ingest's socket.

import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FfmpegProbe } from '../../src/shared/ffmpegCapabilities';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import { arrivalAtCounter, median, type CounterSample } from './benchMath';
import { processCpuSeconds, selfCpuSeconds } from './procCpu';
import { Cleanup, makeRepDir, log, sleep, srtUrl, startEngine, startIngest, startPlainPushToFirstByte, until } from './rig';
import { tsVideoFrames } from './tsVideoFrames';

export interface SteadyResult {
  path: 'engine' | 'plain-ffmpeg';
  /** Process start (startBroadcast call / spawn) → first payload byte at the listener's socket. */
  startToFirstByteMs: number;
  /** CPU seconds over the window, per process; `node` is this process's cpuUsage delta. */
  cpuSeconds: Record<string, number>;
  childCpuSeconds: number;
  nodeCpuSeconds: number;
  windowS: number;
  /** Median muxer-out → listener-socket delay over the window, ms, and how many samples it rests on. */
  hopLatencyMs: number;
  hopSamples: number;
  /**
   * Engine only: the same delay counted from the moment the encoder had begun the NEXT video frame (a TS demuxer can
   * only close a video PES of unknown length then): what the sender adds beyond that unavoidable wait.
   */
  hopAfterNextFrameMs?: number;
  /** Engine only: encoder stdout → the fan-out's write into the sender's stdin (median), ms. */
  fanoutHoldMs?: number;
  /** Engine only: write into the sender's stdin → ingest socket (sender ffmpeg + tap), ms. */
  senderToIngestMs?: number;
  /** Engine only: video frames of the recording matched to the encoder's output by content. */
  framesMatched?: number;
  framesInRecording?: number;
  /** Payload bytes the listener received during the window, and the CPU window's real length. */
  windowBytes: number;
}

export interface CpuWindow {
  startMs: number;
  endMs: number;
  cpuSeconds: Record<string, number>;
  nodeCpuSeconds: number;
}

/** Samples user+sys CPU of `pids` and of this process at the start and the end of a `windowMs` sleep. */
export async function measureCpu(pids: Record<string, number>, windowMs: number): Promise<CpuWindow> {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processCpuSeconds(pid)]));
  const self0 = selfCpuSeconds();
  const startMs = performance.now();
  await sleep(windowMs);
  const endMs = performance.now();
  const self1 = selfCpuSeconds();
  const cpuSeconds: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) {
    const a = before[name];
    const b = processCpuSeconds(pid);
    if (a === null || a === undefined || b === null) throw new Error(`bench: ${name} (pid ${pid}) exited during the CPU window`);
    cpuSeconds[name] = b - a;
  }
  return { startMs, endMs, cpuSeconds, nodeCpuSeconds: self1 - self0 };
}

function sum(values: Record<string, number>): number {
  return Object.values(values).reduce((s, v) => s + v, 0);
}

function bytesIn(timeline: CounterSample[], startMs: number, endMs: number): number {
  const inside = timeline.filter((s) => s.tMs >= startMs && s.tMs <= endMs);
  return inside.length < 2 ? 0 : inside.at(-1)!.value - inside[0]!.value;
}

/**
 * The engine: encoder → fan-out → sender → tap → listener. Frame latency: each video access unit's last byte leaving
 * the encoder (arrival of the encoder stdout chunk in the engine) vs the same access unit's last byte reaching the
 * listener's socket. The sender remuxes (`-c copy`), so frames are matched by a hash of their elementary-stream bytes.
 */
export async function runEngineSteady(probe: FfmpegProbe, windowMs: number, settleMs: number): Promise<SteadyResult> {
  const cleanup = new Cleanup();
  try {
    const dir = await makeRepDir();
    cleanup.add(() => rm(dir, { recursive: true, force: true }));
    const ingest = await startIngest(cleanup, { outputFile: join(dir, 'ingest.ts') });
    const run = await startEngine(probe, dir, srtUrl(ingest.port, 'steady'));
    cleanup.add(() => run.broadcast.stop());
    await until(() => ingest.meter.firstDataAtMs !== null, 15_000, 'the first byte at the ingest (engine)');
    const startToFirstByteMs = ingest.meter.firstDataAtMs! - run.startedAtMs;
    if (startToFirstByteMs > 2000) log(`slow engine start; its log:\n  ${run.broadcast.logs().slice(-12).join('\n  ')}`);
    await sleep(settleMs);
    const pids = Object.fromEntries(listManagedProcesses().map((p) => [p.name, p.pid ?? -1]));
    const cpu = await measureCpu(pids, windowMs);
    await run.broadcast.stop();
    await ingest.listener.stop(); // flushes the recording

    const wire = ingest.meter.timeline;
    const sent = tsVideoFrames(Buffer.concat(run.encoderChunks));
    const received = tsVideoFrames(await readFile(join(dir, 'ingest.ts')));
    const emitted = new Map<string, { endAt: number | null; nextStartAt: number | null } | null>();
    sent.forEach((f, i) => {
      const next = sent[i + 1];
      // A hash seen twice is ambiguous (identical frames): never use it.
      emitted.set(f.hash, emitted.has(f.hash) ? null : {
        endAt: arrivalAtCounter(run.encoderTimeline, f.endOffset),
        nextStartAt: next ? arrivalAtCounter(run.encoderTimeline, next.startOffset + 188) : null,
      });
    });
    const handedOver = new Map<string, number | null>();
    for (const f of tsVideoFrames(Buffer.concat(run.senderChunks))) {
      handedOver.set(f.hash, handedOver.has(f.hash) ? null : arrivalAtCounter(run.senderTimeline, f.endOffset));
    }
    const delays: number[] = [];
    const afterNext: number[] = [];
    const holds: number[] = [];
    const senderHops: number[] = [];
    let matched = 0;
    for (const f of received) {
      const out = emitted.get(f.hash);
      if (!out || out.endAt === null) continue;
      matched++;
      if (out.endAt < cpu.startMs || out.endAt > cpu.endMs) continue;
      const inAt = arrivalAtCounter(wire, f.endOffset);
      if (inAt === null) continue;
      delays.push(inAt - out.endAt);
      if (out.nextStartAt !== null) afterNext.push(inAt - out.nextStartAt);
      const handedAt = handedOver.get(f.hash);
      if (handedAt !== undefined && handedAt !== null) {
        holds.push(handedAt - out.endAt);
        senderHops.push(inAt - handedAt);
      }
    }
    log(`engine steady: first byte after ${startToFirstByteMs.toFixed(0)} ms; CPU ${JSON.stringify(cpu.cpuSeconds)} node ${cpu.nodeCpuSeconds.toFixed(2)} s; ${matched}/${received.length} frames matched, hop ${median(delays).toFixed(1)} ms (${median(afterNext).toFixed(1)} ms after the next frame began; fan-out hold ${median(holds).toFixed(1)} ms, sender+tap ${median(senderHops).toFixed(1)} ms over ${holds.length} frames)`);
    return {
      path: 'engine',
      startToFirstByteMs,
      cpuSeconds: { ...cpu.cpuSeconds, node: cpu.nodeCpuSeconds },
      childCpuSeconds: sum(cpu.cpuSeconds),
      nodeCpuSeconds: cpu.nodeCpuSeconds,
      windowS: (cpu.endMs - cpu.startMs) / 1000,
      hopLatencyMs: median(delays),
      hopSamples: delays.length,
      hopAfterNextFrameMs: median(afterNext),
      fanoutHoldMs: median(holds),
      senderToIngestMs: median(senderHops),
      framesMatched: matched,
      framesInRecording: received.length,
      windowBytes: bytesIn(wire, cpu.startMs, cpu.endMs),
    };
  } finally {
    await cleanup.run();
  }
}

/**
 * The baseline: the same encode muxed straight into libsrt. Latency: ffmpeg's `-progress` total_size (bytes handed to
 * libsrt, reported every 50 ms) vs the time the listener's socket had received that many payload bytes.
 */
export async function runPlainSteady(probe: FfmpegProbe, windowMs: number, settleMs: number): Promise<SteadyResult> {
  const cleanup = new Cleanup();
  try {
    const { ingest, push, startToFirstByteMs } = await startPlainPushToFirstByte(probe, cleanup);
    await sleep(settleMs);
    if (push.pid === undefined) throw new Error('bench: the plain ffmpeg did not start');
    const cpu = await measureCpu({ ffmpeg: push.pid }, windowMs);
    await push.stop();

    const wire = ingest.meter.timeline;
    const delays: number[] = [];
    for (const p of push.progress) {
      if (p.tMs < cpu.startMs || p.tMs > cpu.endMs) continue;
      const inAt = arrivalAtCounter(wire, p.value);
      if (inAt !== null) delays.push(inAt - p.tMs);
    }
    log(`plain ffmpeg steady: first byte after ${startToFirstByteMs.toFixed(0)} ms; CPU ${JSON.stringify(cpu.cpuSeconds)} node ${cpu.nodeCpuSeconds.toFixed(2)} s; hop ${median(delays).toFixed(1)} ms over ${delays.length} samples`);
    return {
      path: 'plain-ffmpeg',
      startToFirstByteMs,
      cpuSeconds: { ...cpu.cpuSeconds, node: cpu.nodeCpuSeconds },
      childCpuSeconds: sum(cpu.cpuSeconds),
      nodeCpuSeconds: cpu.nodeCpuSeconds,
      windowS: (cpu.endMs - cpu.startMs) / 1000,
      hopLatencyMs: median(delays),
      hopSamples: delays.length,
      windowBytes: bytesIn(wire, cpu.startMs, cpu.endMs),
    };
  } finally {
    await cleanup.run();
  }
}
