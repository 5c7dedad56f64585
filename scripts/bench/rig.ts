// Benchmark rig: cleanup stack, waits, the listener's clock and byte timelines, the engine under test (with its
// encoder output tapped in-process) and the baseline: one plain ffmpeg doing the same encode straight to SRT.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import type { BroadcastConfig, BroadcastEvent, StatsSnapshot } from '../../src/shared/broadcastTypes';
import type { FfmpegProbe } from '../../src/shared/ffmpegCapabilities';
import { Broadcast } from '../../src/main/broadcast/broadcast';
import type { BroadcastTuning } from '../../src/main/broadcast/broadcastOptions';
import { encodeSettingsFrom } from '../../src/main/broadcast/broadcastPlan';
import { buildEncoderArgs } from '../../src/main/ffmpeg/args/encoderArgs';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import { createProgressParser } from '../../src/main/ffmpeg/progressParser';
import { srtCallerUrl } from '../../src/main/srt/srtUrl';
import { SrtTestListener } from '../../test/support/srtListener';
import type { CounterSample } from './benchMath';
import { SrtWireMeter } from './srtWireMeter';
import { TsVideoFrameWalker, type TsVideoFrame } from './tsVideoFrames';

/** The settings every run uses (the brief's): 640x360@30, libx265 ultrafast, 800 kbps, SRT latency 200 ms. */
export const BENCH = { width: 640, height: 360, fps: 30, bitrateKbps: 800, keyintSeconds: 2, latencyMs: 200, preset: 'ultrafast' } as const;
/** libsrt counts IPv4 (20) + UDP (8) + SRT (16) = 44 header bytes per packet in its byte totals. */
export const IP_UDP_HEADER_BYTES = 28;
const STREAM_KEY = 'benchkey1';

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

/** LIFO stack of cleanups; every step runs even if an earlier one fails. */
export class Cleanup {
  private readonly steps: Array<() => Promise<unknown>> = [];
  add(step: () => Promise<unknown>): void {
    this.steps.push(step);
  }
  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) await step().catch((err: unknown) => log(`cleanup: ${String(err)}`));
  }
}

let runDir: string | null = null;

/** A fresh folder for one repetition's recordings, inside this run's temporary folder. */
export async function makeRepDir(): Promise<string> {
  runDir ??= await mkdtemp(join(tmpdir(), 'srtc-bench-'));
  return mkdtemp(join(runDir, 'rep-'));
}

/** Removes this run's temporary folder (end of run, errors, Ctrl-C). */
export async function removeRunDir(): Promise<void> {
  if (runDir) await rm(runDir, { recursive: true, force: true });
  runDir = null;
}

/** CLOCK_MONOTONIC (the listener's tMs) minus performance.now(): both run on the monotonic clock on Linux. */
const monotonicOffsetMs = Number(process.hrtime.bigint()) / 1e6 - performance.now();

/** A listener stats line's own timestamp on this process's performance.now() timeline. */
export function listenerLineAtMs(tMs: number): number {
  return tMs - monotonicOffsetMs;
}

/** Payload bytes handed to the application (after the SRT latency buffer, = file offsets), over time. */
export function deliveredTimeline(listener: SrtTestListener): CounterSample[] {
  return listener.statsHistory.map((s) => ({ tMs: listenerLineAtMs(s.tMs), value: s.bytesWritten }));
}

/** UDP payload bytes (SRT header included, as the engine's tap counts them) received, over time. */
export function datagramTimeline(listener: SrtTestListener): CounterSample[] {
  return listener.statsHistory.map((s) => ({ tMs: listenerLineAtMs(s.tMs), value: s.byteRecvTotal - IP_UDP_HEADER_BYTES * s.pktRecvTotal }));
}

/** A test ingest: the libsrt listener with a wire meter in front of it (callers connect to `port`). */
export interface Ingest {
  listener: SrtTestListener;
  meter: SrtWireMeter;
  port: number;
}

/** Starts a listener (SRT latency 200 ms) and its wire meter; both are closed by `cleanup`. */
export async function startIngest(cleanup: Cleanup, options: { outputFile?: string; statsIntervalMs?: number } = {}): Promise<Ingest> {
  const listener = await SrtTestListener.start({ latencyMs: BENCH.latencyMs, statsIntervalMs: options.statsIntervalMs ?? 50, outputFile: options.outputFile ?? null });
  cleanup.add(() => listener.stop());
  const meter = await SrtWireMeter.start(listener.port);
  cleanup.add(() => meter.close());
  return { listener, meter, port: meter.port };
}

function benchConfig(primaryUrl: string, backupUrl: string | undefined, overrides: Partial<BroadcastConfig> = {}): BroadcastConfig {
  return {
    target: { kind: 'urls', primary: primaryUrl, ...(backupUrl ? { backup: backupUrl } : {}) },
    input: { kind: 'testsrc' },
    audio: { kind: 'tone' },
    width: BENCH.width,
    height: BENCH.height,
    fps: BENCH.fps,
    bitrateKbps: BENCH.bitrateKbps,
    keyintSeconds: BENCH.keyintSeconds,
    encoder: 'libx265',
    latencyMs: BENCH.latencyMs,
    mode: 'failover',
    ...overrides,
  };
}

export function srtUrl(port: number, streamName: string): string {
  return `srt://127.0.0.1:${port}?streamid=${streamName}#${STREAM_KEY}`;
}

/** The engine under test, with its encoder's stdout and the primary sender's input recorded in-process. */
export interface EngineRun {
  broadcast: Broadcast;
  startedAtMs: number;
  events: Array<BroadcastEvent & { atMs: number }>;
  stats: Array<StatsSnapshot & { atMs: number }>;
  encoderChunks: Buffer[];
  /** Cumulative encoder stdout bytes after each chunk, at its arrival. */
  encoderTimeline: CounterSample[];
  /** What the fan-out wrote into the primary sender's stdin, and when. */
  senderChunks: Buffer[];
  senderTimeline: CounterSample[];
  /** 'frames' observation: the video access units of the encoder's output and of the primary sender's input. */
  encoderFrames: TsVideoFrame[];
  senderFrames: TsVideoFrame[];
  /** Time spent inside the observation hooks so far (walking and hashing in 'frames' mode), ms: harness work on the engine's thread. */
  observer: { ms: number };
}

/**
 * How the engine's bytes are observed: 'chunks' keeps every encoder and sender chunk (short runs at 800 kbps),
 * 'frames' walks them as they pass and keeps only each video frame's offsets and hash (high bitrates), 'none' keeps
 * nothing (the soak: no observer in the path at all).
 */
export type EngineObservation = 'chunks' | 'frames' | 'none';

/** 'frames' observation hashes this much of each access unit (the walk runs on the engine's thread: keep it cheap). */
export const FRAME_HASH_PREFIX_BYTES = 16 * 1024;

/** Starts the engine (failover mode, default timings unless `config` or `tuning` say otherwise) toward `primaryUrl` (and `backupUrl`). */
export async function startEngine(
  probe: FfmpegProbe,
  recordDir: string,
  primaryUrl: string,
  backupUrl?: string,
  tuning?: BroadcastTuning,
  config: Partial<BroadcastConfig> = {},
  observation: EngineObservation = 'chunks',
): Promise<EngineRun> {
  const startedAtMs = performance.now();
  let encoderTotal = 0;
  let senderTotal = 0;
  const run: Omit<EngineRun, 'broadcast'> = { startedAtMs, events: [], stats: [], encoderChunks: [], encoderTimeline: [], senderChunks: [], senderTimeline: [], encoderFrames: [], senderFrames: [], observer: { ms: 0 } };
  const keepChunks = observation === 'chunks';
  const encoderWalker = observation === 'frames' ? new TsVideoFrameWalker({ hashPrefixBytes: FRAME_HASH_PREFIX_BYTES }) : null;
  const senderWalker = observation === 'frames' ? new TsVideoFrameWalker({ hashPrefixBytes: FRAME_HASH_PREFIX_BYTES }) : null;
  // The engine's own measurement hooks: every byte is timed the moment the engine gets it or hands it to a sender.
  const broadcast = new Broadcast(benchConfig(primaryUrl, backupUrl, config), {
    probe,
    platform: 'linux',
    recordDir,
    x265Preset: BENCH.preset,
    ...(tuning ? { tuning } : {}),
    ...(observation === 'none' ? {} : {
      observe: {
        encoderOutput(chunk: Buffer) {
          const tMs = performance.now();
          encoderTotal += chunk.length;
          if (keepChunks) run.encoderChunks.push(chunk);
          if (encoderWalker) run.encoderFrames.push(...encoderWalker.push(chunk));
          run.encoderTimeline.push({ tMs, value: encoderTotal });
          run.observer.ms += performance.now() - tMs;
        },
        senderInput(role: string, chunk: Buffer) {
          if (role !== 'primary') return;
          const tMs = performance.now();
          senderTotal += chunk.length;
          if (keepChunks) run.senderChunks.push(chunk);
          if (senderWalker) run.senderFrames.push(...senderWalker.push(chunk));
          run.senderTimeline.push({ tMs, value: senderTotal });
          run.observer.ms += performance.now() - tMs;
        },
      },
    }),
  });
  broadcast.on('event', (e) => run.events.push({ ...e, atMs: performance.now() }));
  broadcast.on('stats', (s) => run.stats.push({ ...s, atMs: performance.now() }));
  await broadcast.start();
  return { ...run, broadcast };
}

/** The front port of each running sender's tap (from the sender's command line), labelled `<sender name>'s tap`. */
export function senderTapPorts(): Record<number, string> {
  const out: Record<number, string> = {};
  for (const p of listManagedProcesses()) {
    if (!p.name.startsWith('sender-') || p.pid === undefined) continue;
    try {
      const m = /srt:\/\/127\.0\.0\.1:(\d+)/.exec(readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
      if (m) out[Number(m[1])] = `${p.name}'s tap`;
    } catch {
      // the sender exited meanwhile
    }
  }
  return out;
}

/** The baseline: one ffmpeg with the engine's exact encoder arguments, muxing straight to SRT instead of stdout. */
export interface PlainPush {
  pid: number | undefined;
  startedAtMs: number;
  /** `-progress` total_size (bytes handed to libsrt) every 50 ms, at arrival. */
  progress: CounterSample[];
  /** Resolves at the child's 'exit' event (not after stderr drained), with its last stderr line. */
  exited: Promise<{ atMs: number; code: number | null; lastLog: string | null }>;
  /** SIGINT, SIGKILL after 2 s; resolves once it has exited. */
  stop(): Promise<void>;
}

/** The plain push's SRT settings: the benchmark's latency and stream id unless told otherwise. */
export interface PlainPushOptions {
  latencyMs?: number;
  streamName?: string;
}

export function plainPushArgs(port: number, options: PlainPushOptions = {}): string[] {
  const latencyMs = options.latencyMs ?? BENCH.latencyMs;
  const streamName = options.streamName ?? 'plain';
  const config = benchConfig(srtUrl(port, streamName), undefined, { latencyMs });
  const args = buildEncoderArgs(encodeSettingsFrom(config, 'libx265', 'linux', BENCH.preset), { progressUrl: 'pipe:3' });
  const period = args.indexOf('-stats_period');
  if (period < 0 || args.at(-1) !== 'pipe:1') throw new Error('bench: unexpected encoder argument layout; update plainPushArgs');
  args[period + 1] = '0.05'; // finer progress for the latency measurement (one short report line per 50 ms)
  const url = srtCallerUrl({ host: '127.0.0.1', port }, { mode: 'caller', latency: latencyMs * 1000, pkt_size: 1316, connect_timeout: 3000 });
  return [...args.slice(0, -1), '-srt_streamid', `${streamName}#${STREAM_KEY}`, url];
}

const plainChildren = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of plainChildren) child.kill('SIGKILL');
});

/**
 * The baseline for a pre-encoded file: one ffmpeg stream-copying it in real time, looped, straight to SRT (what a
 * streamer would run by hand), with the same `-progress` reports as the encode baseline.
 */
export function plainFileCopyArgs(file: string, port: number, options: PlainPushOptions = {}): string[] {
  const latencyMs = options.latencyMs ?? BENCH.latencyMs;
  const streamName = options.streamName ?? 'plain';
  const url = srtCallerUrl({ host: '127.0.0.1', port }, { mode: 'caller', latency: latencyMs * 1000, pkt_size: 1316, connect_timeout: 3000 });
  return [
    '-hide_banner', '-loglevel', 'warning', '-nostats', '-nostdin',
    '-progress', 'pipe:3', '-stats_period', '0.05',
    '-re', '-stream_loop', '-1', '-i', file,
    '-map', '0', '-c', 'copy', '-f', 'mpegts', '-srt_streamid', `${streamName}#${STREAM_KEY}`, url,
  ];
}

export function startPlainPush(probe: FfmpegProbe, port: number, options: PlainPushOptions = {}): PlainPush {
  return startPlainProcess(probe, plainPushArgs(port, options));
}

/** Spawns a baseline ffmpeg with `args` (which must send `-progress` to pipe:3). */
export function startPlainProcess(probe: FfmpegProbe, args: string[]): PlainPush {
  const startedAtMs = performance.now();
  // A bare spawn (not a ManagedProcess): its 'exit' event times the moment libsrt gave up, without a stderr drain.
  const child = spawn(probe.path, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  plainChildren.add(child);
  const progress: CounterSample[] = [];
  const parser = createProgressParser();
  (child.stdio[3] as Readable | null)?.on('data', (chunk: Buffer) => {
    const atMs = performance.now();
    for (const block of parser.push(chunk)) if (block.totalBytes !== null) progress.push({ tMs: atMs, value: block.totalBytes });
  });
  let lastLog: string | null = null;
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    if (lines.length > 0) lastLog = lines.at(-1)!.replaceAll(STREAM_KEY, '***');
  });
  const exited = new Promise<{ atMs: number; code: number | null; lastLog: string | null }>((resolve) => {
    child.once('exit', (code) => {
      plainChildren.delete(child);
      resolve({ atMs: performance.now(), code, lastLog });
    });
    child.once('error', () => {
      plainChildren.delete(child);
      resolve({ atMs: performance.now(), code: null, lastLog: `spawn failed: ${probe.path}` });
    });
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  };
  return { pid: child.pid, startedAtMs, progress, exited, stop };
}

/** A plain ffmpeg pushing to a fresh ingest, once its first byte arrived: both, and spawn → first byte in ms. */
export async function startPlainPushToFirstByte(probe: FfmpegProbe, cleanup: Cleanup) {
  const ingest = await startIngest(cleanup);
  const push = startPlainPush(probe, ingest.port);
  cleanup.add(() => push.stop());
  await until(() => ingest.meter.firstDataAtMs !== null, 15_000, 'the first byte at the ingest (plain ffmpeg)');
  return { ingest, push, startToFirstByteMs: ingest.meter.firstDataAtMs! - push.startedAtMs };
}
