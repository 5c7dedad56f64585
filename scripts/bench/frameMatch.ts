// Pure matching of video frames seen at two points of a path by their content hash, when the content repeats (a
// looped file): each arrival is paired with the latest departure of the same content that precedes it.

/** One access unit at one point of the path: its content hash and when its last byte passed there. */
export interface TimedFrame {
  hash: string;
  atMs: number;
}

/** A frame seen at both points: when its last byte left the first and reached the second. */
export interface MatchedFrame {
  hash: string;
  sentAtMs: number;
  arrivedAtMs: number;
}

/**
 * Pairs every arrival with the latest departure of the same hash at or before it, no more than `maxDelayMs` earlier
 * (a loop repeats each frame once per loop; `maxDelayMs` below the loop's length keeps the pairing unambiguous). Each
 * departure is used once; arrivals without a departure are left out.
 */
export function matchFrames(sent: readonly TimedFrame[], arrived: readonly TimedFrame[], maxDelayMs: number): MatchedFrame[] {
  const departures = new Map<string, number[]>();
  for (const f of sent) {
    const list = departures.get(f.hash);
    if (list) list.push(f.atMs);
    else departures.set(f.hash, [f.atMs]);
  }
  for (const list of departures.values()) list.sort((a, b) => a - b);
  const used = new Set<string>();
  const matched: MatchedFrame[] = [];
  for (const f of arrived) {
    const list = departures.get(f.hash);
    if (!list) continue;
    let best = -1;
    for (let i = 0; i < list.length && list[i]! <= f.atMs; i++) best = i;
    if (best < 0 || f.atMs - list[best]! > maxDelayMs) continue;
    const key = `${f.hash}@${best}`;
    if (used.has(key)) continue;
    used.add(key);
    matched.push({ hash: f.hash, sentAtMs: list[best]!, arrivedAtMs: f.atMs });
  }
  return matched;
}
