// What main keeps of the current (or last) broadcast so a reloaded window loses nothing: the last 5 minutes of stats,
// and every event and stats second for the session report (pure: fed by the backend's listeners, no I/O).

import type { BroadcastEvent, StatsSnapshot } from '../../shared/broadcastTypes';
import { SessionRecorder, type RecorderLimits } from '../broadcast/sessionRecorder';

/** The stats window a reloaded window gets back, seconds (its charts show 5 minutes). */
export const RECENT_STATS_S = 300;

export class BroadcastHistoryStore {
  private recent: StatsSnapshot[] = [];
  private recorder: SessionRecorder;

  constructor(
    private readonly recentS: number = RECENT_STATS_S,
    private readonly limits?: RecorderLimits,
  ) {
    this.recorder = new SessionRecorder(limits);
  }

  /** A new broadcast begins: what the last one left is dropped. */
  reset(): void {
    this.recent = [];
    this.recorder = new SessionRecorder(this.limits);
  }

  addStats(snapshot: StatsSnapshot): void {
    this.recorder.addStats(snapshot);
    this.recent.push(snapshot);
    // By time, not count: the window stays 5 minutes whatever the stats interval.
    const oldestKept = snapshot.t - this.recentS;
    let drop = 0;
    while (drop < this.recent.length && this.recent[drop]!.t <= oldestKept) drop += 1;
    if (drop > 0) this.recent = this.recent.slice(drop);
  }

  addEvent(event: BroadcastEvent): void {
    this.recorder.addEvent(event);
  }

  /** The stats of the last 5 minutes, oldest first (a copy). */
  recentStats(): StatsSnapshot[] {
    return [...this.recent];
  }

  /** The session so far: every stats second and event kept. */
  get session(): SessionRecorder {
    return this.recorder;
  }
}
