// Stream management while this app broadcasts to the stream: a key reset or a passphrase change is handed to the running
// broadcast (its uplinks reconnect with the new settings, the encoder keeps running); disabling or deleting the stream
// takes the broadcast off air with that reason, and enabling it again resumes the uplinks.

import type { StreamChange, StreamKeyReset, StreamKeyResetChange } from '../../shared/streams';
import type { Broadcast } from '../broadcast/broadcast';
import type { GcoreClient } from '../gcore/gcoreClient';
import { resetStreamKey, setStreamPassphrase } from '../gcore/streamActions';
import type { GcoreStream } from '../gcore/streamSchema';
import { toStreamView } from '../gcore/streamView';
import { redact } from '../redact';

/** The broadcast this app runs to the stream, or `starting` while one is being prepared for it, or null. */
export type LiveBroadcast = Broadcast | 'starting' | null;

const STARTING_NOTE = 'A broadcast to this stream is starting: if it went live with the old settings, stop it and go live again.';

function reasonOf(err: unknown): string {
  return redact(err instanceof Error ? err.message : String(err)).replace(/[.\s]+$/, '');
}

/** Resets the push key; a running broadcast to the stream reconnects with the new one (never waiting for the old key's rate limit). */
export async function resetKeyLive(client: GcoreClient, id: number, live: LiveBroadcast): Promise<StreamKeyResetChange> {
  if (live === null || live === 'starting') {
    const reset = await resetStreamKey(client, id, { reveal: false });
    return live === null ? { ...reset, restartBroadcast: false } : { ...reset, restartBroadcast: true, broadcastNote: STARTING_NOTE };
  }
  const done: { reset?: StreamKeyReset } = {};
  let roles: string[];
  try {
    roles = await live.changeTargets('the stream key was reset', async () => {
      done.reset = await resetStreamKey(client, id, { reveal: false });
      const fresh = await client.getStream(id).catch(() => null);
      return fresh ? { stream: fresh } : null;
    });
  } catch (err) {
    if (!done.reset) throw err; // the reset itself failed: nothing changed
    return { ...done.reset, restartBroadcast: true, uplinksReconnected: false, broadcastNote: `The running broadcast still uses the old key (${reasonOf(err)}): stop it and go live again.` };
  }
  const reset = done.reset!;
  if (roles.length === 0) {
    return { ...reset, restartBroadcast: true, uplinksReconnected: false, broadcastNote: 'The new push URLs could not be read back, so the running broadcast still uses the old key: stop it and go live again.' };
  }
  const held = reset.ingestStillRunning
    ? ' Gcore could not end the connection that used the old key, so its ingest may still hold it for a few seconds and ignore the new one until it drops; the app keeps trying.'
    : '';
  return { ...reset, restartBroadcast: false, uplinksReconnected: true, broadcastNote: `The running broadcast reconnects its uplinks with the new key now; the encoder keeps running.${held}` };
}

/** Sets or clears the SRT passphrase; a running broadcast to the stream reconnects with it. */
export async function setPassphraseLive(client: GcoreClient, id: number, passphrase: string | null, live: LiveBroadcast): Promise<StreamChange> {
  if (live === null || live === 'starting') {
    const stream = toStreamView(await setStreamPassphrase(client, id, passphrase), { reveal: false });
    return live === null ? { stream, restartBroadcast: false } : { stream, restartBroadcast: true, broadcastNote: STARTING_NOTE };
  }
  const done: { stream?: GcoreStream } = {};
  const what = passphrase === null ? 'without a passphrase' : 'with the new passphrase';
  let roles: string[];
  try {
    roles = await live.changeTargets(passphrase === null ? 'the SRT passphrase was removed' : 'the SRT passphrase was changed', async () => {
      done.stream = await setStreamPassphrase(client, id, passphrase);
      return { stream: done.stream };
    });
  } catch (err) {
    if (!done.stream) throw err; // the API refused the change: nothing changed
    const stream = toStreamView(done.stream, { reveal: false });
    return { stream, restartBroadcast: true, uplinksReconnected: false, broadcastNote: `The running broadcast still uses the old passphrase setting (${reasonOf(err)}): stop it and go live again.` };
  }
  const stream = toStreamView(done.stream!, { reveal: false });
  if (roles.length === 0) return { stream, restartBroadcast: false, uplinksReconnected: false, broadcastNote: 'The running broadcast already uses this passphrase setting.' };
  return { stream, restartBroadcast: false, uplinksReconnected: true, broadcastNote: `The running broadcast reconnects its uplinks ${what} now; the encoder keeps running.` };
}

/** After the stream was switched on or off: off takes the broadcast off air with the reason, on resumes its uplinks. */
export function activeChangedLive(stream: GcoreStream, active: boolean, live: LiveBroadcast): void {
  if (live === null || live === 'starting') return;
  if (!active) {
    live.streamUnavailable('the stream was disabled');
    return;
  }
  try {
    live.replaceTargets({ stream }, 'the stream was enabled again');
  } catch {
    // Still not pushable (pull, no SRT URL): the broadcast stays off air; the stream watcher reports what it sees.
  }
}
