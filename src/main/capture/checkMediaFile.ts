// Checks a file chosen as the broadcast's source before anything starts: it exists, is a readable media file with a
// picture, and (for HEVC) how often its first seconds have keyframes; then fileSourcePlan decides copy or encode.

import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { AppError } from '../appError';
import { longestKeyframeIntervalS, mediaOpenError, parseFramecrcKeyframes, parseMediaInfo } from '../ffmpeg/parseMediaInfo';
import { runFfmpegOnce, type RunFfmpeg } from '../ffmpeg/runFfmpegOnce';
import { planFileSource, type FileSourceCheck } from './fileSourcePlan';

/** Seconds of video read for the keyframe check: enough to see a 10 s GOP, without reading a 2 h file whole. */
export const KEYFRAME_SAMPLE_S = 12;

export interface CheckMediaFileOptions {
  ffmpegPath: string;
  /** Bound on the ffmpeg run, ms. Default 15 000. */
  timeoutMs?: number;
  /** Seam for tests. */
  run?: RunFfmpeg;
}

function refuse(code: string, message: string): AppError {
  return new AppError('input', code, message, { field: 'input' });
}

/** Missing, a folder, not a regular file, unreadable: each its own sentence (the path is not a secret). */
async function assertReadableFile(path: string): Promise<void> {
  let isFile: boolean;
  let isDirectory: boolean;
  try {
    const s = await stat(path);
    isFile = s.isFile();
    isDirectory = s.isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw refuse('file_not_found', `No file ${path}: check the path (the file may have been moved, renamed or deleted).`);
    throw refuse('file_unreadable', `${path} cannot be read (${code ?? 'error'}): check that the file is there and that you may read it.`);
  }
  if (isDirectory) throw refuse('file_is_directory', `${path} is a folder, not a file: pick a video file inside it.`);
  if (!isFile) throw refuse('file_not_regular', `${path} is not a regular file (a device or a pipe): pick a video file.`);
  try {
    await access(path, constants.R_OK);
  } catch {
    throw refuse('file_unreadable', `${path} cannot be read: you do not have permission to read it.`);
  }
}

/**
 * Checks `path` and decides how it is played. Throws AppError('input') with one actionable sentence when it cannot be
 * the source: missing, a folder, unreadable, not a media file ffmpeg reads, or without a video stream.
 */
export async function checkMediaFile(path: string, options: CheckMediaFileOptions): Promise<FileSourceCheck> {
  await assertReadableFile(path);
  const run = options.run ?? runFfmpegOnce;
  const timeoutMs = options.timeoutMs ?? 15_000;
  // One ffmpeg run reads both: the streams (its banner on stderr) and the first seconds of video packets with their
  // keyframe flags (framecrc on stdout). A file without video maps nothing (`?`) and only the banner counts.
  const args = ['-hide_banner', '-nostdin', '-protocol_whitelist', 'file', '-t', String(KEYFRAME_SAMPLE_S), '-i', `file:${path}`, '-map', '0:v:0?', '-c', 'copy', '-f', 'framecrc', '-'];
  const opened = await run(options.ffmpegPath, args, { timeoutMs, maxOutputBytes: 1024 * 1024 });
  if (opened.end !== 'exited') throw new AppError('ffmpeg', 'file_probe_failed', `ffmpeg could not read ${path} (${opened.end === 'timed-out' ? 'it took too long' : `it did not start: ${opened.spawnErrorCode ?? 'error'}`}).`);
  const info = parseMediaInfo(opened.stderr);
  if (!info) {
    const why = mediaOpenError(opened.stderr);
    throw refuse('file_not_media', `${path} is not a video file ffmpeg can read${why ? ` (${why})` : ''}: pick a video file such as .mp4, .mkv, .mov or .ts.`);
  }
  const keyframeIntervalS = info.video?.codec === 'hevc' && opened.exitCode === 0 ? longestKeyframeIntervalS(parseFramecrcKeyframes(opened.stdout)) : null;
  const plan = planFileSource(path, info, keyframeIntervalS);
  if (plan instanceof AppError) throw plan;
  return plan;
}
