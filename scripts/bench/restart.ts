// Encoder restart runs: the engine's encoder is SIGKILLed mid-GOP; its supervisor starts a new one while the sender
// keeps its SRT session. The baseline kills a plain ffmpeg and starts a new one at once (a streamer's best by hand).

import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import type { FfmpegProbe } from '../../src/shared/ffmpegCapabilities';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import { arrivalAtCounter, timeAtCounter, type CounterSample } from './benchMath';
import { decodeErrors } from './failover';
import { Cleanup, deliveredTimeline, log, makeRepDir, sleep, srtUrl, startEngine, startIngest, startPlainPush, until, type EngineRun } from './rig';
import { SrtWireMeter } from './srtWireMeter';
import { tsVideoFrames, type TsVideoFrame } from './tsVideoFrames';

const run = promisify(execFile);

/** How long the restarted stream is recorded after it reached the sender: more than one 2 s GOP, for the checks. */
const RECORD_AFTER_RESTART_MS = 2500;

export interface EngineRestartResult {
  steadyMs: number;
  /** Kill → the engine's `encoder-restarted` event (exit noticed, back-off waited, new encoder about to spawn). */
  restartEventMs: number | null;
  /** Kill → the new encoder's first stdout chunk in the engine. */
  encoderOutputMs: number | null;
  /** Kill → the fan-out's first write of the new stream (from its first keyframe) into the sender. */
  senderInputMs: number | null;
  /** Bytes of the killed encoder the fan-out still held at the kill and wrote to the sender only at the restart. */
  heldTailBytes: number;
  /** The first encoder's start → its first stdout chunk (the restarted timestamps run ahead of the old ones by this). */
  firstEncoderStartupMs: number | null;
  /** Last stdout chunk of the killed encoder → first of the new one: the outage on the wall clock. */
  outputGapMs: number | null;
  /** Kill → first TS packet of the new encoder's first video frame at the listener socket. */
  firstByteMs: number | null;
  /** Kill → the new encoder's first keyframe fully received at the listener socket. */
  firstKeyframeMs: number | null;
  /** Same, but delivered to the application by libsrt (after the 200 ms SRT latency buffer). */
  firstKeyframeDeliveredMs: number | null;
  /** The new encoder's first video frame in the recording is a keyframe (the fan-out cut there). */
  firstNewFrameIsKey: boolean | null;
  /** SRT sessions the listener accepted over the whole run (1 = the sender never reconnected). */
  srtSessions: number;
  /** Disconnects the listener saw before the run's own stop. */
  disconnectsBeforeStop: number;
  pts: PtsContinuity;
  decodesCleanly: boolean;
  decodeErrorLines: number;
  decodeErrors: string;
  restartDetail: string | null;
}

export interface PlainRestartResult {
  steadyMs: number;
  /** Kill → first data packet of the new ffmpeg's SRT session at the listener socket. */
  firstByteMs: number | null;
  /** Kill → the new session's first keyframe fully received at the listener socket. */
  firstKeyframeMs: number | null;
  /**
   * Same, delivered by libsrt. The test listener serves one caller at a time: it reads the new session only once
   * libsrt has declared the killed one broken (peer idle timeout, 5 s), so this includes that wait.
   */
  firstKeyframeDeliveredMs: number | null;
  srtSessions: number;
  /** The new session's first video frame at the listener is a keyframe. */
  firstFrameIsKey: boolean | null;
}

/** How the video timestamps of a recording move: steps back, the largest forward gap and what follows it. */
export interface PtsContinuity {
  frames: number;
  stepsBack: number;
  largestStepBackMs: number;
  largestGapMs: number | null;
  /** PTS of the frame after the largest gap, seconds. */
  ptsAfterGapS: number | null;
  frameAfterGapIsKey: boolean | null;
}

/** Pure: the continuity of ffprobe's per-frame (key, pts) list, in the order ffprobe reports it. */
export function ptsContinuity(frames: ReadonlyArray<{ key: boolean; ptsS: number }>): PtsContinuity {
  let stepsBack = 0;
  let largestStepBackMs = 0;
  let largestGapMs: number | null = null;
  let afterGap: { key: boolean; ptsS: number } | null = null;
  for (let i = 1; i < frames.length; i++) {
    const stepMs = (frames[i]!.ptsS - frames[i - 1]!.ptsS) * 1000;
    if (stepMs < 0) {
      stepsBack++;
      largestStepBackMs = Math.max(largestStepBackMs, -stepMs);
    }
    if (largestGapMs === null || stepMs > largestGapMs) {
      largestGapMs = stepMs;
      afterGap = frames[i]!;
    }
  }
  return { frames: frames.length, stepsBack, largestStepBackMs, largestGapMs, ptsAfterGapS: afterGap?.ptsS ?? null, frameAfterGapIsKey: afterGap?.key ?? null };
}

async function videoFramePts(file: string): Promise<Array<{ key: boolean; ptsS: number }>> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=key_frame,pts_time', '-of', 'csv=p=0', file], { maxBuffer: 16 * 1024 * 1024 });
  return stdout
    .trim()
    .split('\n')
    .map((line) => line.split(',').map((f) => f.trim()))
    .filter(([, pts]) => pts !== undefined && Number.isFinite(Number(pts)))
    .map(([key, pts]) => ({ key: key === '1', ptsS: Number(pts) }));
}

/** The counter's value at the last sample at or before `tMs` (0 before the first). */
function counterBefore(samples: readonly CounterSample[], tMs: number): number {
  return samples.filter((p) => p.tMs <= tMs).at(-1)?.value ?? 0;
}

function encoderPid(): number {
  const live = listManagedProcesses().filter((p) => p.name === 'encoder' && p.state !== 'exited' && p.pid !== undefined);
  if (live.length !== 1) throw new Error(`bench: expected one running encoder, found ${live.length}`);
  return live[0]!.pid!;
}

/** The new encoder's frames: its stdout from the first chunk after the restart event (a new process, packet-aligned). */
function restartedEncoderFrames(engine: EngineRun, restartedAtMs: number): TsVideoFrame[] {
  const first = engine.encoderTimeline.findIndex((p) => p.tMs >= restartedAtMs);
  return first < 0 ? [] : tsVideoFrames(Buffer.concat(engine.encoderChunks.slice(first)));
}

/** The recording's first frame of the new encoder, matched by elementary-stream hash among frames after the kill. */
function firstRestartedFrame(recording: TsVideoFrame[], restarted: TsVideoFrame[], bytesAtKill: number): TsVideoFrame | null {
  const hashes = new Set(restarted.map((f) => f.hash));
  return recording.find((f) => f.endOffset > bytesAtKill && hashes.has(f.hash)) ?? null;
}

const since = (atMs: number | null | undefined, fromMs: number): number | null => (atMs === null || atMs === undefined ? null : atMs - fromMs);

/** One engine repetition: push `steadyMs`, SIGKILL the encoder, record until the new stream is well under way. */
export async function runEngineRestart(probe: FfmpegProbe, steadyMs: number): Promise<EngineRestartResult> {
  const cleanup = new Cleanup();
  try {
    const dir = await makeRepDir();
    cleanup.add(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'restart.ts');
    const ingest = await startIngest(cleanup, { outputFile: file, statsIntervalMs: 20 });
    const engine = await startEngine(probe, dir, srtUrl(ingest.port, 'restart'));
    cleanup.add(() => engine.broadcast.stop());
    await until(() => ingest.meter.firstDataAtMs !== null, 15_000, 'the first byte at the ingest (engine)');
    await sleep(steadyMs);

    const pid = encoderPid();
    const killedAtMs = performance.now();
    process.kill(pid, 'SIGKILL');
    const restarted = (): (typeof engine.events)[number] | undefined => engine.events.find((e) => e.kind === 'encoder-restarted' && e.atMs >= killedAtMs);
    await until(() => restarted() !== undefined, 10_000, 'the encoder-restarted event');
    const restartedAtMs = restarted()!.atMs;
    await until(() => (engine.senderTimeline.at(-1)?.tMs ?? 0) > restartedAtMs, 15_000, 'the restarted stream at the sender');
    await sleep(RECORD_AFTER_RESTART_MS);
    const disconnectsBeforeStop = ingest.listener.disconnects;
    await engine.broadcast.stop();
    await ingest.listener.stop(); // flushes the recording

    const firstNewChunkAtMs = engine.encoderTimeline.find((p) => p.tMs >= restartedAtMs)?.tMs ?? null;
    const recording = tsVideoFrames(await readFile(file));
    const first = firstRestartedFrame(recording, restartedEncoderFrames(engine, restartedAtMs), counterBefore(ingest.meter.timeline, killedAtMs));
    const key = first?.key ? first : null;
    const errors = await decodeErrors(file);
    const result: EngineRestartResult = {
      steadyMs,
      restartEventMs: restartedAtMs - killedAtMs,
      encoderOutputMs: since(firstNewChunkAtMs, killedAtMs),
      senderInputMs: firstNewChunkAtMs === null ? null : since(engine.senderTimeline.find((p) => p.tMs >= firstNewChunkAtMs)?.tMs, killedAtMs),
      heldTailBytes: firstNewChunkAtMs === null ? 0 : counterBefore(engine.senderTimeline, firstNewChunkAtMs) - counterBefore(engine.senderTimeline, killedAtMs),
      firstEncoderStartupMs: since(engine.encoderTimeline[0]?.tMs, engine.startedAtMs),
      outputGapMs: firstNewChunkAtMs === null ? null : since(firstNewChunkAtMs, engine.encoderTimeline.filter((p) => p.tMs <= killedAtMs).at(-1)?.tMs ?? killedAtMs),
      firstByteMs: first ? since(arrivalAtCounter(ingest.meter.timeline, first.startOffset + 1), killedAtMs) : null,
      firstKeyframeMs: key ? since(arrivalAtCounter(ingest.meter.timeline, key.endOffset), killedAtMs) : null,
      firstKeyframeDeliveredMs: key ? since(timeAtCounter(deliveredTimeline(ingest.listener), key.endOffset), killedAtMs) : null,
      firstNewFrameIsKey: first ? first.key : null,
      srtSessions: ingest.listener.acceptedStreamIds.length,
      disconnectsBeforeStop,
      pts: ptsContinuity(await videoFramePts(file)),
      decodesCleanly: errors === '',
      decodeErrorLines: errors === '' ? 0 : errors.split('\n').length,
      decodeErrors: errors.split('\n').slice(0, 5).join(' | '),
      restartDetail: restarted()?.detail ?? null,
    };
    if (!first) log(`engine restart: the new encoder's frames were not found in the recording; engine log:\n  ${engine.broadcast.logs().slice(-12).join('\n  ')}`);
    log(`engine restart: event ${result.restartEventMs?.toFixed(0)} ms, new encoder output ${result.encoderOutputMs?.toFixed(0)} ms, sender input ${result.senderInputMs?.toFixed(0)} ms (held tail ${result.heldTailBytes} B), first byte ${result.firstByteMs?.toFixed(0)} ms, keyframe ${result.firstKeyframeMs?.toFixed(0)} ms (delivered ${result.firstKeyframeDeliveredMs?.toFixed(0)} ms), sessions ${result.srtSessions}, PTS steps back ${result.pts.stepsBack}, gap ${result.pts.largestGapMs?.toFixed(0)} ms (output gap ${result.outputGapMs?.toFixed(0)} ms, first start-up ${result.firstEncoderStartupMs?.toFixed(0)} ms) then key=${result.pts.frameAfterGapIsKey}, decode errors ${result.decodeErrorLines}`);
    return result;
  } finally {
    await cleanup.run();
  }
}

/** One baseline repetition: push `steadyMs`, SIGKILL the plain ffmpeg, start a new one at once (its own SRT session). */
export async function runPlainRestart(probe: FfmpegProbe, steadyMs: number): Promise<PlainRestartResult> {
  const cleanup = new Cleanup();
  try {
    const dir = await makeRepDir();
    cleanup.add(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'plain.ts');
    const ingest = await startIngest(cleanup, { outputFile: file, statsIntervalMs: 20 });
    // The second session gets its own relay in front of the same listener: its bytes are counted from zero.
    const second = await SrtWireMeter.start(ingest.listener.port);
    cleanup.add(() => second.close());
    const firstPush = startPlainPush(probe, ingest.port);
    cleanup.add(() => firstPush.stop());
    await until(() => ingest.meter.firstDataAtMs !== null, 15_000, 'the first byte (plain ffmpeg)');
    await sleep(steadyMs);

    const killedAtMs = performance.now();
    process.kill(firstPush.pid!, 'SIGKILL');
    const secondPush = startPlainPush(probe, second.port);
    cleanup.add(() => secondPush.stop());
    await until(() => second.firstDataAtMs !== null, 15_000, 'the first byte of the new plain ffmpeg');
    // The listener takes the new caller once the killed session has timed out; then let it deliver the first GOP.
    await ingest.listener.waitFor(() => ingest.listener.acceptedStreamIds.length >= 2, 20_000, 'the second SRT session');
    await sleep(1500);
    await secondPush.stop();
    await ingest.listener.stop(); // flushes the recording

    const firstSessionBytes = ingest.meter.payloadBytes;
    const secondSession = (await readFile(file)).subarray(firstSessionBytes);
    if (secondSession[0] !== 0x47) log(`plain ffmpeg restart: the recording has no TS packet where the second session should begin (byte ${firstSessionBytes}); its figures are off`);
    const frames = tsVideoFrames(secondSession);
    const key = frames.find((f) => f.key) ?? null;
    const result: PlainRestartResult = {
      steadyMs,
      firstByteMs: since(second.firstDataAtMs, killedAtMs),
      firstKeyframeMs: key ? since(arrivalAtCounter(second.timeline, key.endOffset), killedAtMs) : null,
      firstKeyframeDeliveredMs: key ? since(timeAtCounter(deliveredTimeline(ingest.listener), firstSessionBytes + key.endOffset), killedAtMs) : null,
      srtSessions: ingest.listener.acceptedStreamIds.length,
      firstFrameIsKey: frames[0]?.key ?? null,
    };
    log(`plain ffmpeg restart: first byte ${result.firstByteMs?.toFixed(0)} ms, keyframe ${result.firstKeyframeMs?.toFixed(0)} ms (delivered ${result.firstKeyframeDeliveredMs?.toFixed(0)} ms), sessions ${result.srtSessions}, first frame key=${result.firstFrameIsKey}`);
    return result;
  } finally {
    await cleanup.run();
  }
}
