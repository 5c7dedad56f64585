import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfigDir, loadSettings, saveSettings, settingsPath } from '../../src/main/settings/settingsStore';

describe('settings store', () => {
  it('reads nothing as empty settings, merges saves, and keeps unknown keys', async () => {
    const file = settingsPath(await mkdtemp(join(tmpdir(), 'srtc-settings-')));
    expect(await loadSettings(file)).toEqual({});
    await saveSettings(file, { apiBaseUrl: 'http://127.0.0.1:8787' });
    await saveSettings(file, { broadcast: { fps: 25 }, engine: { silenceMs: 600 } });
    expect(await loadSettings(file)).toEqual({ apiBaseUrl: 'http://127.0.0.1:8787', broadcast: { fps: 25 }, engine: { silenceMs: 600 } });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ broadcast: { fps: 25 } });
  });

  it('refuses a corrupt file with a message naming it, and never overwrites it', async () => {
    const file = settingsPath(await mkdtemp(join(tmpdir(), 'srtc-settings-')));
    await writeFile(file, '{ not json');
    await expect(loadSettings(file)).rejects.toThrow(`The settings file ${file} is not valid`);
    await expect(saveSettings(file, { ffmpegPath: '/x' })).rejects.toThrow('not valid');
    expect(await readFile(file, 'utf8')).toBe('{ not json');
  });

  it('refuses engine timings outside their bounds', async () => {
    const file = settingsPath(await mkdtemp(join(tmpdir(), 'srtc-settings-')));
    await writeFile(file, JSON.stringify({ engine: { silenceMs: 5 } }));
    await expect(loadSettings(file)).rejects.toThrow('not valid');
  });

  it('uses the per-OS config directory unless SRT_COMPANION_CONFIG_DIR says otherwise', () => {
    expect(defaultConfigDir({ SRT_COMPANION_CONFIG_DIR: '/tmp/x' }, 'linux')).toBe('/tmp/x');
    expect(defaultConfigDir({ XDG_CONFIG_HOME: '/home/u/.config' }, 'linux')).toBe('/home/u/.config/srt-companion');
    expect(defaultConfigDir({ APPDATA: 'C:\\\\Users\\\\u\\\\AppData\\\\Roaming' }, 'win32')).toContain('SRT Companion');
    expect(defaultConfigDir({}, 'darwin')).toMatch(/Library\/Application Support\/SRT Companion$/);
  });
});
