// The settings file: merges, recovery from an invalid file (moved aside, defaults used), and private modes (0600/0700).
import { chmod, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { badCopyPath, defaultConfigDir, loadSettings, saveSettings, settingsPath, writeSettings } from '../../src/main/settings/settingsStore';

const NOW_MS = Date.UTC(2026, 11, 5, 15, 8, 32, 123);

async function freshFile(): Promise<string> {
  return settingsPath(await mkdtemp(join(tmpdir(), 'srtc-settings-')));
}

async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

describe('settings store', () => {
  it('reads nothing as empty settings, merges saves, and keeps unknown keys', async () => {
    const file = await freshFile();
    expect(await loadSettings(file)).toEqual({ settings: {}, replaced: null });
    await saveSettings(file, { apiBaseUrl: 'http://127.0.0.1:8787' });
    await saveSettings(file, { broadcast: { fps: 25 }, engine: { silenceMs: 600 } });
    await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), fromANewerVersion: true }));
    expect((await loadSettings(file)).settings).toEqual({
      apiBaseUrl: 'http://127.0.0.1:8787',
      broadcast: { fps: 25 },
      engine: { silenceMs: 600 },
      fromANewerVersion: true,
    });
  });

  it.each([
    ['bad JSON', '{ not json', 'it is not valid JSON'],
    ['ffmpegPath: 123', JSON.stringify({ ffmpegPath: 123, broadcast: { fps: 25 } }), 'ffmpegPath: Invalid input: expected string, received number'],
    ['an engine timing out of bounds', JSON.stringify({ engine: { silenceMs: 5 } }), 'engine.silenceMs'],
  ])('replaces a file with %s by the defaults once, keeping the old one as settings.json.bad-<time>', async (_name, text, problem) => {
    const file = await freshFile();
    await writeFile(file, text, { mode: 0o644 });

    const first = await loadSettings(file, NOW_MS);
    const backup = badCopyPath(file, NOW_MS);
    expect(backup).toBe(`${file}.bad-2026-12-05T15-08-32-123Z`);
    expect(first.settings).toEqual({});
    expect(first.replaced).toEqual({ backupFile: backup, message: expect.stringContaining(problem) });
    expect(first.replaced?.message.startsWith(`The settings file ${file} was not valid (`)).toBe(true);
    expect(first.replaced?.message.endsWith(`), so the app went back to default settings; the old file was kept as ${backup}.`)).toBe(true);
    expect(await readFile(backup, 'utf8')).toBe(text);
    expect(await modeOf(backup)).toBe(0o600);

    // Reported once: the bad file is gone, so the next read is plain defaults and a save works.
    expect(await loadSettings(file, NOW_MS + 1000)).toEqual({ settings: {}, replaced: null });
    expect(await saveSettings(file, { broadcast: { fps: 30 } })).toEqual({ settings: { broadcast: { fps: 30 } }, replaced: null });
  });

  it('a save over an invalid file reports the replacement too, and writes only valid settings', async () => {
    const file = await freshFile();
    await writeFile(file, JSON.stringify({ ffmpegPath: 123 }));
    const saved = await saveSettings(file, { broadcast: { fps: 25 } }, NOW_MS);
    expect(saved.settings).toEqual({ broadcast: { fps: 25 } });
    expect(saved.replaced?.backupFile).toBe(badCopyPath(file, NOW_MS));
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ broadcast: { fps: 25 } });
  });

  it('refuses to write a value that fails the schema, leaving the file as it was', async () => {
    const file = await freshFile();
    await saveSettings(file, { broadcast: { fps: 25 } });
    const before = await readFile(file, 'utf8');
    await expect(saveSettings(file, { ffmpegPath: 123 as never })).rejects.toMatchObject({ code: 'bad_setting', message: expect.stringContaining('ffmpegPath') });
    await expect(writeSettings(file, { engine: { silenceMs: 5 } })).rejects.toMatchObject({ code: 'bad_setting' });
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it.skipIf(process.platform === 'win32')('creates the config directory 0700 and the file 0600', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'srtc-settings-')), 'nested', 'srt-companion');
    const file = settingsPath(dir);
    const umask = process.umask(0o000); // the most permissive umask: the modes must not depend on it
    try {
      await saveSettings(file, { broadcast: { fps: 25 } });
    } finally {
      process.umask(umask);
    }
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(file)).toBe(0o600);
    expect((await readdir(dir)).sort()).toEqual(['settings.json']); // no temp file left behind
  });

  it.skipIf(process.platform === 'win32')('tightens a config directory and a settings file that already existed with looser bits', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srtc-settings-'));
    await chmod(dir, 0o755);
    const file = settingsPath(dir);
    await writeFile(file, '{}\n');
    await chmod(file, 0o644);
    await writeFile(`${file}.${process.pid}.tmp`, 'stale temp file from a crash'); // its 0644 must not carry over
    await chmod(`${file}.${process.pid}.tmp`, 0o644);

    await saveSettings(file, { broadcast: { fps: 25 } });
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(file)).toBe(0o600);
  });

  it('uses the per-OS config directory unless SRT_COMPANION_CONFIG_DIR says otherwise', () => {
    expect(defaultConfigDir({ SRT_COMPANION_CONFIG_DIR: '/tmp/x' }, 'linux')).toBe('/tmp/x');
    expect(defaultConfigDir({ XDG_CONFIG_HOME: '/home/u/.config' }, 'linux')).toBe('/home/u/.config/srt-companion');
    expect(defaultConfigDir({ APPDATA: 'C:\\\\Users\\\\u\\\\AppData\\\\Roaming' }, 'win32')).toContain('SRT Companion');
    expect(defaultConfigDir({}, 'darwin')).toMatch(/Library\/Application Support\/SRT Companion$/);
  });
});
