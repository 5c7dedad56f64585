// Every error the desktop app shows is in the app's words: no terminal command, no CLI flag, and the API address named
// where the window has it (Diagnostics › Settings); the CLI keeps its own sentences.

import { describe, expect, it } from 'vitest';
import { AppError, messageFor } from '../../src/main/appError';
import { targetsFromStream } from '../../src/main/broadcast/resolveTargets';
import { audioMissingError } from '../../src/main/capture/verifyCaptureSource';
import { errorFromResponse, malformedResponse, networkError, responseTooLarge } from '../../src/main/gcore/gcoreErrors';
import type { GcoreStream } from '../../src/main/gcore/streamSchema';

const req = { endpoint: 'GET /streaming/streams', host: 'api.example.com', attempts: 1 };
const TERMINAL = /`|srt-companion|--[a-z]|apt install|sudo |FFMPEG_PATH|GCORE_API_URL|API URL setting/;

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
  }
  throw new Error('no AppError thrown');
}

const appErrors = (): AppError[] => [
  errorFromResponse(req, 401, '', 'tok'),
  errorFromResponse(req, 403, '{"detail":"no role"}', 'tok'),
  errorFromResponse(req, 404, '', 'tok'),
  errorFromResponse(req, 302, '', 'tok'),
  networkError(req, 'connection refused', null),
  malformedResponse(req, 200, 'not JSON'),
  responseTooLarge(req, 200, 4 * 1024 * 1024),
  audioMissingError('hw:9', []),
  thrown(() => targetsFromStream({ id: 7, name: 'P', pull: true } as GcoreStream)),
  thrown(() => targetsFromStream({ id: 8, name: 'Off', pull: false, active: false } as GcoreStream)),
];

describe('app wording', () => {
  it('no app sentence names a terminal command, a flag, an environment variable or the old "API URL setting"', () => {
    for (const err of appErrors()) expect(messageFor(err, 'app'), err.code).not.toMatch(TERMINAL);
  });

  it('the wrong-token message sends the user to Account; the CLI still names its command', () => {
    const err = errorFromResponse(req, 401, '', 'tok');
    expect(messageFor(err, 'app')).toBe('The Gcore API rejected the API token: sign out, then sign in under Account with a new token.');
    expect(messageFor(err, 'cli')).toBe('The Gcore API rejected the API token; set a new one with `srt-companion token set`.');
  });

  it('API address problems point at Diagnostics › Settings in the app', () => {
    expect(messageFor(networkError(req, 'connection refused', null), 'app')).toBe(
      'Cannot reach the Gcore API at api.example.com (connection refused); check the network connection and the API address under Diagnostics › Settings.',
    );
    expect(messageFor(errorFromResponse(req, 404, '', 'tok'), 'app')).toMatch(/check the API address under Diagnostics › Settings\.$/);
  });

  it('a pull or switched-off stream names the screen where it is fixed', () => {
    expect(messageFor(appErrors()[8]!, 'app')).toBe('Stream 7 pulls from a source: turn pull off on the Pull screen to push to it.');
    expect(messageFor(appErrors()[9]!, 'app')).toBe('Stream 8 is switched off, so its ingest rejects pushes: enable it under Streams › Manage first.');
  });

  it('an error re-attached to a form field keeps its app sentence', () => {
    const err = new AppError('input', 'x', 'cli words', { appMessage: 'app words' }).withField('target.primary');
    expect([err.field, messageFor(err, 'app'), messageFor(err, 'cli')]).toEqual(['target.primary', 'app words', 'cli words']);
  });
});
