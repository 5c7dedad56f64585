// Parses a stream ID given on the command line: a positive integer, nothing else.

import { AppError } from '../../appError';

export function parseStreamId(raw: string | undefined): number {
  const text = (raw ?? '').trim();
  const id = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new AppError('input', 'bad_gcore_stream_id', `"${text}" is not a stream ID; use the number shown by \`srt-companion streams list\`.`);
  }
  return id;
}
