// During a failback overlap, asks the Gcore API whether the platform has switched viewers back to the primary.

import type { GcoreStream } from '../gcore/streamSchema';
import type { PolicySnapshot } from '../failover/failoverTypes';
import { pollStream, type StreamWatcher } from './streamPoll';

/** What the watcher needs of the uplinks: whether an overlap is under way, and a way to end it. */
export interface FailbackTarget {
  policyState(): Pick<PolicySnapshot, 'overlap'>;
  platformSwitchedBack(): void;
}

/**
 * While primary and backup are both pushed after a failover (the overlap), reads the polled stream: `live` means the
 * primary ingest is receiving and transcoding again, which ends the overlap before the 60 s + margin timer. API errors
 * are ignored here: the timer still ends the overlap. Asks for no poll outside an overlap.
 */
export function failbackWatcher(target: FailbackTarget): StreamWatcher {
  return {
    ask() {
      if (target.policyState().overlap === null) return null;
      return (answer) => {
        if (answer.ok && answer.stream.live === true && target.policyState().overlap !== null) target.platformSwitchedBack();
      };
    },
  };
}

/** Polls every `pollMs` for this watcher alone. Returns the function that stops the polling. */
export function watchPlatformFailback(target: FailbackTarget, gcoreStreamId: number, getStream: (id: number) => Promise<GcoreStream>, pollMs: number): () => void {
  return pollStream([failbackWatcher(target)], gcoreStreamId, getStream, pollMs);
}
