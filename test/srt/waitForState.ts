// Test helper: resolves with the state change that takes a tap into `state`, or rejects after a bound.

import type { SrtTap } from '../../src/main/srt/srtTap';
import type { TapState, TapStateChange } from '../../src/main/srt/tapTypes';

/** Waits (at most `timeoutMs`) for the tap to be in `state`; resolves with the change, or null if it already was. */
export function waitForState(tap: SrtTap, state: TapState, timeoutMs: number): Promise<TapStateChange | null> {
  if (tap.state === state) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const onState = (change: TapStateChange): void => {
      if (change.to !== state) return;
      clearTimeout(timer);
      tap.off('state', onState);
      resolve(change);
    };
    const timer = setTimeout(() => {
      tap.off('state', onState);
      reject(new Error(`tap did not reach '${state}' within ${timeoutMs} ms (state: ${tap.state})`));
    }, timeoutMs);
    tap.on('state', onState);
  });
}
