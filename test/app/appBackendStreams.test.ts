// The desktop backend's stream management against the fake Gcore API over real HTTP and the real Secret Service:
// each action, each error as a Result (401, 404, 422 with errors, 202 on reset), and no new key or passphrase in a
// Result or the exported logs.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppBackend } from '../../src/main/app/createAppBackend';
import type { AppBackend } from '../../src/main/app/appBackend';
import { testPushConfig } from '../support/testPushConfig';
import { RESET_INGEST_NOT_ENDED_MESSAGE, startFakeGcoreApi, type FakeGcoreApi } from '../support/fakeGcoreApi';

let api: FakeGcoreApi;
let backend: AppBackend;
const PASSPHRASE = 'Backend-Pass-31415926';

beforeAll(async () => {
  // Port 9: nothing answers SRT, so a broadcast started here stays "not on air" — running, which is all the tests need.
  api = await startFakeGcoreApi({ token: '7711_backendStreamsTokenValue', srtPrimaryPort: 9, srtBackupPort: 9 });
  backend = createAppBackend({
    env: { ...process.env, GCORE_API_URL: api.baseUrl, SRT_COMPANION_KEYCHAIN_SERVICE: `srt-companion-backend-streams-${process.pid}` },
    platform: 'linux',
    configDir: await mkdtemp(join(tmpdir(), 'srtc-backend-streams-')),
    x265Preset: 'ultrafast',
  });
  expect(await backend.signIn(api.token)).toMatchObject({ ok: true });
});

afterAll(async () => {
  await backend.signOut();
  await backend.shutdown();
  await api.close();
});

describe('enable and disable', () => {
  it('switches the stream and returns its masked view', async () => {
    const s = api.addStream({ name: 'Switch' });
    const on = await backend.setStreamActive(s.id, true);
    expect(on).toMatchObject({ ok: true, value: { id: s.id, active: true } });
    expect(JSON.stringify(on)).not.toContain(s.token);
    expect(await backend.setStreamActive(s.id, false)).toMatchObject({ ok: true, value: { active: false } });
  });

  it('401, 404 and 422 with errors come back as Results with a code and one sentence', async () => {
    const id = api.addStream({ name: 'E' }).id;
    api.failNext(1, 401, { body: { detail: 'Token is invalid or expired' } });
    expect(await backend.setStreamActive(id, true)).toEqual({
      ok: false,
      code: 'token_rejected',
      // The app's words: no terminal command in the window.
      message: 'The Gcore API rejected the API token: sign out, then sign in under Account with a new token.',
    });
    expect(await backend.setStreamActive(424242, true)).toEqual({ ok: false, code: 'not_found', message: 'Stream 424242 not found in this Gcore account.' });
    api.failNext(1, 422, { body: { errors: { active: ['exceeds the limit of active streams'] } } });
    expect(await backend.setStreamActive(id, true)).toEqual({
      ok: false,
      code: 'validation',
      message: 'Gcore refused the stream settings: active exceeds the limit of active streams.',
    });
  });
});

describe('reset the key', () => {
  it('200: new masked URLs, the new key nowhere in the Result', async () => {
    const s = api.addStream({ name: 'Leaked', active: true });
    const r = await backend.resetStreamKey(s.id);
    const key = api.streams.get(s.id)!.token;
    expect(r).toEqual({
      ok: true,
      value: {
        stream: expect.objectContaining({ id: s.id, pushUrlSrt: `srt://127.0.0.1:9?streamid=${s.id}#****` }),
        ingestStillRunning: false,
        platformMessage: null,
        restartBroadcast: false,
      },
    });
    expect(JSON.stringify(r)).not.toContain(key);
  });

  it('202: the ingest still runs on the old key, with the platform message', async () => {
    const s = api.addStream({ name: 'Busy', active: true });
    api.setLive(s.id, { backup_live: true });
    api.resetCannotEndIngest = true;
    try {
      const r = await backend.resetStreamKey(s.id);
      expect(r).toMatchObject({ ok: true, value: { ingestStillRunning: true, platformMessage: RESET_INGEST_NOT_ENDED_MESSAGE, stream: { backupLive: true } } });
      expect(JSON.stringify(r)).not.toContain(api.streams.get(s.id)!.token);
    } finally {
      api.resetCannotEndIngest = false;
    }
  });

  it('404 and 401 as Results', async () => {
    expect(await backend.resetStreamKey(999999)).toMatchObject({ ok: false, code: 'not_found' });
    api.failNext(1, 401);
    expect(await backend.resetStreamKey(api.addStream({ name: 'x' }).id)).toMatchObject({ ok: false, code: 'token_rejected' });
  });
});

describe('SRT passphrase', () => {
  it('sets and clears it; only hasPassphrase comes back', async () => {
    const s = api.addStream({ name: 'Secret', active: true });
    const set = await backend.setStreamPassphrase(s.id, PASSPHRASE);
    expect(set).toMatchObject({ ok: true, value: { stream: { hasPassphrase: true }, restartBroadcast: false } });
    expect(JSON.stringify(set)).not.toContain(PASSPHRASE);
    expect(api.streams.get(s.id)?.srt_passphrase).toBe(PASSPHRASE);
    expect(await backend.setStreamPassphrase(s.id, null)).toMatchObject({ ok: true, value: { stream: { hasPassphrase: false } } });
  });

  it('refuses a bad one before the API, and masks one the server echoes in a 422', async () => {
    const id = api.addStream({ name: 'P' }).id;
    const before = api.requests.length;
    const short = await backend.setStreamPassphrase(id, 'short');
    expect(short).toEqual({ ok: false, code: 'bad_passphrase', message: 'The SRT passphrase has 5 characters: it must have 10 to 79.' });
    expect(api.requests.length).toBe(before);
    api.failNext(1, 422, { body: { errors: { srt_passphrase: [`${PASSPHRASE} is on a block list`] } } });
    const refused = await backend.setStreamPassphrase(id, PASSPHRASE);
    expect(refused).toEqual({ ok: false, code: 'validation', message: 'Gcore refused the stream settings: srt_passphrase **** is on a block list.' });
  });
});

describe('delete and pull off', () => {
  it('deletes (204), then 404', async () => {
    const s = api.addStream({ name: 'Gone' });
    expect(await backend.deleteStream(s.id)).toEqual({ ok: true, value: { id: s.id } });
    expect(api.streams.has(s.id)).toBe(false);
    expect(await backend.deleteStream(s.id)).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('turns pull off with uri: null, or with "" when the API refuses null', async () => {
    const a = api.addStream({ name: 'Pull A', pull: true, uri: 'rtmp://origin.example.com/a' });
    expect(await backend.pullOff(a.id)).toMatchObject({ ok: true, value: { pull: false, pullSources: [] } });
    expect(api.streams.get(a.id)?.uri).toBeNull();
    api.refuseNullUri = true;
    try {
      const b = api.addStream({ name: 'Pull B', pull: true, uri: 'rtmp://origin.example.com/b' });
      expect(await backend.pullOff(b.id)).toMatchObject({ ok: true, value: { pull: false } });
      expect(api.streams.get(b.id)?.uri).toBe('');
    } finally {
      api.refuseNullUri = false;
    }
  });
});

describe('while a broadcast runs', () => {
  it('a Go live to a switched-off stream is refused in the app’s words, in the Result and in the status', async () => {
    const off = api.addStream({ name: 'Off', active: false });
    const config = testPushConfig({ kind: 'stream', gcoreStreamId: off.id }, { keyintSeconds: 2 });
    const sentence = `Stream ${off.id} is switched off, so its ingest rejects pushes: enable it under Streams › Manage first.`;
    expect(await backend.startBroadcast(config)).toMatchObject({ ok: false, code: 'stream_inactive', message: sentence });
    expect(await backend.broadcastStatus()).toMatchObject({ ok: true, value: { state: 'failed', reason: sentence } });
  });

  it('hands a key reset or passphrase change to the broadcast to that stream (its uplinks reconnect), and logs no secret', async () => {
    const target = api.addStream({ name: 'On air', active: true });
    const other = api.addStream({ name: 'Other', active: true });
    const config = testPushConfig({ kind: 'stream', gcoreStreamId: target.id }, { keyintSeconds: 2 });
    const started = await backend.startBroadcast(config);
    expect(started).toMatchObject({ ok: true, value: { state: 'notOnAir' } });
    try {
      const reset = await backend.resetStreamKey(target.id);
      expect(reset).toMatchObject({ ok: true, value: { restartBroadcast: false, uplinksReconnected: true } });
      const otherReset = await backend.resetStreamKey(other.id);
      expect(otherReset).toMatchObject({ ok: true, value: { restartBroadcast: false } });
      expect(otherReset.ok && otherReset.value.broadcastNote).toBeUndefined();
      expect(await backend.setStreamPassphrase(target.id, PASSPHRASE)).toMatchObject({ ok: true, value: { restartBroadcast: false, uplinksReconnected: true } });
      const logs = await backend.exportLogs();
      expect(logs.ok).toBe(true);
      for (const secret of [api.streams.get(target.id)!.token, PASSPHRASE, api.token]) expect(JSON.stringify(logs)).not.toContain(secret);
    } finally {
      await backend.stopBroadcast();
    }
    expect(await backend.setStreamPassphrase(target.id, null)).toMatchObject({ ok: true, value: { restartBroadcast: false } });
  }, 60_000);
});
