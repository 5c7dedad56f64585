// Reads `push`'s explicit SRT URLs from a file (--primary-file, --backup-file) or stdin (--urls-from-stdin), so a
// stream key never has to be in the process's argv, which every local user can read (issue 10 item 1).

import { open } from 'node:fs/promises';
import { AppError } from '../../appError';
import type { BroadcastTarget } from '../../../shared/broadcastTypes';
import { readSecretFromStdin, type CliIo } from '../cliIo';
import { usageError } from '../usage';
import type { PushUrlSource, PushUrlTarget } from './pushOptions';

/** A URL file larger than this is not a URL file (a mistyped path to a video, say). */
const MAX_URL_FILE_BYTES = 16 * 1024;

/** The non-empty lines of a text, trimmed (a pasted URL often ends with a space or a CRLF). */
function urlLines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0);
}

/**
 * Reads one URL from a file. Refused (exit 3), never echoing the content: a file other users can read or change (on
 * POSIX, mode bits 077 of a regular file, as ssh does for private keys), an unreadable or oversized file, and a file
 * without exactly one non-empty line.
 */
async function readUrlFile(source: Extract<PushUrlSource, { from: 'file' }>, io: CliIo): Promise<string> {
  const { path, option } = source;
  let text: string;
  try {
    const handle = await open(path, 'r');
    try {
      const stat = await handle.stat(); // of the file opened, not of whatever the path names a moment later
      if (io.platform !== 'win32' && stat.isFile() && (stat.mode & 0o077) !== 0) {
        const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
        throw new AppError('input', 'url_file_not_private', `${option} ${path} can be read or changed by other users (mode ${mode}); run \`chmod 600 ${path}\` and try again.`);
      }
      if (stat.size > MAX_URL_FILE_BYTES) throw new AppError('input', 'url_file_too_big', `${option} ${path} is ${stat.size} bytes, too big to hold an SRT URL.`);
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'an error';
    throw new AppError('input', 'url_file_unreadable', `Cannot read ${option} ${path} (${code}); give a file that holds the SRT push URL.`);
  }
  const lines = urlLines(text);
  if (lines.length !== 1) {
    throw new AppError('input', 'url_file_lines', `${option} ${path} must hold exactly one SRT URL on one line, not ${lines.length} lines.`);
  }
  return lines[0]!;
}

async function readSource(source: PushUrlSource, io: CliIo): Promise<string> {
  return source.from === 'argv' ? source.url : readUrlFile(source, io);
}

/** --urls-from-stdin: the primary URL on the first line, the backup optionally on the second; at a terminal, two hidden prompts. */
async function readUrlsFromStdin(io: CliIo): Promise<{ primary: string; backup?: string }> {
  let lines: string[];
  if (io.stdin.isTTY) {
    const primary = (await readSecretFromStdin(io, 'Primary SRT URL (hidden): ')).trim();
    const backup = (await readSecretFromStdin(io, 'Backup SRT URL, or Enter for none (hidden): ')).trim();
    lines = [primary, backup].filter((line) => line.length > 0);
  } else {
    lines = urlLines(await readSecretFromStdin(io, ''));
  }
  if (lines.length === 0) throw new AppError('input', 'no_urls_on_stdin', 'No SRT URL came on stdin: give the primary URL on the first line and optionally the backup on the second.');
  if (lines.length > 2) throw usageError(`stdin held ${lines.length} lines: --urls-from-stdin takes the primary URL and at most a backup URL.`);
  return { primary: lines[0]!, ...(lines[1] !== undefined ? { backup: lines[1] } : {}) };
}

/** Turns a target whose URLs are in files or on stdin into a plain `urls` target; any other target is returned as is. */
export async function resolvePushTarget(target: BroadcastTarget | PushUrlTarget, io: CliIo): Promise<BroadcastTarget> {
  if (target.kind === 'urlsFromStdin') return { kind: 'urls', ...(await readUrlsFromStdin(io)) };
  if (target.kind !== 'urlFiles') return target;
  const primary = await readSource(target.primary, io);
  const backup = target.backup === null ? undefined : await readSource(target.backup, io);
  return { kind: 'urls', primary, ...(backup !== undefined ? { backup } : {}) };
}
