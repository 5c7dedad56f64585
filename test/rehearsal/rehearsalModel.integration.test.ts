// The local rehearsal against the model of Gcore's ingest (issue 13 item 7): a Broadcast to `{kind:'local'}` with real
// ffmpeg senders, ffmpeg listeners behind the ingest fronts, faults injected on demand, and what viewers would see in
// the stats, the `viewers` events and the story at the end. Waits are generous; nothing asserts a duration.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BroadcastEvent, StatsSnapshot } from '../../src/shared/broadcastTypes';
import type { Broadcast } from '../../src/main/broadcast/broadcast';
import type { BroadcastDeps } from '../../src/main/broadcast/broadcastOptions';
import { discoverFfmpeg } from '../../src/main/ffmpeg/probeFfmpeg';
import { startBroadcast } from '../support/startBroadcast';
import { testPushConfig } from '../support/testPushConfig';
import { until } from '../support/waitUntil';

interface Run {
  handle: Broadcast;
  events: BroadcastEvent[];
  stats: StatsSnapshot[];
  dir: string;
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

async function rehearse(latencyMs: number, extra: Partial<BroadcastDeps> = {}): Promise<Run> {
  const dir = await mkdtemp(join(tmpdir(), 'srtc-rehearsal-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const config = testPushConfig({ kind: 'local' }, { audio: { kind: 'tone' }, bitrateKbps: 800, latencyMs });
  const probe = await discoverFfmpeg({ env: process.env, platform: 'linux' });
  const handle = await startBroadcast(config, {
    probe, platform: 'linux', recordDir: join(dir, 'recordings'), x265Preset: 'ultrafast',
    // A 1 s transcode start so viewers have a picture early; everything else is Gcore's documented figure.
    rehearsalRules: { startGapMs: 1000 }, ...extra,
  });
  cleanups.push(() => handle.stop());
  const run: Run = { handle, events: [], stats: [], dir };
  handle.on('event', (e) => run.events.push(e));
  handle.on('stats', (s) => run.stats.push(s));
  return run;
}

const trace = (run: Run): string => JSON.stringify({ events: run.events.map((e) => `${e.kind} ${e.role ?? ''}: ${e.detail}`), viewers: run.stats.at(-1)?.viewers });

async function withPicture(run: Run): Promise<void> {
  await until(() => run.stats.at(-1)?.onAir === true && run.stats.at(-1)?.viewers?.picture === true, 30_000, () => `a picture for viewers; ${trace(run)}`);
}

describe('rehearsal against the model of Gcore\'s ingest', () => {
  it('a 1.5 s glitch under a 2 s SRT latency costs viewers nothing: no switch, one primary session, the hedge stopped', async () => {
    const run = await rehearse(2000);
    await withPicture(run);
    expect(run.stats.at(-1)?.viewers).toMatchObject({ watching: 'primary', picture: true, noPictureS: 0, switches: 0 });
    expect(run.handle.simulateFault({ kind: 'glitch', target: 'primary', durationMs: 1500 })).toBe(true);
    expect(run.events.find((e) => e.kind === 'fault')).toMatchObject({ role: 'primary', detail: expect.stringContaining('drops every packet for 1.5 s') });
    await sleep(6000);
    await run.handle.stop();
    const story = run.handle.viewerStory();
    expect(story?.summary).toMatchObject({ noPictureS: 0, switches: 0, restarts: 0 });
    expect(story?.events.map((e) => e.text)).toEqual([expect.stringContaining('Gcore starts the stream from the primary ingest')]);
    expect(story?.pending).toEqual([]);
    // The glitch was real: the engine suspected the primary, hedged on the backup, and stopped the hedge.
    expect(run.events.map((e) => e.kind), trace(run)).toEqual(expect.arrayContaining(['suspect', 'recovered']));
    expect(run.events.some((e) => e.kind === 'failover'), trace(run)).toBe(false);
    expect(run.handle.recordings().filter((f) => f.includes('-primary-'))).toHaveLength(1);
  }, 90_000);

  it('a primary outage: the platform switches viewers to the backup (a `viewers` event, 15 s without picture) and the story says the switch back is pending', async () => {
    const run = await rehearse(200);
    await withPicture(run);
    run.handle.simulateFault({ kind: 'outage', target: 'primary', durationMs: 60_000 });
    await until(() => (run.stats.at(-1)?.viewers?.switches ?? 0) >= 1, 30_000, () => `a platform switch; ${trace(run)}`);
    const switchEvent = run.events.find((e) => e.kind === 'viewers' && e.detail.includes('switches viewers'));
    expect(switchEvent?.detail).toMatch(/from the primary to the backup ingest \(primary missing for \d+ ms, backup online\); viewers see no picture for about 15 s/);
    expect(run.stats.at(-1)?.viewers).toMatchObject({ watching: 'backup', picture: false, noPictureCause: 'switch-gap' });
    expect(run.stats.at(-1)).toMatchObject({ onAir: true, active: 'backup' });
    await run.handle.stop();
    const story = run.handle.viewerStory();
    expect(story?.summary.switches).toBe(1);
    expect(story?.summary.noPictureS).toBeGreaterThan(0);
    // The outage lasts past the stop: nothing brings viewers back to the primary within the story's horizon.
    expect(story?.pending.some((p) => p.text.includes('to the primary'))).toBe(false);
    // Recordings and their folders are private to this user.
    const file = run.handle.recordings()[0]!;
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dirname(file))).mode & 0o777).toBe(0o700);
    expect((await stat(dirname(dirname(file)))).mode & 0o777).toBe(0o700);
  }, 90_000);

  it('both ingests refusing the key ends the rehearsal as refused, never back on air', async () => {
    const run = await rehearse(200);
    await withPicture(run);
    run.handle.simulateFault({ kind: 'refuse-key', target: 'both' });
    const end = await run.handle.ended;
    expect(end).toMatchObject({ state: 'failed', reason: 'refused' });
    expect(run.events.filter((e) => e.kind === 'fault')).toHaveLength(1);
    expect(run.handle.simulateFault({ kind: 'glitch', target: 'primary' })).toBe(false);
  }, 90_000);

  it('a loss burst shows in the windowed loss figures and does not make the platform switch', async () => {
    const run = await rehearse(200);
    await withPicture(run);
    run.handle.simulateFault({ kind: 'loss', target: 'primary', lossPct: 20, durationMs: 4000 });
    await until(() => (run.stats.at(-1)?.uplinks.find((u) => u.role === 'primary')?.retransPct ?? 0) > 2, 15_000, () => `retransmissions; ${trace(run)}`);
    await sleep(3000);
    expect(run.stats.at(-1)?.viewers?.switches).toBe(0);
  }, 90_000);
});
