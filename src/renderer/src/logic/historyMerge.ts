// Joins the history main kept (loaded after a reload) with what arrived live while it loaded (pure).

import type { BroadcastEvent, StatsSnapshot } from '../../../shared/broadcastTypes';

/** The loaded snapshots, then the live ones newer than the last loaded, keeping the newest `limit`. */
export function mergeStats(loaded: readonly StatsSnapshot[], live: readonly StatsSnapshot[], limit: number): StatsSnapshot[] {
  const lastLoadedT = loaded.at(-1)?.t ?? -Infinity;
  return [...loaded, ...live.filter((s) => s.t > lastLoadedT)].slice(-limit);
}

function sameEvent(a: BroadcastEvent, b: BroadcastEvent): boolean {
  return a.t === b.t && a.kind === b.kind && a.role === b.role && a.state === b.state && a.detail === b.detail;
}

/** The loaded events, then the live ones main had not kept yet when it answered, keeping the newest `limit`. */
export function mergeEvents(loaded: readonly BroadcastEvent[], live: readonly BroadcastEvent[], limit: number): BroadcastEvent[] {
  const lastLoadedT = loaded.at(-1)?.t ?? -Infinity;
  const fresh = live.filter((e) => e.t > lastLoadedT || (e.t === lastLoadedT && !loaded.some((l) => sameEvent(l, e))));
  return [...loaded, ...fresh].slice(-limit);
}
