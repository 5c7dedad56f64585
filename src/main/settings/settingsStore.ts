// Non-secret settings (API base URL, ffmpeg path, last encode choices) in a JSON file, written atomically.

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../appError';

export const SettingsSchema = z.looseObject({
  apiBaseUrl: z.string().nullable().optional(),
  ffmpegPath: z.string().nullable().optional(),
  /** Renderer and CLI defaults for the next broadcast; never secrets. */
  broadcast: z.record(z.string(), z.unknown()).optional(),
  /** Engine timings in ms (defaults follow Gcore's ingest rules; shorten them only for rehearsals and tests). */
  engine: z
    .object({
      silenceMs: z.number().int().min(100).max(10_000).optional(),
      primaryRetryMinIntervalMs: z.number().int().min(0).optional(),
      failbackStableMs: z.number().int().min(0).optional(),
      failbackMarginMs: z.number().int().min(0).optional(),
      connectTimeoutMs: z.number().int().min(500).optional(),
      retryBudgetMs: z.number().int().min(1000).optional(),
      /** A silent ingest is only suspected (session kept, backup as a hedge) this long before it counts as down. */
      suspectGraceMs: z.number().int().min(0).max(10_000).optional(),
      /** The encoder counts as stalled (and is restarted) after this long with neither progress nor output. */
      encoderStallMs: z.number().int().min(500).max(30_000).optional(),
      /** Encoder restarts allowed within a minute before the broadcast fails. */
      encoderMaxRestarts: z.number().int().min(0).max(100).optional(),
    })
    .optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** Per-OS config directory: XDG on Linux, Application Support on macOS, %APPDATA% on Windows. */
export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SRT_COMPANION_CONFIG_DIR) return env.SRT_COMPANION_CONFIG_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'SRT Companion');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'SRT Companion');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'srt-companion');
}

export function settingsPath(configDir: string): string {
  return join(configDir, 'settings.json');
}

/** Reads settings; a missing file is empty settings, a corrupt one is a clear error (never silently overwritten). */
export async function loadSettings(file: string): Promise<Settings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new AppError('config', 'settings_unreadable', `Cannot read the settings file ${file}: ${(err as Error).message}.`);
  }
  try {
    return SettingsSchema.parse(JSON.parse(text));
  } catch {
    throw new AppError('config', 'settings_corrupt', `The settings file ${file} is not valid; fix or delete it (it holds no secrets).`);
  }
}

/** Merges a patch into the stored settings, writing a temp file and renaming it so a crash never leaves half a file. */
export async function saveSettings(file: string, patch: Partial<Settings>): Promise<Settings> {
  const next = { ...(await loadSettings(file)), ...patch };
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
  return next;
}
