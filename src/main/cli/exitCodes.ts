// Process exit codes of the srt-companion CLI, one per kind of failure (documented in README).

import type { ErrorKind } from '../appError';

export const EXIT = {
  ok: 0,
  /** Unexpected internal failure (a bug): the message says so. */
  internal: 1,
  usage: 2,
  badInput: 3,
  ffmpeg: 4,
  api: 5,
  unreachable: 6,
  /** Every ingest refused the stream (wrong stream id, key or passphrase), twice each. */
  refused: 7,
} as const;

export function exitCodeFor(kind: ErrorKind): number {
  switch (kind) {
    case 'usage':
      return EXIT.usage;
    case 'input':
    case 'config':
      return EXIT.badInput;
    case 'ffmpeg':
      return EXIT.ffmpeg;
    case 'api':
      return EXIT.api;
    case 'unreachable':
      return EXIT.unreachable;
  }
}
