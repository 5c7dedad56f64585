// The desktop backend (what Electron's IPC calls) against the fake Gcore API and the real Secret Service.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppBackend } from '../../src/main/app/createAppBackend';
import type { AppBackend } from '../../src/main/app/appBackend';
import type { BroadcastChoices } from '../../src/shared/settingsSchemas';
import { startFakeGcoreApi, type FakeGcoreApi } from '../support/fakeGcoreApi';

let api: FakeGcoreApi;
let backend: AppBackend;
let configDir: string;
const opened = vi.fn(async (_url: string) => undefined);

beforeAll(async () => {
  api = await startFakeGcoreApi({ token: '7711_backendTestTokenValue' });
  api.addStream({ name: 'Morning show', active: true });
  configDir = await mkdtemp(join(tmpdir(), 'srtc-backend-'));
  backend = createAppBackend({
    env: { ...process.env, GCORE_API_URL: api.baseUrl, SRT_COMPANION_KEYCHAIN_SERVICE: `srt-companion-backend-${process.pid}` },
    platform: 'linux',
    configDir,
    openExternal: opened,
  });
});

afterAll(async () => {
  await backend.signOut();
  await backend.shutdown();
  await api.close();
});

describe('desktop backend', () => {
  it('refuses a wrong token without storing it or echoing it, then signs in and out', async () => {
    const wrong = await backend.signIn('7711_notTheRightToken');
    expect(wrong).toMatchObject({ ok: false, code: 'token_rejected' });
    expect(JSON.stringify(wrong)).not.toContain('notTheRightToken');
    expect(await backend.accountStatus()).toEqual({ ok: true, value: { signedIn: false, apiBaseUrl: api.baseUrl } });

    expect(await backend.signIn(' 7711_backendTestTokenValue\n')).toEqual({ ok: true, value: { signedIn: true, apiBaseUrl: api.baseUrl } });
    const streams = await backend.listStreams();
    expect(streams.ok && streams.value.map((s) => s.name)).toEqual(['Morning show']);
    expect(JSON.stringify(streams)).not.toMatch(/#[0-9a-f]{6,}/); // stream keys stay in main
  });

  it('sets up pull with the retry policy, and refuses private sources before calling the API', async () => {
    const id = [...api.streams.keys()][0]!;
    const before = api.requests.length;
    expect(await backend.setPull(id, ['rtmp://10.0.0.5/live/x'])).toMatchObject({ ok: false });
    expect(api.requests.length).toBe(before);
    const ok = await backend.setPull(id, ['srt://origin.example.com:9000?streamid=feed']);
    expect(ok.ok && ok.value.stream.pull).toBe(true);
    expect(ok.ok && ok.value.retryPolicy.join('\n')).toContain('round-robin');
    expect(await backend.pullOff(id)).toMatchObject({ ok: true, value: { pull: false } });
  });

  it('saves only the broadcast choices: the token, the API address and the ffmpeg path are refused', async () => {
    const broadcast = {
      input: { kind: 'testsrc' },
      audio: { kind: 'none' },
      width: 1920,
      height: 1080,
      fps: 25,
      bitrateKbps: 4500,
      keyintSeconds: 1,
      encoder: 'libx265',
      latencyMs: 2500,
      mode: 'redundant',
    } satisfies BroadcastChoices;
    expect(await backend.saveSettings({ broadcast, token: 'should-not-be-saved' } as never)).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await backend.saveSettings({ broadcast, apiBaseUrl: 'https://collector.evil.example' } as never)).toMatchObject({ ok: false, code: 'setting_not_allowed' });
    expect(await backend.saveSettings({ broadcast, ffmpegPath: '/tmp/evil' } as never)).toMatchObject({ ok: false, code: 'setting_not_allowed' });
    const saved = await backend.saveSettings({ broadcast });
    expect(saved).toEqual({ ok: true, value: { broadcast } });
    const file = await readFile(join(configDir, 'settings.json'), 'utf8');
    expect(file).not.toMatch(/should-not-be-saved|evil/);
    expect(await backend.loadSettings()).toEqual(saved);
  });

  it('without native dialogs (no window), refuses to change the API address or the ffmpeg program', async () => {
    expect(await backend.setApiBaseUrl('https://api.example.com')).toMatchObject({ ok: false, code: 'no_dialog' });
    expect(await backend.chooseFfmpegPath()).toMatchObject({ ok: false, code: 'no_dialog' });
    expect(await backend.accountStatus()).toMatchObject({ ok: true, value: { apiBaseUrl: api.baseUrl } });
  });

  it('opens only allowlisted Gcore links in the system browser', async () => {
    expect(await backend.openExternal('https://portal.gcore.com/streaming/streaming/list')).toEqual({ ok: true, value: true });
    expect(await backend.openExternal('https://evil.example/')).toEqual({ ok: true, value: false });
    expect(await backend.openExternal('https://gcore.com\\@evil.example/')).toEqual({ ok: true, value: false });
    expect(await backend.openExternal('https://portal.gcore.com/\nhttps://evil.example/')).toEqual({ ok: true, value: false });
    // What was checked is what is opened: the parser's serialisation, not the raw string.
    expect(await backend.openExternal('https://Portal.Gcore.com/a/../docs')).toEqual({ ok: true, value: true });
    expect(opened.mock.calls).toEqual([['https://portal.gcore.com/streaming/streaming/list'], ['https://portal.gcore.com/docs']]);
  });

  it('reports an idle broadcast and exports a redacted log header', async () => {
    expect(await backend.broadcastStatus()).toEqual({ ok: true, value: { state: 'idle', reason: null, startedAtMs: null, config: null, viewerStory: null } });
    const logs = await backend.exportLogs();
    expect(logs.ok && logs.value).toMatch(/^SRT Companion logs, .* \(stream keys, passphrases and tokens removed\)$/);
  });
});
