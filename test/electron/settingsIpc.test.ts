// Settings over the real IPC handlers (registerIpc → handleInvoke → the real desktop backend → the settings file), with
// `electron` mocked: its binary cannot be downloaded on these machines, so ipcMain and the native dialogs are stand-ins
// whose answers each test scripts. Needs the Secret Service (scripts/with-keyring.sh): account status reads the keychain.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BroadcastChoices } from '../../src/shared/settingsSchemas';
import { systemFfmpeg, writeFilteringWrapper } from '../ffmpeg/fakeBinaries';

const handlers = new Map<string, (...a: unknown[]) => unknown>();
const showOpenDialog = vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] }));
const showMessageBox = vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false }));
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (...a: unknown[]) => unknown) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
  dialog: { showOpenDialog, showMessageBox },
}));

const { createAppBackend } = await import('../../src/main/app/createAppBackend');
const { registerIpc } = await import('../../src/main/electron/registerIpc');
const { createNativeDialogs } = await import('../../src/main/electron/nativeDialogs');
const { invokeChannel } = await import('../../src/shared/ipcChannels');

type Shutdown = () => Promise<void>;
let configDir: string;
let settingsFile: string;
let log: ReturnType<typeof vi.fn<(line: string) => void>>;
let teardown: Shutdown;

beforeEach(() => {
  showOpenDialog.mockClear();
  showMessageBox.mockClear();
  configDir = mkdtempSync(join(tmpdir(), 'srtc-settings-ipc-'));
  settingsFile = join(configDir, 'settings.json');
  log = vi.fn<(line: string) => void>();
  const backend = createAppBackend({
    env: { PATH: process.env.PATH ?? '', SRT_COMPANION_KEYCHAIN_SERVICE: `srt-companion-settings-ipc-${process.pid}` },
    platform: 'linux',
    configDir,
    dialogs: createNativeDialogs(() => null),
    log,
  });
  const unregister = registerIpc(backend, () => null);
  teardown = async () => {
    unregister();
    await backend.shutdown();
  };
});

afterEach(async () => {
  await teardown();
});

/** What the preload's `window.srtCompanion[method](...args)` reaches in main, from the app's own window. */
function invoke(method: string, ...args: unknown[]): Promise<unknown> {
  const handler = handlers.get(invokeChannel(method as never));
  if (!handler) throw new Error(`no handler for ${method}`);
  return Promise.resolve(handler({ senderFrame: { url: 'app://srt-companion/index.html' } }, ...args));
}

function savedSettings(): unknown {
  return existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : null;
}

/** Broadcast choices as the form saves them (its defaults: test pattern, tone, 720p30 at Gcore's bitrate). */
const broadcast = {
  input: { kind: 'testsrc' },
  audio: { kind: 'tone' },
  width: 1280,
  height: 720,
  fps: 30,
  bitrateKbps: 2500,
  keyintSeconds: 2,
  encoder: 'auto',
  latencyMs: 2000,
  mode: 'failover',
} satisfies BroadcastChoices;

describe('saveSettings from the window', () => {
  it('refuses apiBaseUrl and ffmpegPath, whatever their value, and writes nothing', async () => {
    for (const patch of [
      { broadcast, apiBaseUrl: 'https://collector.evil.example' },
      { apiBaseUrl: null },
      { broadcast, ffmpegPath: '/tmp/not-ffmpeg.sh' },
      { ffmpegPath: 123 },
    ]) {
      const key = 'apiBaseUrl' in patch ? 'apiBaseUrl' : 'ffmpegPath';
      expect(await invoke('saveSettings', patch)).toEqual({
        ok: false,
        code: 'setting_not_allowed',
        message:
          key === 'apiBaseUrl'
            ? 'The app window cannot change apiBaseUrl: it changes only through setApiBaseUrl, which asks you to confirm the host your API token will be sent to.'
            : 'The app window cannot change ffmpegPath: it changes only through chooseFfmpegPath, which opens a file dialog and checks the program first.',
      });
    }
    expect(savedSettings()).toBeNull();
    expect(await invoke('accountStatus')).toEqual({ ok: true, value: { signedIn: false, apiBaseUrl: 'https://api.gcore.com' } });
  });

  it('refuses unknown keys and mistyped or out-of-range choices', async () => {
    for (const patch of [
      {},
      { broadcast, token: 'should-not-be-saved' },
      { broadcast, engine: { silenceMs: 100 } },
      { broadcast: { ...broadcast, latencyMs: 5000 } },
      { broadcast: { ...broadcast, fps: '30' } },
      { broadcast: { ...broadcast, extra: true } },
      { broadcast: { ...broadcast, input: { kind: 'testsrc', fontFile: '/etc/shadow' } } },
      { broadcast: { ...broadcast, audio: { kind: 'device', device: 'x'.repeat(513) } } },
    ]) {
      expect(await invoke('saveSettings', patch)).toMatchObject({ ok: false, code: 'bad_request', message: expect.stringMatching(/^Invalid saveSettings request: /) });
    }
    expect(savedSettings()).toBeNull();
  });

  it('saves the broadcast choices', async () => {
    const camera = { ...broadcast, input: { kind: 'camera', device: '/dev/video0', captureMode: { width: 1280, height: 720, fps: 30, format: 'mjpeg' } } };
    expect(await invoke('saveSettings', { broadcast: camera })).toEqual({ ok: true, value: { broadcast: camera } });
    expect(savedSettings()).toEqual({ broadcast: camera });
    expect(await invoke('loadSettings')).toEqual({ ok: true, value: { broadcast: camera } });
  });
});

describe('a settings file that fails its schema', () => {
  it('is reported once (a notice and one log line), kept as settings.json.bad-<time> and replaced by the defaults', async () => {
    writeFileSync(settingsFile, JSON.stringify({ ffmpegPath: 123, broadcast: { fps: 25 } }));
    const loaded = await invoke('loadSettings');
    expect(loaded).toEqual({ ok: true, value: { notice: expect.stringMatching(/^The settings file .* was not valid \(ffmpegPath: .*\), so the app went back to default settings; the old file was kept as .*settings\.json\.bad-[0-9TZ-]+\.$/) } });
    expect(await invoke('saveSettings', { broadcast })).toMatchObject({ ok: true, value: { broadcast } });
    expect(await invoke('accountStatus')).toMatchObject({ ok: true });
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]?.[0]).toContain('was not valid (ffmpegPath:');
    expect(savedSettings()).toEqual({ broadcast });
  });
});

describe('setApiBaseUrl and resetApiBaseUrl', () => {
  it.each(['http://api.example.com', 'http://127.0.0.2:8787', 'ftp://api.example.com', 'https://user:secret@api.example.com', 'api.example.com'])(
    'refuses %s without asking the user or saving',
    async (url) => {
      expect(await invoke('setApiBaseUrl', url)).toMatchObject({ ok: false, code: 'bad_api_url' });
      expect(showMessageBox).not.toHaveBeenCalled();
      expect(savedSettings()).toBeNull();
    },
  );

  it('asks in a native dialog naming the host the token will be sent to, and saves only when the user confirms', async () => {
    showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false }); // Cancel
    expect(await invoke('setApiBaseUrl', ' https://api.example.com/ ')).toEqual({
      ok: true,
      value: { status: 'cancelled', account: { signedIn: false, apiBaseUrl: 'https://api.gcore.com' } },
    });
    expect(savedSettings()).toBeNull();
    expect(showMessageBox.mock.calls[0]).toEqual([
      expect.objectContaining({
        type: 'warning',
        message: 'Send your Gcore API token to api.example.com?',
        detail: expect.stringContaining('to https://api.example.com.'),
        buttons: ['Cancel', 'Use api.example.com'],
        defaultId: 0,
        cancelId: 0,
      }),
    ]);

    showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false }); // Use api.example.com
    expect(await invoke('setApiBaseUrl', 'https://api.example.com')).toEqual({
      ok: true,
      value: { status: 'saved', account: { signedIn: false, apiBaseUrl: 'https://api.example.com' } },
    });
    expect(savedSettings()).toEqual({ apiBaseUrl: 'https://api.example.com' });

    expect(await invoke('resetApiBaseUrl')).toEqual({ ok: true, value: { signedIn: false, apiBaseUrl: 'https://api.gcore.com' } });
    expect(showMessageBox).toHaveBeenCalledTimes(2);
  });

  it('allows plain http only on loopback (the local fake API), still after the user confirms', async () => {
    showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    expect(await invoke('setApiBaseUrl', 'http://127.0.0.1:8787')).toMatchObject({ ok: true, value: { status: 'saved' } });
    expect(showMessageBox.mock.calls[0]?.[0]).toMatchObject({ message: 'Send your Gcore API token to 127.0.0.1:8787?' });
  });
});

describe('chooseFfmpegPath', () => {
  it('takes no path from the window: main opens the file dialog', async () => {
    expect(await invoke('chooseFfmpegPath', '/tmp/not-ffmpeg.sh')).toMatchObject({ ok: false, code: 'bad_request' });
    expect(showOpenDialog).not.toHaveBeenCalled();
    expect(await invoke('chooseFfmpegPath')).toEqual({ ok: true, value: { status: 'cancelled' } }); // the user cancelled
    expect(showOpenDialog).toHaveBeenCalledWith(expect.objectContaining({ properties: ['openFile', 'dontAddToRecent'] }));
    expect(savedSettings()).toBeNull();
  });

  it("refuses a program that cannot send SRT with the probe's sentence, and saves one that can broadcast", { timeout: 120_000 }, async () => {
    const realFfmpeg = await systemFfmpeg();
    // Stands in for an ffmpeg built without libsrt: the real one with `srt` removed from -protocols.
    const noSrt = writeFilteringWrapper(mkdtempSync(join(tmpdir(), 'srtc-no-srt-')), 'ffmpeg', realFfmpeg, '-protocols', '^ +srt$');
    showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [noSrt] });
    expect(await invoke('chooseFfmpegPath')).toEqual({
      ok: false,
      code: 'ffmpeg_no_srt',
      message: expect.stringMatching(new RegExp(`^ffmpeg at ${noSrt} \\(from user setting\\) cannot send SRT \\(it was built without libsrt\\): `)),
    });
    expect(savedSettings()).toBeNull();

    showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [realFfmpeg] });
    expect(await invoke('chooseFfmpegPath')).toEqual({ ok: true, value: { status: 'saved', path: realFfmpeg, version: expect.any(String) } });
    expect(savedSettings()).toEqual({ ffmpegPath: realFfmpeg });
  });
});
