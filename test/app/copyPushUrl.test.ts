// The reveal step for a push URL, against the fake Gcore API over real HTTP and the real Secret Service: main asks in
// its dialog, writes the real URL to the clipboard itself and returns only the masked one. Electron's clipboard and
// dialog cannot run here, so the backend gets fakes of its two ports (what they were asked is what the test checks).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppBackend } from '../../src/main/app/appBackend';
import { createAppBackend } from '../../src/main/app/createAppBackend';
import type { NativeDialogs } from '../../src/main/app/nativeDialogs';
import { startFakeGcoreApi, type FakeGcoreApi } from '../support/fakeGcoreApi';

let api: FakeGcoreApi;
let backend: AppBackend;
let noWindow: AppBackend;
const clipboard: string[] = [];
const asked: Parameters<NativeDialogs['confirm']>[0][] = [];
let answer = true;

beforeAll(async () => {
  api = await startFakeGcoreApi({ token: '7711_copyPushUrlTokenValue', srtPrimaryPort: 9, srtBackupPort: 9 });
  const env = { ...process.env, GCORE_API_URL: api.baseUrl, SRT_COMPANION_KEYCHAIN_SERVICE: `srt-companion-copy-url-${process.pid}` };
  const dialogs: NativeDialogs = {
    chooseFile: async () => null,
    confirm: async (request) => {
      asked.push(request);
      return answer;
    },
  };
  backend = createAppBackend({ env, platform: 'linux', configDir: await mkdtemp(join(tmpdir(), 'srtc-copy-url-')), dialogs, clipboard: { writeText: async (t) => void clipboard.push(t) } });
  noWindow = createAppBackend({ env, platform: 'linux', configDir: await mkdtemp(join(tmpdir(), 'srtc-copy-url-')) });
  expect(await backend.signIn(api.token)).toMatchObject({ ok: true });
});

afterAll(async () => {
  await backend.signOut();
  await backend.shutdown();
  await noWindow.shutdown();
  await api.close();
});

describe('copyPushUrl', () => {
  it('after the user confirms, puts the real URL on the clipboard and returns it masked', async () => {
    const s = api.addStream({ name: 'Studio', active: true });
    const key = api.streams.get(s.id)!.token;
    answer = true;
    const r = await backend.copyPushUrl(s.id, 'backup');
    expect(r).toEqual({ ok: true, value: { status: 'copied', masked: expect.stringMatching(/#\*\*\*\*$/) } });
    expect(JSON.stringify(r)).not.toContain(key);
    expect(clipboard.at(-1)).toMatch(new RegExp(`streamid=${s.id}b#${key}$`));
    expect(asked.at(-1)).toMatchObject({ confirmLabel: 'Copy with key', message: 'Put the backup push URL of “Studio” on the clipboard, stream key included?' });
    expect(JSON.stringify(asked.at(-1))).not.toContain(key);
  });

  it('copies nothing when the user cancels', async () => {
    const s = api.addStream({ name: 'Cancelled', active: true });
    const before = clipboard.length;
    answer = false;
    expect(await backend.copyPushUrl(s.id, 'primary')).toEqual({ ok: true, value: { status: 'cancelled' } });
    expect(clipboard).toHaveLength(before);
  });

  it('without a window to ask in, refuses and copies nothing', async () => {
    const s = api.addStream({ name: 'No window', active: true });
    const r = await noWindow.copyPushUrl(s.id, 'primary');
    expect(r).toMatchObject({ ok: false, code: 'no_dialog' });
  });
});
