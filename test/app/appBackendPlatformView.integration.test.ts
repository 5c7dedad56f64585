// The platform's view during a broadcast, end to end with real parts: the desktop backend pushes real ffmpeg HEVC
// through the engine to the Gcore ingest model (real libsrt listeners) that stands behind the fake Gcore API over real
// HTTP. The stats lines carry what the API says it receives (live, region, size, frame rate, transcoding speed, the
// screenshot, the player page) from one poll of the stream, and a frame rate the platform sees differently from what
// we send becomes a warning.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppBackend } from '../../src/main/app/appBackend';
import { createAppBackend } from '../../src/main/app/createAppBackend';
import type { BroadcastConfig, StatsSnapshot } from '../../src/shared/broadcastTypes';
import { startFakeGcoreApi, type FakeGcoreApi } from '../support/fakeGcoreApi';
import { GcoreIngest } from '../support/gcoreIngest/gcoreIngest';
import { killAllSrtTestListeners } from '../support/srtListener';
import { statsAfter as statsAfterIn, testPushConfig } from '../support/testPushConfig';

const POLL_MS = 1000;

let api: FakeGcoreApi;
let backend: AppBackend;
let ingest: GcoreIngest | undefined;
const stats: Array<StatsSnapshot & { atMs: number }> = [];

beforeAll(async () => {
  api = await startFakeGcoreApi({ token: '7711_platformViewToken' });
  backend = createAppBackend({
    env: { ...process.env, GCORE_API_URL: api.baseUrl, SRT_COMPANION_KEYCHAIN_SERVICE: `srt-companion-platform-view-${process.pid}` },
    platform: 'linux',
    configDir: await mkdtemp(join(tmpdir(), 'srtc-platform-view-')),
    x265Preset: 'ultrafast',
    tuning: { streamPollMs: POLL_MS },
  });
  backend.subscribe({ stats: (s) => stats.push({ ...s, atMs: performance.now() }), event: () => undefined });
  expect(await backend.signIn(api.token)).toMatchObject({ ok: true });
  const started = await GcoreIngest.start();
  ingest = started;
  api.srtPrimaryPort = started.primary.port;
  api.srtBackupPort = started.backup.port;
});

afterAll(async () => {
  await backend.stopBroadcast();
  await ingest?.close();
  await killAllSrtTestListeners();
  await backend.signOut();
  await backend.shutdown();
  await api.close();
});

const config = (id: number): BroadcastConfig => testPushConfig({ kind: 'stream', gcoreStreamId: id });

const statsAfter = (sinceMs: number, test: (s: StatsSnapshot) => boolean, timeoutMs: number, what: string): Promise<StatsSnapshot> =>
  statsAfterIn(stats, sinceMs, test, timeoutMs, what);

const platformCodes = (s: StatsSnapshot): string[] => s.warnings.map((w) => w.code).filter((c) => c.startsWith('platform-'));

describe('the platform view during a broadcast (real push, fake API over HTTP)', () => {
  it('carries what Gcore receives on the stats line, from one poll, and warns when its frame rate differs from ours', async () => {
    const stream = api.addStream({ name: 'Platform view', active: true });
    await api.linkIngest(stream.id, ingest as GcoreIngest);
    const startedAt = performance.now();
    expect(await backend.startBroadcast(config(stream.id))).toMatchObject({ ok: true });

    const seen = await statsAfter(startedAt, (s) => s.onAir && s.platform?.live === true, 30_000, 'Gcore reports the stream live');
    expect(seen.platform).toMatchObject({
      live: true,
      backupLive: false,
      region: 'ed1',
      sourceType: 'srt',
      width: 640,
      height: 360,
      fps: 30,
      transcodingSpeed: 1,
      screenshotUrl: `https://demo-public.gvideo.io/screenshots/${stream.id}.jpg`,
      viewerPageUrl: stream.iframe_url,
    });
    expect(platformCodes(seen)).toEqual([]);

    // One GET of the stream per poll serves every watcher (not one timer and request each).
    const path = `/streaming/streams/${stream.id}`;
    const count = (): number => api.requests.filter((r) => r.method === 'GET' && r.path === path).length;
    const before = count();
    const windowStart = performance.now();
    await new Promise((r) => setTimeout(r, 5 * POLL_MS));
    const polls = count() - before;
    expect(polls).toBeGreaterThanOrEqual(1);
    expect(polls).toBeLessThanOrEqual(Math.ceil((performance.now() - windowStart) / POLL_MS) + 1);

    api.sourceMetrics = { ...api.sourceMetrics, frame_rate: 15 };
    const changedAt = performance.now();
    const warned = await statsAfter(changedAt, (s) => platformCodes(s).includes('platform-fps-mismatch'), 10_000, 'the frame-rate warning');
    expect(warned.platform?.fps).toBe(15);
    expect(warned.warnings.find((w) => w.code === 'platform-fps-mismatch')?.message).toContain('Gcore receives 15 fps, we send 30 fps');
    // The platform's links never carry the stream key.
    expect(JSON.stringify(stats)).not.toContain(stream.token);
  }, 60_000);
});
