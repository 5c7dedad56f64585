// `push --report FILE`: the session report written readable by the user alone (0600), checked before going live.

import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../appError';
import { PRIVATE_FILE_MODE } from '../privateFiles';

/** Refuses (exit 3) a report path whose folder does not exist, or that names a folder, before anything starts. */
export async function checkReportPath(path: string): Promise<void> {
  const folder = await fs.stat(dirname(resolve(path))).catch(() => null);
  if (folder === null || !folder.isDirectory()) throw new AppError('input', 'bad_report_path', `--report: the folder of "${path}" does not exist.`);
  const existing = await fs.stat(path).catch(() => null);
  if (existing?.isDirectory()) throw new AppError('input', 'bad_report_path', `--report: "${path}" is a folder; give a file name.`);
}

/**
 * Writes `text` to `path` as 0600 through a temporary file beside it and a rename: a reader never sees half a file, and
 * an existing file with a looser mode is replaced, not reused. The folder is the user's and is left as it is.
 */
export async function writeReportFile(path: string, text: string): Promise<void> {
  const target = resolve(path);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  await fs.rm(temp, { force: true });
  await fs.writeFile(temp, text, { encoding: 'utf8', mode: PRIVATE_FILE_MODE, flag: 'wx' });
  await fs.rename(temp, target);
}
