// During a failback overlap, asks the Gcore API whether the platform has switched viewers back to the primary.

import type { GcoreStream } from '../gcore/streamSchema';
import type { PolicySnapshot } from '../failover/failoverTypes';

/** What the watcher needs of the uplinks: whether an overlap is under way, and a way to end it. */
export interface FailbackTarget {
  policyState(): Pick<PolicySnapshot, 'overlap'>;
  platformSwitchedBack(): void;
}

/**
 * While primary and backup are both pushed after a failover (the overlap), polls the stream: `live` means the primary
 * ingest is receiving and transcoding again, which ends the overlap before the 60 s + margin timer. API errors are
 * ignored here: the timer still ends the overlap. Returns the function that stops the polling.
 */
export function watchPlatformFailback(target: FailbackTarget, gcoreStreamId: number, getStream: (id: number) => Promise<GcoreStream>, pollMs: number): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy || target.policyState().overlap === null) return;
    busy = true;
    getStream(gcoreStreamId)
      .then((stream) => {
        if (stream.live === true && target.policyState().overlap !== null) target.platformSwitchedBack();
      })
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  }, pollMs);
  timer.unref();
  return () => clearInterval(timer);
}
