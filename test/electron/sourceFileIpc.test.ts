// The file source over the real IPC handlers (registerIpc → the real desktop backend → the settings file, real ffmpeg
// checking real files), with `electron` mocked: its binary cannot be downloaded on these machines, so ipcMain and the
// native dialog are stand-ins whose answers each test scripts. The window never names a file main then reads: it can
// only play (or save) the one the user picked in main's dialog.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BroadcastChoices } from '../../src/shared/settingsSchemas';
import { makeTestMedia } from '../support/testMediaFiles';

const handlers = new Map<string, (...a: unknown[]) => unknown>();
const showOpenDialog = vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] }));
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (...a: unknown[]) => unknown) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
  dialog: { showOpenDialog, showMessageBox: vi.fn() },
}));

const { createAppBackend } = await import('../../src/main/app/createAppBackend');
const { registerIpc } = await import('../../src/main/electron/registerIpc');
const { createNativeDialogs } = await import('../../src/main/electron/nativeDialogs');
const { invokeChannel } = await import('../../src/shared/ipcChannels');

let media: string;
let intro: string;
let configDir: string;
let teardown: () => Promise<void>;

beforeAll(async () => {
  media = mkdtempSync(join(tmpdir(), 'srtc-source-file-media-'));
  intro = await makeTestMedia(media, 'intro.mp4', { video: 'hevc', seconds: 2, audio: 'aac' });
}, 60_000);
afterAll(() => rm(media, { recursive: true, force: true }));

beforeEach(() => {
  showOpenDialog.mockClear();
  configDir = mkdtempSync(join(tmpdir(), 'srtc-source-file-ipc-'));
  const backend = createAppBackend({ env: { PATH: process.env.PATH ?? '' }, platform: 'linux', configDir, dialogs: createNativeDialogs(() => null), log: () => undefined });
  const unregister = registerIpc(backend, () => null);
  teardown = async () => {
    unregister();
    await backend.shutdown();
    await rm(configDir, { recursive: true, force: true });
  };
});
afterEach(() => teardown());

function invoke(method: string, ...args: unknown[]): Promise<unknown> {
  const handler = handlers.get(invokeChannel(method as never));
  if (!handler) throw new Error(`no handler for ${method}`);
  return Promise.resolve(handler({ senderFrame: { url: 'app://srt-companion/index.html' } }, ...args));
}

function savedSettings(): Record<string, unknown> | null {
  const file = join(configDir, 'settings.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : null;
}

const choices = (path: string): BroadcastChoices => ({
  input: { kind: 'file', path, loop: true }, audio: { kind: 'tone' }, width: 640, height: 360, fps: 30, bitrateKbps: 600,
  keyintSeconds: 1, encoder: 'auto', latencyMs: 200, mode: 'failover',
});

describe('chooseSourceFile', () => {
  it('takes no path from the window; main opens the dialog (video files first), checks the file and remembers it', { timeout: 30_000 }, async () => {
    expect(await invoke('chooseSourceFile', '/etc/passwd')).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await invoke('chooseSourceFile')).toEqual({ ok: true, value: { status: 'cancelled' } });
    expect(showOpenDialog.mock.calls[0]?.[0]).toMatchObject({ properties: ['openFile', 'dontAddToRecent'], filters: [{ name: 'Video files' }, { name: 'All files', extensions: ['*'] }] });
    expect(savedSettings()).toBeNull();

    showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [intro] });
    expect(await invoke('chooseSourceFile')).toMatchObject({
      ok: true,
      value: { status: 'chosen', file: { sentAsIs: true, summary: { path: intro, videoCodec: 'hevc', width: 640, height: 360, audioCodec: 'aac' } } },
    });
    expect(savedSettings()).toEqual({ sourceFile: intro });
    expect(await invoke('describeSourceFile')).toMatchObject({ ok: true, value: { sentAsIs: true, summary: { path: intro } } });
  });

  it('refuses a file that cannot be the source with the check\'s sentence, and remembers nothing', { timeout: 30_000 }, async () => {
    showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [media] });
    expect(await invoke('chooseSourceFile')).toEqual({ ok: false, code: 'file_is_directory', field: 'input', message: `${media} is a folder, not a file: pick a video file inside it.` });
    expect(savedSettings()).toBeNull();
    expect(await invoke('describeSourceFile')).toEqual({ ok: true, value: null });
  });
});

describe('a file the user did not pick', () => {
  it('cannot be saved, set as the remembered file, or broadcast; the picked one can be saved', { timeout: 30_000 }, async () => {
    expect(await invoke('saveSettings', { sourceFile: '/etc/passwd' })).toMatchObject({ ok: false, code: 'setting_not_allowed' });
    expect(await invoke('saveSettings', { broadcast: choices('/etc/passwd') })).toMatchObject({ ok: false, code: 'file_not_chosen', message: expect.stringContaining('Choose file…') });
    expect(await invoke('startBroadcast', { ...choices('/etc/passwd'), target: { kind: 'local' } })).toMatchObject({ ok: false, code: 'file_not_chosen' });
    expect(savedSettings()).toBeNull();

    showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [intro] });
    await invoke('chooseSourceFile');
    expect(await invoke('startBroadcast', { ...choices(join(media, 'other.mp4')), target: { kind: 'local' } })).toMatchObject({ ok: false, code: 'file_not_chosen' });
    expect(await invoke('saveSettings', { broadcast: choices(intro) })).toMatchObject({ ok: true });
    expect(savedSettings()).toMatchObject({ sourceFile: intro, broadcast: { input: { kind: 'file', path: intro, loop: true } } });
  });
});
