// The whole engine with real ffmpeg and real SRT listeners on 127.0.0.1; impairment from the user-space UDP proxy.
// Timings are shortened through the engine's settings; bounds here are generous integration limits, the benchmark
// (npm run bench) measures the real figures.
import { until } from '../support/waitUntil';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { BroadcastConfig, BroadcastEvent, StatsSnapshot } from '../../src/shared/broadcastTypes';
import type { Broadcast } from '../../src/main/broadcast/broadcast';
import { startBroadcast } from '../support/startBroadcast';
import { discoverFfmpeg } from '../../src/main/ffmpeg/probeFfmpeg';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import { SrtTestListener } from '../support/srtListener';
import { UdpImpairProxy } from '../support/udpImpairProxy';

const run = promisify(execFile);
const KEY = '08cd54f0';

interface Rig {
  primary: SrtTestListener;
  backup: SrtTestListener;
  primaryProxy: UdpImpairProxy;
  dir: string;
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function rig(): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'srtc-engine-'));
  const primary = await SrtTestListener.start({ latencyMs: 200, outputFile: join(dir, 'primary.ts'), statsIntervalMs: 50 });
  cleanups.push(() => primary.stop());
  const backup = await SrtTestListener.start({ latencyMs: 200, outputFile: join(dir, 'backup.ts'), statsIntervalMs: 50 });
  cleanups.push(() => backup.stop());
  const primaryProxy = await UdpImpairProxy.start({ targetPort: primary.port });
  cleanups.push(() => primaryProxy.close());
  return { primary, backup, primaryProxy, dir };
}

function config(r: Rig, mode: BroadcastConfig['mode']): BroadcastConfig {
  return {
    target: {
      kind: 'urls',
      primary: `srt://127.0.0.1:${r.primaryProxy.port}?streamid=123#${KEY}`,
      backup: `srt://127.0.0.1:${r.backup.port}?streamid=123b#${KEY}`,
    },
    input: { kind: 'testsrc' },
    audio: { kind: 'tone' },
    width: 640,
    height: 360,
    fps: 30,
    bitrateKbps: 800,
    keyintSeconds: 2,
    encoder: 'libx265',
    latencyMs: 200,
    mode,
  };
}

async function start(r: Rig, mode: BroadcastConfig['mode'], failover: Record<string, number> = {}) {
  const probe = await discoverFfmpeg({ env: process.env, platform: 'linux' });
  const handle: Broadcast = await startBroadcast(config(r, mode), {
    probe,
    platform: 'linux',
    recordDir: r.dir,
    x265Preset: 'ultrafast',
    tuning: {
      failover: {
        primaryRetryMinIntervalMs: 3000,
        retryBackoff: { initialMs: 3000, factor: 1.5, maxMs: 6000, jitterRatio: 0 },
        failbackStableMs: 4000,
        failbackMarginMs: 1000,
        connectTimeoutMs: 4000,
        ...failover,
      },
    },
  });
  cleanups.push(() => handle.stop());
  const events: Array<BroadcastEvent & { atMs: number }> = [];
  const stats: StatsSnapshot[] = [];
  handle.on('event', (e) => events.push({ ...e, atMs: performance.now() }));
  handle.on('stats', (s) => stats.push(s));
  return { handle, events, stats };
}


async function ffprobeFrames(file: string): Promise<Array<{ key: boolean; pts: number }>> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=key_frame,pts_time', '-of', 'csv=p=0', file]);
  return stdout
    .trim()
    .split('\n')
    .map((l) => l.split(','))
    .map(([key, pts]) => ({ key: key === '1', pts: Number(pts) }));
}

async function decodeErrors(file: string): Promise<string> {
  const { stderr } = await run('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-']);
  return stderr.trim();
}

describe('broadcast engine, failover mode', () => {
  it('pushes HEVC with 2 s keyframes and the exact stream id, fails over to the backup and back', async () => {
    const r = await rig();
    const { handle, events, stats } = await start(r, 'failover');

    await until(() => r.primary.bytesReceived > 650_000, 30_000, 'the primary to receive ~6 s of stream');
    expect(r.primary.acceptedStreamIds).toEqual([`123#${KEY}`]);
    expect(r.backup.bytesReceived).toBe(0);
    expect(events.find((e) => e.kind === 'connected')).toMatchObject({ role: 'primary' });

    // Primary path blackholed: the tap notices the silence and the backup starts from the cached GOP.
    const holedAt = performance.now();
    r.primaryProxy.blackhole(true);
    await until(() => r.backup.bytesReceived > 0, 10_000, 'the first byte at the backup');
    const gapMs = performance.now() - holedAt;
    // The backup was started as a hedge on the suspicion; the switch itself comes once the grace time has passed.
    expect(events.find((e) => e.kind === 'suspect')).toMatchObject({ role: 'primary' });
    await until(() => events.some((e) => e.kind === 'failover'), 10_000, 'the failover after the grace time');
    const failover = events.find((e) => e.kind === 'failover');
    expect(failover?.detail).toMatch(/primary/);
    expect(failover?.detail).toMatch(/silent|nothing came back|no answer|stopped answering/i);
    expect(r.backup.acceptedStreamIds).toEqual([`123b#${KEY}`]);
    expect(gapMs).toBeLessThan(3000); // integration bound; the benchmark reports the real gap
    console.log(`failover gap (blackhole → first byte at backup): ${gapMs.toFixed(0)} ms`);
    await until(() => stats.at(-1)?.active === 'backup', 5000, 'backup active in the stats');

    // Primary restored: reconnect (never sooner than 3 s apart), overlap, failback, and only then the backup stops.
    await new Promise((res) => setTimeout(res, 1500));
    r.primaryProxy.blackhole(false);
    await until(() => events.some((e) => e.kind === 'failback'), 30_000, 'failback');
    const failback = events.find((e) => e.kind === 'failback')!;
    const backupBytesAtFailback = r.backup.bytesReceived;
    expect(stats.at(-1)?.uplinks.find((u) => u.role === 'backup')?.state).not.toBe('stopped');
    await until(() => stats.at(-1)?.uplinks.find((u) => u.role === 'backup')?.state === 'standby' || stats.at(-1)?.uplinks.find((u) => u.role === 'backup')?.state === 'stopped', 5000, 'backup stopped after failback');
    const primaryLiveAgain = events.filter((e) => e.kind === 'connected' && e.role === 'primary').at(-1)!;
    expect(failback.atMs - primaryLiveAgain.atMs).toBeGreaterThanOrEqual(4000); // the configured overlap
    expect(backupBytesAtFailback).toBeGreaterThan(0);

    const attempts = handle.policyState()!.uplinks.primary;
    expect(attempts.attempts).toBeGreaterThanOrEqual(2);
    // Gcore rate-limits connection attempts: consecutive primary attempts (each a new socket reaching the primary's
    // path) are never closer than the configured 3 s.
    const starts = r.primaryProxy.clientsSeen.map((c) => c.firstSeenMs);
    expect(starts.length).toBe(attempts.attempts);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(3000);
    await handle.stop();

    // What the backup recorded starts with a keyframe and decodes cleanly.
    const backupFrames = await ffprobeFrames(join(r.dir, 'backup.ts'));
    expect(backupFrames[0]?.key).toBe(true);
    expect(await decodeErrors(join(r.dir, 'backup.ts'))).toBe('');
    // The primary's first session (the file holds both sessions; the second starts from a cached GOP, its timestamps
    // running on from the first's, so the listener's byte count at the first disconnect tells them apart): a keyframe
    // every 2 s.
    const firstSessionBytes = r.primary.sessionEndsAtBytes[0];
    expect(firstSessionBytes).toBeGreaterThan(650_000);
    const firstSessionFile = join(r.dir, 'primary-first-session.ts');
    await writeFile(firstSessionFile, (await readFile(join(r.dir, 'primary.ts'))).subarray(0, firstSessionBytes));
    const firstSession = (await ffprobeFrames(firstSessionFile)).filter((f) => f.key).map((f) => f.pts);
    expect(firstSession.length).toBeGreaterThanOrEqual(3);
    const intervals = firstSession.slice(1).map((p, i) => p - firstSession[i]!);
    for (const d of intervals) expect(d).toBeCloseTo(2, 1);
  }, 90_000);
});

describe('hedged failover (make before break)', () => {
  async function hedgeRig(latencyMs: number) {
    const dir = await mkdtemp(join(tmpdir(), 'srtc-hedge-'));
    const primary = await SrtTestListener.start({ latencyMs, statsIntervalMs: 100 });
    const backup = await SrtTestListener.start({ latencyMs, statsIntervalMs: 100 });
    cleanups.push(() => primary.stop(), () => backup.stop());
    const primaryProxy = await UdpImpairProxy.start({ targetPort: primary.port });
    cleanups.push(() => primaryProxy.close());
    const probe = await discoverFfmpeg({ env: process.env, platform: 'linux' });
    const c: BroadcastConfig = {
      ...config({ primary, backup, primaryProxy, dir }, 'failover'),
      latencyMs,
    };
    const handle = await startBroadcast(c, { probe, platform: 'linux', recordDir: dir, x265Preset: 'ultrafast', tuning: { failover: { primaryRetryMinIntervalMs: 3000 } } });
    cleanups.push(() => handle.stop());
    const events: Array<BroadcastEvent & { atMs: number }> = [];
    const stats: StatsSnapshot[] = [];
    handle.on('event', (e) => events.push({ ...e, atMs: performance.now() }));
    handle.on('stats', (s) => stats.push(s));
    await until(() => primary.bytesReceived > 200_000 && stats.at(-1)?.onAir === true, 30_000, 'on air on the primary');
    return { handle, events, stats, primary, backup, primaryProxy };
  }

  it('a 1.5 s glitch (SRT latency 2000 ms) keeps the primary’s one SRT session, loses nothing, and stops the hedge at once', async () => {
    const { events, stats, primary, backup, primaryProxy } = await hedgeRig(2000);
    primaryProxy.blackhole(true);
    await until(() => events.some((e) => e.kind === 'suspect'), 5_000, 'the suspicion');
    await new Promise((res) => setTimeout(res, 1500 - 800));
    primaryProxy.blackhole(false);
    await until(() => events.some((e) => e.kind === 'recovered'), 5_000, 'the recovery');
    await new Promise((res) => setTimeout(res, 3000));
    expect(events.map((e) => e.kind)).not.toContain('failover');
    expect(events.find((e) => e.kind === 'recovered')?.detail).toMatch(/^primary answered again after \d\.\d s; the hedge backup is stopped/);
    expect(primary.acceptedStreamIds).toHaveLength(1); // the same SRT session throughout
    expect(primary.latestStats?.pktRcvDropTotal ?? -1).toBe(0); // retransmissions filled the gap in time
    expect(stats.at(-1)).toMatchObject({ active: 'primary', onAir: true, state: 'live' });
    expect(stats.at(-1)?.uplinks.find((u) => u.role === 'backup')?.state).toBe('standby');
    // The hedge may have reached the backup ingest (a few hundred ms of upload) but it was stopped.
    expect(backup.acceptedStreamIds.length).toBeLessThanOrEqual(1);
  }, 60_000);

  it('a 4 s outage becomes a real failover after the grace time; on air again through the backup', async () => {
    const { events, stats, primaryProxy } = await hedgeRig(200);
    const holedAt = performance.now();
    primaryProxy.blackhole(true);
    await until(() => events.some((e) => e.kind === 'failover'), 10_000, 'the failover');
    const suspect = events.find((e) => e.kind === 'suspect')!;
    const failover = events.find((e) => e.kind === 'failover')!;
    expect(suspect.atMs - holedAt).toBeLessThan(2000);
    expect(failover.atMs - suspect.atMs).toBeGreaterThanOrEqual(2400); // the 2.5 s grace
    expect(events.map((e) => e.kind)).not.toContain('recovered');
    await until(() => stats.at(-1)?.active === 'backup' && stats.at(-1)?.onAir === true, 10_000, 'on air through the backup');
    primaryProxy.blackhole(false);
  }, 60_000);
});

describe('refused by every ingest', () => {
  it('is never on air, says why, and ends as refused after one confirming attempt per ingest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srtc-refused-'));
    const primary = await SrtTestListener.start({ latencyMs: 200, rejectStreamId: '*' });
    const backup = await SrtTestListener.start({ latencyMs: 200, rejectStreamId: '*' });
    cleanups.push(() => primary.stop(), () => backup.stop());
    const probe = await discoverFfmpeg({ env: process.env, platform: 'linux' });
    const primaryProxy = await UdpImpairProxy.start({ targetPort: primary.port });
    cleanups.push(() => primaryProxy.close());
    const c = config({ primary, backup, primaryProxy, dir }, 'failover');
    const handle = await startBroadcast(c, { probe, platform: 'linux', recordDir: dir, x265Preset: 'ultrafast', tuning: { failover: { primaryRetryMinIntervalMs: 2000 } } });
    cleanups.push(() => handle.stop());
    const events: BroadcastEvent[] = [];
    const stats: StatsSnapshot[] = [];
    handle.on('event', (e) => events.push(e));
    handle.on('stats', (s) => stats.push(s));
    const end = await handle.ended;
    expect(end).toMatchObject({ state: 'failed', reason: 'refused' });
    expect(end.detail).toMatch(/every ingest refused the stream \(.*refused this stream id or key \(forbidden\).*\); check the stream key/);
    expect(primary.rejectedStreamIds).toHaveLength(2); // the refusal and one confirming attempt, no more
    expect(backup.rejectedStreamIds).toHaveLength(2);
    expect(stats.every((s) => !s.onAir && s.state !== 'live')).toBe(true);
    expect(events.map((e) => e.kind)).not.toContain('failover'); // nothing was ever on air
    expect(events.filter((e) => e.kind === 'state').map((e) => e.state)).not.toContain('live');
  }, 60_000);
});

describe('broadcast engine, redundant mode', () => {
  it('pushes to both ingests; one dying does not disturb the other', async () => {
    const r = await rig();
    const { handle, events } = await start(r, 'redundant');
    await until(() => r.primary.bytesReceived > 100_000 && r.backup.bytesReceived > 100_000, 20_000, 'both ingests receiving');
    r.primaryProxy.blackhole(true);
    await until(() => events.some((e) => e.kind === 'down' || e.kind === 'failover'), 5000, 'the primary reported down');
    const before = r.backup.bytesReceived;
    await new Promise((res) => setTimeout(res, 2000));
    expect(r.backup.bytesReceived - before).toBeGreaterThan(100_000); // ~800 kbps keeps flowing to the backup
    await handle.stop();
    expect(listManagedProcesses()).toEqual([]);
  }, 60_000);
});
