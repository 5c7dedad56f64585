// One poll of the Gcore stream per broadcast: every `pollMs` a single GET, its answer handed to every watcher that asked
// (the disabled/deleted watch, the failback watch, the platform's view), instead of one timer and request per watcher.

import type { GcoreStream } from '../gcore/streamSchema';

/** The API's answer to one poll: the stream, or the error the request ended with. */
export type StreamAnswer = { ok: true; stream: GcoreStream } | { ok: false; error: unknown };

/**
 * A watcher of the stream. `ask` runs as a poll is about to go out and returns what to do with its answer, or null to
 * skip this poll (nothing is requested when every watcher skips). What `ask` captures (e.g. a generation) is the state
 * at the time of the request, so the handler can drop an answer that went stale meanwhile.
 */
export interface StreamWatcher {
  ask(): ((answer: StreamAnswer) => void) | null;
}

/** Polls every `pollMs`, one request at a time. Returns the function that stops the polling. */
export function pollStream(watchers: readonly StreamWatcher[], gcoreStreamId: number, getStream: (id: number) => Promise<GcoreStream>, pollMs: number): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    const handlers = watchers.map((w) => w.ask()).filter((h): h is (answer: StreamAnswer) => void => h !== null);
    if (handlers.length === 0) return;
    busy = true;
    void getStream(gcoreStreamId)
      .then(
        (stream): StreamAnswer => ({ ok: true, stream }),
        (error: unknown): StreamAnswer => ({ ok: false, error }),
      )
      .then((answer) => {
        for (const handle of handlers) handle(answer);
      })
      .finally(() => {
        busy = false;
      });
  }, pollMs);
  timer.unref();
  return () => clearInterval(timer);
}
