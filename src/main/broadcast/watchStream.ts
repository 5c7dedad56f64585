// While a broadcast to a Gcore stream runs, watches the polled stream: disabled or deleted means not on air with that
// reason (the uplinks stop); enabled again, or a new key or passphrase set elsewhere (the portal, the CLI), reconnects the uplinks.

import { isGcoreApiError } from '../gcore/gcoreErrors';
import type { GcoreStream } from '../gcore/streamSchema';
import { pollStream, type StreamWatcher } from './streamPoll';

/** What the watcher needs of the broadcast. */
export interface StreamWatchTarget {
  /** Changes with every change of the targets: an answer asked for before one is stale and is dropped. */
  targetsGeneration(): number;
  /** True while the app itself changes the key or passphrase (its own call will set the targets). */
  changingTargets(): boolean;
  /** The stream cannot be pushed to now (one sentence). */
  streamUnavailable(reason: string): void;
  /** The stream as the API has it now, active and push: the broadcast reconnects if its targets differ or it was held. */
  streamSeen(stream: GcoreStream): void;
}

/** The watcher for pollStream (network errors are ignored: the uplinks see real outages themselves). */
export function streamWatcher(target: StreamWatchTarget): StreamWatcher {
  return {
    ask() {
      if (target.changingTargets()) return null;
      const generation = target.targetsGeneration();
      const fresh = (): boolean => generation === target.targetsGeneration() && !target.changingTargets();
      return (answer) => {
        if (!fresh()) return;
        if (!answer.ok) {
          if (isGcoreApiError(answer.error) && answer.error.status === 404) target.streamUnavailable('the stream was deleted');
          return;
        }
        const { stream } = answer;
        if (stream.active === false) target.streamUnavailable('the stream was disabled');
        else if (stream.pull === true) target.streamUnavailable('the stream was switched to pull from a source');
        else target.streamSeen(stream);
      };
    },
  };
}

/** Polls every `pollMs` for this watcher alone. Returns the function that stops the polling. */
export function watchStream(target: StreamWatchTarget, gcoreStreamId: number, getStream: (id: number) => Promise<GcoreStream>, pollMs: number): () => void {
  return pollStream([streamWatcher(target)], gcoreStreamId, getStream, pollMs);
}
