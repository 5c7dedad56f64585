// A bounded, append-only history: the renderer keeps the last N stats snapshots and events, never more.

/** Returns a new array holding `items` plus `item`, dropping the oldest entries beyond `limit`. */
export function appendBounded<T>(items: readonly T[], item: T, limit: number): T[] {
  const next = items.length >= limit ? items.slice(items.length - limit + 1) : items.slice();
  next.push(item);
  return next;
}
