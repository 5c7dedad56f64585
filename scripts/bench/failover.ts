// Failover runs: the primary path is blackholed by the impairment proxy. The engine (default timings) must detect it
// and bring up the backup from its GOP cache; the baseline is a plain ffmpeg whose libsrt notices the break by itself.

import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import type { BroadcastConfig } from '../../src/shared/broadcastTypes';
import type { FfmpegProbe } from '../../src/shared/ffmpegCapabilities';
import { UdpImpairProxy } from '../../test/support/udpImpairProxy';
import { arrivalAtCounter, timeAtCounter } from './benchMath';
import { Cleanup, makeRepDir, deliveredTimeline, log, sleep, srtUrl, startEngine, startIngest, senderTapPorts, startPlainProcess, startPlainPush, until, type EngineObservation, type PlainPush } from './rig';
import { udpDropsOf, udpSocketsOf } from './procMemNet';
import { tsVideoFrames } from './tsVideoFrames';

const run = promisify(execFile);

export interface EngineFailoverResult {
  startToFirstByteMs: number;
  /** Blackhole → the engine's `suspect` event (detection; the backup uplink is started as a hedge at once). */
  detectMs: number | null;
  /** Blackhole → first payload byte at the backup listener's socket. */
  firstByteMs: number;
  /** Blackhole → the backup's first keyframe fully received at the socket (the next video PES has begun). */
  firstKeyframeMs: number | null;
  /** Same, but delivered to the application by libsrt (after the 200 ms SRT latency buffer). */
  firstKeyframeDeliveredMs: number | null;
  /** Video frames the backup received within 50 ms of its first packet: the cached GOP sent as a burst. */
  gopBurstFrames: number;
  /** ffprobe: the backup recording's first video frame is a keyframe. */
  firstFrameIsKey: boolean;
  /** The backup recording decodes without a single error line (ffmpeg -v error). */
  decodesCleanly: boolean;
  decodeErrors: string;
  failoverDetail: string | null;
  /** The backup listener's srt_bstats at the end: packets it found missing, and those it dropped as too late to play. */
  backupLostPkts: number | null;
  backupDroppedPkts: number | null;
  /** Datagrams the kernel dropped on this process's UDP sockets (taps, relays) during the repetition. */
  udpDropsNodeProcess: number;
  /** The same on the relay in front of the backup listener alone (the harness, not the engine). */
  udpDropsBackupRelay: number;
}

export interface PlainFailoverResult {
  startToFirstByteMs: number;
  /** Blackhole → the plain ffmpeg exits (libsrt declared the connection broken). */
  exitMs: number;
  exitCode: number | null;
  lastLog: string | null;
}

async function firstVideoFrameIsKey(file: string): Promise<boolean> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-read_intervals', '%+#1', '-show_entries', 'frame=key_frame', '-of', 'csv=p=0', file]);
  return stdout.trim().split('\n')[0]?.split(',')[0]?.trim() === '1';
}

export async function decodeErrors(file: string): Promise<string> {
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-v', 'error', '-i', file, '-f', 'null', '-'], { maxBuffer: 16 * 1024 * 1024 });
  return stderr.trim();
}

/** What the engine pushes (default: the bench's live encode) and how much of it the rig keeps. */
export interface FailoverSource {
  config?: Partial<BroadcastConfig>;
  observation?: EngineObservation;
  /** The plain baseline's arguments toward `port` (default: the same encode straight to SRT). */
  plainArgs?: (port: number) => string[];
}

/** One engine repetition: primary via the proxy, backup direct; blackhole `steadyMs` after the first byte. */
export async function runEngineFailover(probe: FfmpegProbe, steadyMs: number, source: FailoverSource = {}): Promise<EngineFailoverResult> {
  const cleanup = new Cleanup();
  try {
    const dir = await makeRepDir();
    cleanup.add(() => rm(dir, { recursive: true, force: true }));
    const backupFile = join(dir, 'backup.ts');
    const udpDrops0 = udpDropsOf(process.pid);
    const primary = await startIngest(cleanup);
    const backup = await startIngest(cleanup, { outputFile: backupFile, statsIntervalMs: 20 });
    const proxy = await UdpImpairProxy.start({ targetPort: primary.port });
    cleanup.add(() => proxy.close());
    const engine = await startEngine(probe, dir, srtUrl(proxy.port, 'primary'), srtUrl(backup.port, 'backup'), undefined, source.config, source.observation);
    cleanup.add(() => engine.broadcast.stop());

    await until(() => primary.meter.firstDataAtMs !== null, 15_000, 'the first byte at the primary');
    const startToFirstByteMs = primary.meter.firstDataAtMs! - engine.startedAtMs;
    if (startToFirstByteMs > 2000) log(`slow engine start; its log:\n  ${engine.broadcast.logs().slice(-12).join('\n  ')}`);
    await sleep(steadyMs);
    if (backup.meter.firstDataAtMs !== null) throw new Error('bench: the backup received data before the failover');
    const holedAtMs = performance.now();
    proxy.blackhole(true);
    await until(() => backup.meter.firstDataAtMs !== null, 15_000, 'the first byte at the backup');
    await sleep(2500); // let the backup record more than a GOP's worth for the decode check
    const backupStats = backup.listener.latestStats;
    const udpDropsNodeProcess = udpDropsOf(process.pid) - udpDrops0;
    // The relay's front socket was opened in this repetition, so its counter started at 0.
    const sockets = udpSocketsOf(process.pid);
    const udpDropsBackupRelay = sockets.find((so) => so.localPort === backup.meter.port)?.drops ?? 0;
    const known: Record<number, string> = { [backup.meter.port]: 'backup relay', [primary.meter.port]: 'primary relay', [proxy.port]: 'proxy', ...senderTapPorts() };
    const dropping = sockets.filter((so) => so.drops > 0).map((so) => `${known[so.localPort] ?? `port ${so.localPort}`}: ${so.drops}`);
    if (dropping.length > 0) log(`UDP receive drops in this process: ${dropping.join(', ')}`);
    await engine.broadcast.stop();
    await backup.listener.stop(); // flushes the recording

    const failover = engine.events.find((e) => (e.kind === 'suspect' || e.kind === 'failover') && e.atMs >= holedAtMs) ?? null;
    const frames = tsVideoFrames(await readFile(backupFile));
    const firstKey = frames[0]?.key ? frames[0] : null;
    const keyAtWire = firstKey ? arrivalAtCounter(backup.meter.timeline, firstKey.endOffset) : null;
    const keyDelivered = firstKey ? timeAtCounter(deliveredTimeline(backup.listener), firstKey.endOffset) : null;
    const errors = await decodeErrors(backupFile);
    const firstAt = backup.meter.firstDataAtMs!;
    const burstBytes = backup.meter.timeline.filter((p) => p.tMs <= firstAt + 50).at(-1)?.value ?? 0;
    const result: EngineFailoverResult = {
      startToFirstByteMs,
      detectMs: failover ? failover.atMs - holedAtMs : null,
      firstByteMs: backup.meter.firstDataAtMs! - holedAtMs,
      firstKeyframeMs: keyAtWire === null ? null : keyAtWire - holedAtMs,
      firstKeyframeDeliveredMs: keyDelivered === null ? null : keyDelivered - holedAtMs,
      gopBurstFrames: frames.filter((f) => f.endOffset <= burstBytes).length,
      firstFrameIsKey: await firstVideoFrameIsKey(backupFile),
      decodesCleanly: errors === '',
      decodeErrors: errors.split('\n').slice(0, 3).join(' | '),
      failoverDetail: failover?.detail ?? null,
      backupLostPkts: backupStats?.pktRcvLossTotal ?? null,
      backupDroppedPkts: backupStats?.pktRcvDropTotal ?? null,
      udpDropsNodeProcess,
      udpDropsBackupRelay,
    };
    log(`engine failover: detect ${result.detectMs?.toFixed(0)} ms, first byte ${result.firstByteMs.toFixed(0)} ms, keyframe ${result.firstKeyframeMs?.toFixed(0)} ms (delivered ${result.firstKeyframeDeliveredMs?.toFixed(0)} ms), GOP burst ${result.gopBurstFrames} frames, key first=${result.firstFrameIsKey}, clean=${result.decodesCleanly}; backup lost ${result.backupLostPkts} dropped ${result.backupDroppedPkts} pkts, UDP drops here ${udpDropsNodeProcess} (${udpDropsBackupRelay} at the backup relay)${errors ? `; ${result.decodeErrors}` : ''}`);
    return result;
  } finally {
    await cleanup.run();
  }
}

/** One baseline repetition: a plain ffmpeg pushing through the proxy; how long until it notices the blackhole. */
export async function runPlainFailover(probe: FfmpegProbe, steadyMs: number, source: FailoverSource = {}): Promise<PlainFailoverResult> {
  const cleanup = new Cleanup();
  try {
    const ingest = await startIngest(cleanup);
    const proxy = await UdpImpairProxy.start({ targetPort: ingest.port });
    cleanup.add(() => proxy.close());
    const push: PlainPush = source.plainArgs ? startPlainProcess(probe, source.plainArgs(proxy.port)) : startPlainPush(probe, proxy.port);
    cleanup.add(() => push.stop());
    await until(() => ingest.meter.firstDataAtMs !== null, 15_000, 'the first byte (plain ffmpeg)');
    const startToFirstByteMs = ingest.meter.firstDataAtMs! - push.startedAtMs;
    await sleep(steadyMs);
    const holedAtMs = performance.now();
    proxy.blackhole(true);
    const exit = await Promise.race([push.exited, sleep(20_000).then(() => null)]);
    if (!exit) throw new Error('bench: the plain ffmpeg did not exit within 20 s of the blackhole');
    const result: PlainFailoverResult = { startToFirstByteMs, exitMs: exit.atMs - holedAtMs, exitCode: exit.code, lastLog: exit.lastLog };
    log(`plain ffmpeg failover: exited ${result.exitMs.toFixed(0)} ms after the blackhole (code ${exit.code}): ${result.lastLog ?? ''}`);
    return result;
  } finally {
    await cleanup.run();
  }
}
