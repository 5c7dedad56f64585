// Directories (0700) and files (0600) that only the user can read, for what the app writes under its config dir.

import { promises as fs } from 'node:fs';
import { join } from 'node:path';

/** rwx for the owner only. */
export const PRIVATE_DIR_MODE = 0o700;
/** rw for the owner only. */
export const PRIVATE_FILE_MODE = 0o600;

/** POSIX modes only: Windows keeps files private through the profile folder's ACLs and ignores these bits. */
function hasPosixModes(): boolean {
  return process.platform !== 'win32';
}

/**
 * Creates `dir` (and missing parents) as 0700, and tightens an existing `dir` that group or others may read, when
 * it belongs to this user (older versions created it 0755). Parents that already exist are left as they are.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!hasPosixModes()) return;
  const stat = await fs.stat(dir);
  const ownedByUs = typeof process.getuid !== 'function' || stat.uid === process.getuid();
  if ((stat.mode & 0o077) !== 0 && ownedByUs) await fs.chmod(dir, PRIVATE_DIR_MODE);
}

/**
 * Writes `text` to `file` as 0600 through a temporary file in the same folder and a rename, so a reader never sees
 * half a file and no moment exists when the content is readable by others. The folder is made private first.
 */
export async function writePrivateFileAtomic(dir: string, fileName: string, text: string): Promise<void> {
  await ensurePrivateDir(dir);
  const file = join(dir, fileName);
  const temp = `${file}.${process.pid}.tmp`;
  // A leftover temp file from a crash could carry a looser mode: 'wx' below only creates, so remove it first.
  await fs.rm(temp, { force: true });
  await fs.writeFile(temp, text, { encoding: 'utf8', mode: PRIVATE_FILE_MODE, flag: 'wx' });
  await fs.rename(temp, file);
}
