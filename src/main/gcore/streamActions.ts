// Stream management shared by the CLI and the desktop app: enable/disable, key reset, SRT passphrase, pull off, delete.

import type { StreamKeyReset } from '../../shared/streams';
import type { GcoreClient } from './gcoreClient';
import { isGcoreApiError } from './gcoreErrors';
import { pullOffFallbackPatch, pullOffPatch } from './pullSources';
import { validatePassphrase } from '../srt/packets/passphrase';
import type { GcoreStream } from './streamSchema';
import { toStreamView } from './streamView';

/** Checks a passphrase before it is sent, with the engine's own rule (never echoed). @throws AppError('input', 'bad_passphrase') */
export function checkNewPassphrase(passphrase: string): string {
  validatePassphrase(passphrase);
  return passphrase;
}

/** Sets the SRT passphrase (checked first, never echoed), or clears it with `null`. */
export async function setStreamPassphrase(client: GcoreClient, id: number, passphrase: string | null): Promise<GcoreStream> {
  return client.setSrtPassphrase(id, passphrase === null ? null : checkNewPassphrase(passphrase));
}

/**
 * Resets the push key and describes the outcome with the stream's new URLs (masked unless `reveal`). On a 202 the
 * stream is read again for its new URLs; if that read fails the reset still stands, so `stream` is null instead of
 * an error that would invite a second reset.
 */
export async function resetStreamKey(client: GcoreClient, id: number, options: { reveal: boolean }): Promise<StreamKeyReset> {
  const outcome = await client.resetPushToken(id);
  if (outcome.kind === 'reset') {
    return { stream: toStreamView(outcome.stream, options), ingestStillRunning: false, platformMessage: null };
  }
  const stream = await client.getStream(id).then(
    (s) => toStreamView(s, options),
    () => null,
  );
  return { stream, ingestStillRunning: true, platformMessage: outcome.message };
}

/**
 * Turns pull off: `{pull: false, uri: null}` first (clears the sources). The specification types `uri` as a
 * non-nullable string, so if the API refuses the null as a bad request (400 or 422), the spec's form `uri: ""` is sent
 * once. Other failures (401, 404, 429, 5xx…) would not change with another body and are reported as they are.
 */
export async function turnPullOff(client: GcoreClient, id: number): Promise<GcoreStream> {
  try {
    return await client.updateStream(id, pullOffPatch());
  } catch (err) {
    if (isGcoreApiError(err) && (err.status === 400 || err.status === 422)) return client.updateStream(id, pullOffFallbackPatch());
    throw err;
  }
}
