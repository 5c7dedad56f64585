// One repetition of the bitrate section: a pre-encoded HEVC file pushed in real time to a libsrt listener, either by
// the engine (file source: stream copy → fan-out → its own SRT sender, or a libsrt sender ffmpeg behind the tap) or by
// one plain ffmpeg stream-copying it to SRT.

import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BroadcastConfig } from '../../src/shared/broadcastTypes';
import type { FfmpegProbe } from '../../src/shared/ffmpegCapabilities';
import type { SrtSenderKind } from '../../src/main/broadcast/uplink';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import { arrivalAtCounter, percentile, round, type CounterSample } from './benchMath';
import type { BitrateFile } from './bitrateFiles';
import { matchFrames, type TimedFrame } from './frameMatch';
import { measurePushWindow, type PushWindow } from './pushWindow';
import { Cleanup, FRAME_HASH_PREFIX_BYTES, log, makeRepDir, plainFileCopyArgs, senderTapPorts, sleep, srtUrl, startEngine, startIngest, startPlainProcess, until } from './rig';
import { TsVideoFrameWalker, type TsVideoFrame } from './tsVideoFrames';

export interface BitrateRunResult {
  path: 'engine' | 'engine-libsrt' | 'plain-ffmpeg';
  targetMbps: number;
  startToFirstByteMs: number;
  window: PushWindow;
  /** Payload bytes at the ingest socket during the window, as Mbit/s (SRT header excluded). */
  ingestPayloadMbps: number;
  /** Muxer-out → ingest socket, ms: p50/p99 over the window and how many frames (engine) or reports (plain). */
  latencyMs: { p50: number; p99: number; samples: number };
  /** Engine only: frames of the recording matched by content, the fan-out's hold and the sender + tap hop (p50, ms). */
  framesMatched?: number;
  framesInRecording?: number;
  fanoutHoldP50Ms?: number;
  senderToIngestP50Ms?: number;
  /** Engine only: the fan-out's congestion and drop events for the senders during the run (from the broadcast log). */
  fanoutCongestions?: number;
  fanoutDrops?: number;
  /** Engine only: error events (a tap socket error, a sender that could not keep up) during the run. */
  errorEvents?: string[];
  /** Engine only: the tap's own view over the window: packets the ingest reported lost, and its 1 s send rate (median). */
  tapLostPkts?: number;
  tapSendMbps?: number;
  /** Engine only: CPU seconds the rig's observation hooks (frame walk + hash, on the engine's thread) took in the window. */
  observerCpuSeconds?: number;
  /** Engine only: the slowest frames (where a p99 comes from): latency, elementary-stream bytes, keyframe, fan-out hold. */
  slowestFrames?: Array<{ latencyMs: number; esBytes: number; key: boolean; holdMs: number | null; secondsIntoWindow: number }>;
}

const windowBytes = (timeline: CounterSample[], startMs: number, endMs: number): number => {
  const inside = timeline.filter((s) => s.tMs >= startMs && s.tMs <= endMs);
  return inside.length < 2 ? 0 : inside.at(-1)!.value - inside[0]!.value;
};

async function framesOfFile(path: string): Promise<TsVideoFrame[]> {
  const walker = new TsVideoFrameWalker({ hashPrefixBytes: FRAME_HASH_PREFIX_BYTES });
  const frames: TsVideoFrame[] = [];
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) frames.push(...walker.push(chunk as Buffer));
  return frames;
}

function timed(frames: TsVideoFrame[], timeline: CounterSample[]): TimedFrame[] {
  const out: TimedFrame[] = [];
  for (const f of frames) {
    const atMs = arrivalAtCounter(timeline, f.endOffset);
    if (atMs !== null) out.push({ hash: f.hash, atMs });
  }
  return out;
}

/** The engine's file source, looped: the file is sent as it is (HEVC + AAC within Gcore's rules). */
export function fileInput(path: string): BroadcastConfig['input'] {
  return { kind: 'file', path, loop: true };
}

function spread(values: number[]): { p50: number; p99: number; samples: number } {
  return { p50: round(percentile(values, 50), 1), p99: round(percentile(values, 99), 1), samples: values.length };
}

/**
 * The engine with `input: {kind: 'file', loop: true}` and the given SRT sender; frames timed in-process and matched by
 * content at the ingest.
 */
export async function runEngineBitrate(probe: FfmpegProbe, file: BitrateFile, windowMs: number, settleMs: number, srtSender: SrtSenderKind = 'engine'): Promise<BitrateRunResult> {
  const cleanup = new Cleanup();
  try {
    const dir = await makeRepDir();
    cleanup.add(() => rm(dir, { recursive: true, force: true }));
    const recording = join(dir, 'ingest.ts');
    const ingest = await startIngest(cleanup, { outputFile: recording, statsIntervalMs: 200 });
    const { spec } = file;
    const config = { input: fileInput(file.path), width: spec.width, height: spec.height, fps: spec.fps, bitrateKbps: Math.round(spec.targetMbps * 1000), keyintSeconds: spec.keyintSeconds };
    const run = await startEngine(probe, dir, srtUrl(ingest.port, 'bitrate'), undefined, { srtSender }, config, 'frames');
    cleanup.add(() => run.broadcast.stop());
    await until(() => ingest.meter.firstDataAtMs !== null, 15_000, 'the first byte at the ingest (engine, file source)');
    const startToFirstByteMs = ingest.meter.firstDataAtMs! - run.startedAtMs;
    await sleep(settleMs);
    const pids = Object.fromEntries(listManagedProcesses().map((p) => [p.name, p.pid ?? -1]));
    const observer0 = run.observer.ms;
    const window = await measurePushWindow(pids, ingest.listener, windowMs, () => ({ ...senderTapPorts(), [ingest.meter.port]: 'relay (harness)' }));
    const observerCpuSeconds = (run.observer.ms - observer0) / 1000;
    await run.broadcast.stop();
    await ingest.listener.stop(); // flushes the recording

    const wire = ingest.meter.timeline;
    const inWindow = (f: TimedFrame): boolean => f.atMs >= window.startMs && f.atMs <= window.endMs;
    const sent = timed(run.encoderFrames, run.encoderTimeline).filter(inWindow);
    const received = await framesOfFile(recording);
    const arrived = timed(received, wire);
    // Half a loop: a frame's next appearance is a whole loop later, so a match within this is the same frame.
    const maxDelayMs = (file.durationS * 1000) / 2;
    const matched = matchFrames(sent, arrived, maxDelayMs);
    const handed = new Map(matchFrames(sent, timed(run.senderFrames, run.senderTimeline), maxDelayMs).map((m) => [`${m.hash}@${m.sentAtMs}`, m.arrivedAtMs]));
    const holds: number[] = [];
    const senderHops: number[] = [];
    for (const m of matched) {
      const handedAt = handed.get(`${m.hash}@${m.sentAtMs}`);
      if (handedAt === undefined) continue;
      holds.push(handedAt - m.sentAtMs);
      senderHops.push(m.arrivedAtMs - handedAt);
    }
    const frameOf = new Map(received.map((f) => [f.hash, f]));
    const slowestFrames = [...matched].sort((a, b) => (b.arrivedAtMs - b.sentAtMs) - (a.arrivedAtMs - a.sentAtMs)).slice(0, 8).map((m) => {
      const handedAt = handed.get(`${m.hash}@${m.sentAtMs}`);
      return {
        latencyMs: round(m.arrivedAtMs - m.sentAtMs, 1), esBytes: frameOf.get(m.hash)?.esBytes ?? -1, key: frameOf.get(m.hash)?.key ?? false,
        holdMs: handedAt === undefined ? null : round(handedAt - m.sentAtMs, 1), secondsIntoWindow: round((m.sentAtMs - window.startMs) / 1000, 2),
      };
    });
    const logs = run.broadcast.logs();
    const tapSeen = run.stats.filter((st) => st.atMs >= window.startMs && st.atMs <= window.endMs).map((st) => st.uplinks.find((u) => u.role === 'primary')).filter((u) => u !== undefined);
    const result: BitrateRunResult = {
      path: srtSender === 'engine' ? 'engine' : 'engine-libsrt',
      targetMbps: spec.targetMbps,
      startToFirstByteMs,
      window,
      ingestPayloadMbps: round((windowBytes(wire, window.startMs, window.endMs) * 8) / ((window.endMs - window.startMs) * 1000), 2),
      latencyMs: spread(matched.map((m) => m.arrivedAtMs - m.sentAtMs)),
      framesMatched: matched.length,
      framesInRecording: received.length,
      fanoutHoldP50Ms: round(percentile(holds, 50), 1),
      senderToIngestP50Ms: round(percentile(senderHops, 50), 1),
      fanoutCongestions: logs.filter((l) => /fan-out (primary|backup) congested/.test(l)).length,
      fanoutDrops: logs.filter((l) => /fan-out (primary|backup) (dropped|failed)/.test(l)).length,
      errorEvents: run.events.filter((e) => e.kind === 'error').map((e) => e.detail),
      tapLostPkts: tapSeen.length > 1 ? tapSeen.at(-1)!.lostPkts - tapSeen[0]!.lostPkts : NaN,
      tapSendMbps: round(percentile(tapSeen.map((u) => u.sendKbps / 1000), 50), 2),
      observerCpuSeconds,
      slowestFrames,
    };
    log(`engine ${spec.targetMbps} Mbit/s: first byte ${startToFirstByteMs.toFixed(0)} ms; CPU ${JSON.stringify(window.cpuSeconds)} node ${window.nodeCpuSeconds.toFixed(2)} s; ingest ${result.ingestPayloadMbps} Mbit/s; latency p50 ${result.latencyMs.p50} p99 ${result.latencyMs.p99} ms (${matched.length} frames matched of ${received.length}); drops node ${window.udpDrops.node} listener ${window.udpDrops.listener}, lost ${window.listener.lostPkts}; fan-out congested ${result.fanoutCongestions}× dropped ${result.fanoutDrops}×; loop delay p99 ${window.eventLoopDelayMs.p99} ms, max ${window.eventLoopDelayMs.max} ms${Object.keys(window.udpDropsBySocket).length ? `; drops by socket ${JSON.stringify(window.udpDropsBySocket)}` : ''}; observer ${observerCpuSeconds.toFixed(2)} s`);
    return result;
  } finally {
    await cleanup.run();
  }
}

/** The baseline: `ffmpeg -re -stream_loop -1 -i FILE -c copy -f mpegts srt://…`; latency from its -progress reports. */
export async function runPlainBitrate(probe: FfmpegProbe, file: BitrateFile, windowMs: number, settleMs: number): Promise<BitrateRunResult> {
  const cleanup = new Cleanup();
  try {
    const ingest = await startIngest(cleanup, { statsIntervalMs: 200 });
    const push = startPlainProcess(probe, plainFileCopyArgs(file.path, ingest.port));
    cleanup.add(() => push.stop());
    await until(() => ingest.meter.firstDataAtMs !== null, 15_000, 'the first byte at the ingest (plain ffmpeg, file)');
    const startToFirstByteMs = ingest.meter.firstDataAtMs! - push.startedAtMs;
    await sleep(settleMs);
    if (push.pid === undefined) throw new Error('bench: the plain ffmpeg did not start');
    const window = await measurePushWindow({ ffmpeg: push.pid }, ingest.listener, windowMs, () => ({ [ingest.meter.port]: 'relay (harness)' }));
    await push.stop();

    const wire = ingest.meter.timeline;
    const delays: number[] = [];
    for (const p of push.progress) {
      if (p.tMs < window.startMs || p.tMs > window.endMs) continue;
      const inAt = arrivalAtCounter(wire, p.value);
      if (inAt !== null) delays.push(inAt - p.tMs);
    }
    const result: BitrateRunResult = {
      path: 'plain-ffmpeg',
      targetMbps: file.spec.targetMbps,
      startToFirstByteMs,
      window,
      ingestPayloadMbps: round((windowBytes(wire, window.startMs, window.endMs) * 8) / ((window.endMs - window.startMs) * 1000), 2),
      latencyMs: spread(delays),
    };
    log(`plain ffmpeg ${file.spec.targetMbps} Mbit/s: first byte ${startToFirstByteMs.toFixed(0)} ms; CPU ${JSON.stringify(window.cpuSeconds)} node ${window.nodeCpuSeconds.toFixed(2)} s; ingest ${result.ingestPayloadMbps} Mbit/s; latency p50 ${result.latencyMs.p50} p99 ${result.latencyMs.p99} ms; drops node ${window.udpDrops.node} listener ${window.udpDrops.listener}, lost ${window.listener.lostPkts}`);
    return result;
  } finally {
    await cleanup.run();
  }
}
