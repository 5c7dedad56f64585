// Finds the ffmpeg binary to use: the user's setting or FFMPEG_PATH, else the bundled ffmpeg-static binary, else PATH.
import { constants as fsConstants, promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import nodePath from 'node:path';
import { AppError } from '../appError';
import type { DesktopPlatform, FfmpegSource } from '../../shared/ffmpegCapabilities';

/** One place an ffmpeg binary may be, with where that place came from. */
export interface FfmpegCandidate {
  path: string;
  source: FfmpegSource;
}

/** Inputs of the lookup; everything that varies per machine is passed in, so tests can fake it. */
export interface LocateFfmpegOptions {
  /** The path set in the app's settings or on the CLI; blank means unset. */
  userPath?: string | null;
  /** Environment to read FFMPEG_PATH, PATH and PATHEXT from (usually `process.env`). */
  env: Readonly<Record<string, string | undefined>>;
  platform: DesktopPlatform;
  /** The bundled binary's path: omitted → ask `ffmpeg-static`; null → nothing bundled. */
  bundledPath?: string | null;
}

/** The binary chosen, and the candidates passed over on the way (for Diagnostics). */
export interface ResolvedFfmpeg extends FfmpegCandidate {
  skipped: Array<FfmpegCandidate & { reason: string }>;
}

function pathApi(platform: DesktopPlatform): typeof nodePath.posix {
  return platform === 'win32' ? nodePath.win32 : nodePath.posix;
}

/** Windows environment names are case-insensitive (`Path` and `PATH` are the same variable). */
function envValue(env: LocateFfmpegOptions['env'], name: string, platform: DesktopPlatform): string | undefined {
  if (platform !== 'win32') return env[name];
  const key = Object.keys(env).find((k) => k.toUpperCase() === name);
  return key === undefined ? undefined : env[key];
}

function nonBlank(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/**
 * Inside a packaged Electron app a dependency's path points into app.asar, from which nothing can
 * be executed; binaries are shipped in app.asar.unpacked next to it.
 */
export function asarUnpackedPath(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/**
 * The path of the binary the optional `ffmpeg-static` package downloaded, or null when the package
 * is absent (its install fails offline and npm then drops it) or has no build for this platform.
 * The file may still be missing (a half-finished download); resolveFfmpeg checks.
 */
export function bundledFfmpegStaticPath(): string | null {
  try {
    const require = createRequire(import.meta.url);
    // ffmpeg-static exports the binary's path as a string, or null on an unsupported platform.
    const exported: unknown = require('ffmpeg-static');
    if (typeof exported !== 'string' || exported.length === 0) return null;
    return asarUnpackedPath(exported);
  } catch {
    return null;
  }
}

/** Where a PATH search looks: the folders in PATH order and the file names to try in each. */
export interface PathSearchPlan {
  folders: string[];
  names: string[];
}

/**
 * The folders of PATH (absolute ones only, quotes removed, duplicates dropped) and the names to try:
 * `ffmpeg`, or on Windows `ffmpeg` plus each PATHEXT extension Node's spawn can run directly.
 */
export function pathSearchPlan(base: string, env: LocateFfmpegOptions['env'], platform: DesktopPlatform): PathSearchPlan {
  const api = pathApi(platform);
  const delimiter = platform === 'win32' ? ';' : ':';
  const folders = (envValue(env, 'PATH', platform) ?? '')
    .split(delimiter)
    .map((dir) => dir.trim().replace(/^"(.*)"$/, '$1'))
    // An empty entry means "the current folder" to a shell; never run an ffmpeg from wherever we happen to be.
    .filter((dir) => dir.length > 0 && api.isAbsolute(dir));
  if (platform !== 'win32') return { folders: [...new Set(folders)], names: [base] };
  const pathExt = envValue(env, 'PATHEXT', platform) ?? '.COM;.EXE;.BAT;.CMD';
  // .bat/.cmd need a shell, which spawn refuses for them since CVE-2024-27980; only .exe/.com can run.
  const extensions = pathExt
    .split(';')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e === '.exe' || e === '.com');
  return { folders: [...new Set(folders)], names: [...new Set(extensions)].map((ext) => base + ext) };
}

type FileCheck = { ok: true } | { ok: false; reason: 'missing' | 'folder' | 'not executable' };

/** Whether `file` is a file this process may execute (on Windows: any existing file). */
export async function checkExecutable(file: string, platform: DesktopPlatform): Promise<FileCheck> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    return { ok: false, reason: 'missing' };
  }
  if (stat.isDirectory()) return { ok: false, reason: 'folder' };
  if (platform === 'win32') return { ok: true };
  try {
    await fs.access(file, fsConstants.X_OK);
    return { ok: true };
  } catch {
    return { ok: false, reason: 'not executable' };
  }
}

/** Every `base` executable on PATH, in PATH order (like `which -a`). */
export async function findOnPath(base: string, env: LocateFfmpegOptions['env'], platform: DesktopPlatform): Promise<string[]> {
  const api = pathApi(platform);
  const { folders, names } = pathSearchPlan(base, env, platform);
  const found: string[] = [];
  for (const dir of folders) {
    for (const name of names) {
      const file = api.join(dir, name);
      if ((await checkExecutable(file, platform)).ok) found.push(file);
    }
  }
  return found;
}

/**
 * The ordered candidates: the user's setting, then FFMPEG_PATH, then the bundled ffmpeg-static
 * binary, then each `ffmpeg` on PATH. Explicit paths are listed whether or not they exist
 * (resolveFfmpeg reports a missing one); PATH entries only when they exist.
 */
export async function locateFfmpegCandidates(options: LocateFfmpegOptions): Promise<FfmpegCandidate[]> {
  const { env, platform } = options;
  const api = pathApi(platform);
  const candidates: FfmpegCandidate[] = [];
  const userPath = nonBlank(options.userPath);
  if (userPath) candidates.push({ path: api.resolve(userPath), source: 'user setting' });
  const envPath = nonBlank(envValue(env, 'FFMPEG_PATH', platform));
  if (envPath) candidates.push({ path: api.resolve(envPath), source: 'FFMPEG_PATH' });
  const bundled = options.bundledPath === undefined ? bundledFfmpegStaticPath() : options.bundledPath;
  if (bundled) candidates.push({ path: bundled, source: 'bundled ffmpeg-static' });
  for (const file of await findOnPath('ffmpeg', env, platform)) candidates.push({ path: file, source: 'PATH' });
  return candidates;
}

/** One sentence telling the user how to get a suitable ffmpeg on their OS. */
export function installHint(platform: DesktopPlatform): string {
  switch (platform) {
    case 'darwin':
      return 'install it with `brew install ffmpeg`, or set FFMPEG_PATH to an ffmpeg executable';
    case 'win32':
      return 'install it with `winget install ffmpeg` (a full build with libsrt and libx265), or set FFMPEG_PATH to ffmpeg.exe';
    case 'linux':
      return 'install it with `sudo apt install ffmpeg` (or your distribution\'s package), or set FFMPEG_PATH to an ffmpeg executable';
  }
}

function explicitProblem(candidate: FfmpegCandidate, check: Exclude<FileCheck, { ok: true }>, platform: DesktopPlatform): AppError {
  const where = candidate.source === 'user setting' ? 'the ffmpeg path in settings' : 'FFMPEG_PATH';
  const api = pathApi(platform);
  const message =
    check.reason === 'missing'
      ? `ffmpeg not found at ${candidate.path} (from ${where}): fix or clear ${where}.`
      : check.reason === 'folder'
        ? `${candidate.path} (from ${where}) is a folder: set ${where} to the ffmpeg executable inside it, e.g. ${api.join(candidate.path, platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg')}.`
        : `${candidate.path} (from ${where}) is not executable: run \`chmod +x ${candidate.path}\` or point ${where} at another ffmpeg.`;
  return new AppError('ffmpeg', 'ffmpeg_not_found', message);
}

/**
 * Picks the first candidate that exists and is executable. A path the user set (setting or
 * FFMPEG_PATH) is never skipped silently: if it is unusable this throws an AppError naming it.
 * With no ffmpeg anywhere it throws AppError('ffmpeg', 'ffmpeg_not_found') saying how to install one.
 */
export async function resolveFfmpeg(options: LocateFfmpegOptions): Promise<ResolvedFfmpeg> {
  const { platform } = options;
  const skipped: ResolvedFfmpeg['skipped'] = [];
  for (const candidate of await locateFfmpegCandidates(options)) {
    const check = await checkExecutable(candidate.path, platform);
    if (check.ok) return { ...candidate, skipped };
    const explicit = candidate.source === 'user setting' || candidate.source === 'FFMPEG_PATH';
    if (explicit && platform === 'win32' && pathApi(platform).extname(candidate.path) === '') {
      // "C:\ffmpeg\bin\ffmpeg" is how people write it on Windows; the file is ffmpeg.exe.
      const withExe = `${candidate.path}.exe`;
      if ((await checkExecutable(withExe, platform)).ok) return { path: withExe, source: candidate.source, skipped };
    }
    if (explicit) throw explicitProblem(candidate, check, platform);
    skipped.push({ ...candidate, reason: check.reason });
  }
  const bundledNote = skipped.some((s) => s.source === 'bundled ffmpeg-static')
    ? 'the bundled ffmpeg-static binary is missing and'
    : 'no bundled ffmpeg-static binary is installed and';
  throw new AppError('ffmpeg', 'ffmpeg_not_found', `No ffmpeg found (${bundledNote} none is on PATH): ${installHint(platform)}.`, {
    appMessage: 'No ffmpeg found on this computer: install ffmpeg (a build with SRT and HEVC), or choose the ffmpeg program under Diagnostics › Settings.',
  });
}

/** `ffprobe` (or `ffprobe.exe`) in the same folder as the given ffmpeg, if it exists and is executable. */
export async function findFfprobeBeside(ffmpegPath: string, platform: DesktopPlatform): Promise<string | null> {
  const api = pathApi(platform);
  const file = api.join(api.dirname(ffmpegPath), platform === 'win32' ? 'ffprobe.exe' : 'ffprobe');
  return (await checkExecutable(file, platform)).ok ? file : null;
}
