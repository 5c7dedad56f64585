// The broadcast's own state machine (pure): what the CLI and the app show as "starting", "live", "not on air"…

import type { BroadcastState } from '../../shared/broadcastTypes';

/**
 * Allowed transitions. `live`: an ingest carries the stream; `notOnAir`: running, but no ingest carries it (connecting,
 * every uplink down, both refused); `stopping` → `stopped` after the user's stop, `failed` when the broadcast ended by
 * itself (every ingest unreachable for the retry budget, the encoder failing again and again) or could not start.
 */
const NEXT: Readonly<Record<BroadcastState, readonly BroadcastState[]>> = {
  idle: ['starting'],
  starting: ['live', 'notOnAir', 'stopping', 'failed'],
  live: ['notOnAir', 'stopping', 'failed'],
  notOnAir: ['live', 'stopping', 'failed'],
  stopping: ['stopped', 'failed'],
  stopped: [],
  failed: [],
};

export function canMove(from: BroadcastState, to: BroadcastState): boolean {
  return NEXT[from].includes(to);
}

/** True once the broadcast has ended (nothing of it runs any more). */
export function isFinal(state: BroadcastState): boolean {
  return NEXT[state].length === 0;
}
