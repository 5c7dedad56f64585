// Stream management during a broadcast, end to end with real parts: the desktop backend pushing real ffmpeg HEVC through
// the engine to the Gcore ingest model (real libsrt listeners behind the platform's rules) that stands behind the fake
// Gcore API over real HTTP. A key reset and a passphrase change reconnect the uplinks without restarting the encoder,
// the old key or passphrase is refused afterwards, disabling the stream takes the broadcast off air with the reason,
// and no new secret shows up in a Result, an event, a stats line or the exported logs; neither the new key nor the new
// passphrase is on any command line or in a child's environment (the tap writes the key and encrypts itself).

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppBackend } from '../../src/main/app/appBackend';
import { createAppBackend } from '../../src/main/app/createAppBackend';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import type { BroadcastConfig, BroadcastEvent, StatsSnapshot } from '../../src/shared/broadcastTypes';
import { startFakeGcoreApi, type FakeGcoreApi, type FakeStream } from '../support/fakeGcoreApi';
import { streamIdOf } from '../support/fakeGcoreIngestLink';
import { GcoreIngest } from '../support/gcoreIngest/gcoreIngest';
import { commandLinesShowing, environmentsShowing } from '../support/processes';
import { killAllSrtTestListeners } from '../support/srtListener';
import { statsAfter as statsAfterIn, testPushConfig } from '../support/testPushConfig';
import { FfmpegSender, stopAllSenders } from '../gcoreIngest/ffmpegSender';

/** The ingest model's rate limit and the engine's, shortened alike (Gcore's is 10 s) so each test waits 4 s, not 10. */
const MIN_ATTEMPT_GAP_MS = 4000;
const OLD_PASSPHRASE = 'Old-Pass-2718281828';
const NEW_PASSPHRASE = 'New-Pass-1414213562';

let api: FakeGcoreApi;
let backend: AppBackend;
let ingest: GcoreIngest | null = null;
const stats: Array<StatsSnapshot & { atMs: number }> = [];
const events: BroadcastEvent[] = [];

beforeAll(async () => {
  api = await startFakeGcoreApi({ token: '7711_liveStreamChangesToken' });
  backend = createAppBackend({
    env: { ...process.env, GCORE_API_URL: api.baseUrl, SRT_COMPANION_KEYCHAIN_SERVICE: `srt-companion-live-changes-${process.pid}` },
    platform: 'linux',
    configDir: await mkdtemp(join(tmpdir(), 'srtc-live-changes-')),
    x265Preset: 'ultrafast',
    tuning: { failover: { primaryRetryMinIntervalMs: MIN_ATTEMPT_GAP_MS }, streamPollMs: 1000 },
  });
  backend.subscribe({ stats: (s) => stats.push({ ...s, atMs: performance.now() }), event: (e) => events.push(e) });
  expect(await backend.signIn(api.token)).toMatchObject({ ok: true });
});

afterEach(async () => {
  await backend.stopBroadcast();
  await stopAllSenders();
  await ingest?.close();
  ingest = null;
  await killAllSrtTestListeners();
});

afterAll(async () => {
  await backend.signOut();
  await backend.shutdown();
  await api.close();
});

/** A stream on a fresh ingest model, linked to the fake API. */
async function streamOnIngest(fields: Record<string, unknown> = {}): Promise<FakeStream> {
  ingest = await GcoreIngest.start({ rules: { attemptMinIntervalMs: MIN_ATTEMPT_GAP_MS } });
  api.srtPrimaryPort = ingest.primary.port;
  api.srtBackupPort = ingest.backup.port;
  const stream = api.addStream({ name: 'On air', active: true, ...fields });
  await api.linkIngest(stream.id, ingest);
  return stream;
}

const config = (id: number): BroadcastConfig => testPushConfig({ kind: 'stream', gcoreStreamId: id });

const statsAfter = (sinceMs: number, test: (s: StatsSnapshot) => boolean, timeoutMs: number, what: string): Promise<StatsSnapshot> =>
  statsAfterIn(stats, sinceMs, test, timeoutMs, what);

/**
 * Starts the broadcast, waits until it is on air, then until the model's rate limit (which counts attempts per ingest,
 * whatever the key) allows a new attempt on the primary: the first one came before the on-air moment.
 */
async function goLive(id: number): Promise<{ encoderPid: number }> {
  const startedAt = performance.now();
  expect(await backend.startBroadcast(config(id))).toMatchObject({ ok: true });
  await statsAfter(startedAt, (s) => s.onAir, 20_000, 'on air');
  const encoderPid = listManagedProcesses().find((p) => p.name === 'encoder')?.pid;
  expect(encoderPid).toBeGreaterThan(0);
  await new Promise((r) => setTimeout(r, MIN_ATTEMPT_GAP_MS + 300));
  expect(ingest!.report().ignoredAttempts).toEqual([]);
  return { encoderPid: encoderPid! };
}

/**
 * The secret (a stream key or a passphrase) is in no Result, event, stats line, exported log, child environment or
 * command line: the tap writes the key into the handshake and does the SRT encryption itself.
 */
async function expectNowhere(secret: string, results: unknown[]): Promise<void> {
  for (const r of results) expect(JSON.stringify(r)).not.toContain(secret);
  expect(JSON.stringify(events)).not.toContain(secret);
  expect(JSON.stringify(stats)).not.toContain(secret);
  const logs = await backend.exportLogs();
  expect(logs.ok && logs.value.length).toBeGreaterThan(100);
  expect(JSON.stringify(logs)).not.toContain(secret);
  expect(process.argv.join(' ')).not.toContain(secret);
  const children = listManagedProcesses().map((p) => p.pid);
  expect(children.length).toBeGreaterThan(0);
  expect(await environmentsShowing(children, secret)).toEqual([]);
  expect(await commandLinesShowing(secret)).toEqual([]);
}

function encoderUnchanged(pid: number): void {
  expect(listManagedProcesses().filter((p) => p.name === 'encoder').map((p) => p.pid)).toEqual([pid]);
  expect(stats.at(-1)?.encoder.restarts).toBe(0);
}

describe('a running broadcast when the stream changes', () => {
  it('a key reset reconnects the uplinks with the new key at once and stays on air; the encoder never restarts; the old key is refused', async () => {
    const stream = await streamOnIngest();
    const oldKey = stream.token;
    const oldPrimaryId = streamIdOf(stream.push_url_srt);
    const { encoderPid } = await goLive(stream.id);
    const reset = await backend.resetStreamKey(stream.id);
    const resetAt = performance.now(); // from here the stats describe the new sessions (the old ones are stopped)
    const newKey = api.streams.get(stream.id)!.token;
    expect(newKey).not.toBe(oldKey);
    expect(reset).toMatchObject({
      ok: true,
      value: { ingestStillRunning: false, restartBroadcast: false, uplinksReconnected: true, broadcastNote: expect.stringContaining('reconnects its uplinks with the new key') },
    });
    await statsAfter(resetAt, (s) => s.onAir && s.state === 'live', 8000, 'on air again with the new key');
    const primaryId = streamIdOf(api.streams.get(stream.id)!.push_url_srt)!;
    const listener = ingest!.primary.listener;
    await listener.waitFor(() => listener.acceptedStreamIds.at(-1) === primaryId, 3000, 'the new stream id accepted');
    expect(listener.acceptedStreamIds).toEqual([oldPrimaryId, primaryId]); // one session per key
    expect(ingest!.report().ignoredAttempts).toEqual([]); // the new session was admitted at its first attempt
    expect(ingest!.backup.stats().dataPackets).toBe(0); // the backup was never needed
    expect(events.some((e) => e.kind === 'targets-changed' && e.role === 'primary')).toBe(true);
    encoderUnchanged(encoderPid);

    // The ingest refuses the old key from now on (the backup URL is free: in failover mode nothing pushes to it).
    const old = FfmpegSender.start({ url: ingest!.backup.url, streamId: `${stream.id}b#${oldKey}` });
    expect((await old.exited).code).not.toBe(0);
    expect(ingest!.backup.rejectionsSent).toMatchObject([{ code: 2403 }]);
    await expectNowhere(newKey, [reset]);
  }, 90_000);

  it('a reset answered 202 says the platform may still hold the old connection, and still reconnects', async () => {
    const stream = await streamOnIngest();
    await goLive(stream.id);
    api.resetCannotEndIngest = true;
    try {
      const reset = await backend.resetStreamKey(stream.id);
      const resetAt = performance.now();
      expect(reset).toMatchObject({ ok: true, value: { ingestStillRunning: true, uplinksReconnected: true, broadcastNote: expect.stringContaining('may still hold it') } });
      await statsAfter(resetAt, (s) => s.onAir, 10_000, 'on air again after the 202');
      await expectNowhere(api.streams.get(stream.id)!.token, [reset]);
    } finally {
      api.resetCannotEndIngest = false;
    }
  }, 90_000);

  it('a passphrase change on an encrypted stream reconnects with the new passphrase; the old one is refused', async () => {
    const stream = await streamOnIngest({ srt_passphrase: OLD_PASSPHRASE });
    const { encoderPid } = await goLive(stream.id);
    const changed = await backend.setStreamPassphrase(stream.id, NEW_PASSPHRASE);
    const changedAt = performance.now();
    expect(changed).toMatchObject({ ok: true, value: { stream: { hasPassphrase: true }, restartBroadcast: false, uplinksReconnected: true } });
    await statsAfter(changedAt, (s) => s.onAir && s.state === 'live', 8000, 'on air again with the new passphrase');
    // The listener that requires the new passphrase accepted the engine and decrypts what it receives.
    const listener = ingest!.primary.listener;
    expect(listener.acceptedStreamIds).toEqual([streamIdOf(stream.push_url_srt)]);
    await listener.waitFor(() => (listener.latestStats?.pktRecvUniqueTotal ?? 0) > 50, 10_000, 'decrypted packets');
    expect(listener.latestStats?.pktRcvUndecryptTotal ?? 0).toBe(0);
    encoderUnchanged(encoderPid);

    // A caller with the old passphrase is refused by libsrt on the backup URL.
    const old = FfmpegSender.start({ url: ingest!.backup.url, streamId: `${stream.id}b#${stream.token}&passphrase=${OLD_PASSPHRASE}` });
    expect((await old.exited).code).not.toBe(0);
    expect(ingest!.backup.listener.acceptedStreamIds).toEqual([]);
    await expectNowhere(NEW_PASSPHRASE, [changed]);
  }, 90_000);

  it('disabling the stream being broadcast ends in not on air with the reason, nothing retried; enabling it goes back on air', async () => {
    const stream = await streamOnIngest();
    await goLive(stream.id);
    const offAt = performance.now();
    expect(await backend.setStreamActive(stream.id, false)).toMatchObject({ ok: true, value: { active: false } });
    const off = await statsAfter(offAt, (s) => s.state === 'notOnAir', 3000, 'not on air');
    expect(off).toMatchObject({ onAir: false, onAirReason: 'the stream was disabled' });
    expect(await backend.broadcastStatus()).toMatchObject({ ok: true, value: { state: 'notOnAir', reason: 'the stream was disabled' } });
    await new Promise((r) => setTimeout(r, 2500)); // the stream watcher polls every second: it must agree
    expect(stats.at(-1)).toMatchObject({ state: 'notOnAir', onAirReason: 'the stream was disabled', uplinks: [{ state: 'stopped' }, { state: 'stopped' }] });
    expect(listManagedProcesses().filter((p) => p.name.startsWith('sender-'))).toEqual([]);

    const onAt = performance.now();
    expect(await backend.setStreamActive(stream.id, true)).toMatchObject({ ok: true, value: { active: true } });
    await statsAfter(onAt, (s) => s.onAir, 10_000, 'on air again after enabling');
  }, 90_000);
});
