// Reads a secret (the API token) from a file named on the command line: bounded, never echoed, with a note when others can read it.

import { open } from 'node:fs/promises';
import { AppError } from '../appError';

/** A token is at most 4096 characters (normaliseToken); anything much larger is not a token file. */
const MAX_SECRET_FILE_BYTES = 64 * 1024;

export interface SecretFile {
  text: string;
  /** Set when group or others may read the file (POSIX): the caller tells the user to `chmod 600` it. */
  readableByOthers: boolean;
  /** The permission bits, e.g. 0o644. */
  mode: number;
}

/**
 * Reads at most 64 KiB of `path` as UTF-8. Fails with AppError('input', 'secret_file_unreadable') naming the file and
 * the reason, never its content; a directory, a device or an over-long file is refused the same way.
 */
export async function readSecretFile(path: string, platform: NodeJS.Platform): Promise<SecretFile> {
  const refuse = (why: string): AppError => new AppError('input', 'secret_file_unreadable', `Cannot read the token from ${path}: ${why}.`);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw refuse(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `error ${String(code ?? 'unknown')}`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw refuse('it is not a regular file');
    const buffer = Buffer.alloc(MAX_SECRET_FILE_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_SECRET_FILE_BYTES) throw refuse('it is larger than 64 KiB, so it is not a token file');
    const mode = stat.mode & 0o777;
    return { text: buffer.subarray(0, bytesRead).toString('utf8'), readableByOthers: platform !== 'win32' && (mode & 0o044) !== 0, mode };
  } finally {
    await handle.close();
  }
}
