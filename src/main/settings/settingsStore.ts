// Non-secret settings in a private JSON file (0600 in a 0700 directory, written atomically); a file that fails its
// schema is moved aside and replaced by defaults instead of breaking every later call.

import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../appError';

export const SettingsSchema = z.looseObject({
  /** Changed only through the backend's setApiBaseUrl (validated, confirmed by the user), never by the window. */
  apiBaseUrl: z.string().max(2048).nullable().optional(),
  /** Changed only through chooseFfmpegPath (native file dialog, then probed), never by the window. */
  ffmpegPath: z.string().max(4096).nullable().optional(),
  /** The video file the user picked in main's dialog (chooseSourceFile): the only file the window may broadcast. */
  sourceFile: z.string().max(4096).nullable().optional(),
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
      /** 'engine' (default): the engine speaks SRT itself; 'ffmpeg': a libsrt sender ffmpeg per ingest behind the SRT tap. */
      srtSender: z.enum(['engine', 'ffmpeg']).optional(),
    })
    .optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** What happened to a settings file that failed its schema. */
export interface ReplacedSettingsFile {
  /** Where the invalid file was kept for the user (`settings.json.bad-<time>`), or null when it could not be moved. */
  backupFile: string | null;
  /** One sentence for the user and the log: what was wrong and where the old file is. */
  message: string;
}

export interface LoadedSettings {
  settings: Settings;
  /** Set when the file on disk was invalid and the defaults took its place. */
  replaced: ReplacedSettingsFile | null;
}

/** Modes of what this module writes (POSIX; Windows keeps the per-user ACLs of %APPDATA%). */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

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

/** `settings.json.bad-2026-12-05T15-08-32-123Z`: sortable, and valid as a file name on every OS (no colons). */
export function badCopyPath(file: string, nowMs: number): string {
  return `${file}.bad-${new Date(nowMs).toISOString().replace(/[:.]/g, '-')}`;
}

/** Why the text is not valid settings, without echoing any value from it. */
function describeProblem(text: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'it is not valid JSON';
  }
  const parsed = SettingsSchema.safeParse(json);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the file';
  return `${where}: ${issue?.message ?? 'invalid'}`;
}

/** Moves an invalid file aside (kept for the user, 0600) so that the defaults take its place. */
async function replaceInvalidFile(file: string, problem: string, nowMs: number): Promise<ReplacedSettingsFile> {
  const backup = badCopyPath(file, nowMs);
  try {
    await rename(file, backup);
    await makePrivate(backup, PRIVATE_FILE_MODE).catch(() => undefined); // best effort: it holds no secrets
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    return {
      backupFile: null,
      message: `The settings file ${file} was not valid (${problem}) and could not be moved aside (${code}); the app uses default settings, and the next save replaces it.`,
    };
  }
  return {
    backupFile: backup,
    message: `The settings file ${file} was not valid (${problem}), so the app went back to default settings; the old file was kept as ${backup}.`,
  };
}

/**
 * Reads settings. A missing file is the defaults (empty settings). A file that is not JSON or fails the schema is moved
 * to `settings.json.bad-<time>` and reported in `replaced`, and the defaults are returned: one bad value (say
 * `ffmpegPath: 123`) must not make every later call fail. Only a file that cannot be read at all throws.
 */
export async function loadSettings(file: string, nowMs: number = Date.now()): Promise<LoadedSettings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { settings: {}, replaced: null };
    throw new AppError('config', 'settings_unreadable', `Cannot read the settings file ${file}: ${(err as Error).message}.`);
  }
  const problem = describeProblem(text);
  if (problem === null) return { settings: SettingsSchema.parse(JSON.parse(text)), replaced: null };
  return { settings: {}, replaced: await replaceInvalidFile(file, problem, nowMs) };
}

/**
 * Sets `path` to `mode` when group or others have any access, then checks that it took: a directory that already
 * existed with looser bits (an older version, a shared umask) is tightened too. No-op on Windows.
 * @throws AppError('config', 'config_not_private') when the mode cannot be made private.
 */
export async function makePrivate(path: string, mode: number): Promise<void> {
  if (process.platform === 'win32') return;
  const before = (await stat(path)).mode & 0o777;
  if ((before & 0o077) === 0) return;
  try {
    await chmod(path, mode);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new AppError('config', 'config_not_private', `${path} is readable by other users and could not be made private (${code}): fix its permissions or set SRT_COMPANION_CONFIG_DIR.`);
  }
  const after = (await stat(path)).mode & 0o777;
  if ((after & 0o077) !== 0) {
    throw new AppError('config', 'config_not_private', `${path} stays readable by other users (mode ${after.toString(8)}) on this file system: set SRT_COMPANION_CONFIG_DIR to a folder on a disk with Unix permissions.`);
  }
}

/** Writes the whole settings object: schema-checked, via a private temp file renamed over the old one (never half a file). */
export async function writeSettings(file: string, settings: Settings): Promise<void> {
  const checked = SettingsSchema.safeParse(settings);
  if (!checked.success) {
    // A caller's bug must not poison the file for every later call: refuse before writing.
    const issue = checked.error.issues[0];
    throw new AppError('input', 'bad_setting', `Setting ${issue?.path.join('.') || '(all)'} is not valid: ${issue?.message ?? 'invalid'}.`);
  }
  const dir = dirname(file);
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await makePrivate(dir, PRIVATE_DIR_MODE);
  const tmp = `${file}.${process.pid}.tmp`;
  // A stale temp file from a crash would keep its old mode: remove it, then create a new one exclusively.
  await rm(tmp, { force: true });
  await writeFile(tmp, `${JSON.stringify(checked.data, null, 2)}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  await rename(tmp, file);
  await makePrivate(file, PRIVATE_FILE_MODE);
}

/** Merges a patch into the stored settings (an invalid stored file is replaced first, as in loadSettings) and writes them. */
export async function saveSettings(file: string, patch: Partial<Settings>, nowMs: number = Date.now()): Promise<LoadedSettings> {
  const loaded = await loadSettings(file, nowMs);
  const next = { ...loaded.settings, ...patch };
  await writeSettings(file, next);
  return { settings: next, replaced: loaded.replaced };
}
