// Counts each sequence number reported lost by NAKs once, although periodic NAK reports repeat unrecovered losses
// (srt-notes.md §2.1 "periodic NAK", §3.5).

/**
 * Unique-loss accounting on unwrapped (linear) sequence numbers: a set of disjoint inclusive intervals of numbers
 * already reported lost and not yet acknowledged. Memory depends on the number of distinct loss bursts, not their size.
 */
export class LossTracker {
  /** Sorted, disjoint, non-adjacent inclusive intervals [from, to]. */
  private intervals: Array<[number, number]> = [];
  private uniqueLost = 0;

  /** Bound on remembered intervals; beyond it the oldest are forgotten (a later repeat would then count again). */
  constructor(private readonly maxIntervals = 4096) {}

  /** Total distinct sequence numbers reported lost so far. */
  get lostPkts(): number {
    return this.uniqueLost;
  }

  /** Records the inclusive linear range as lost and returns how many of its numbers were not already known lost. */
  report(from: number, to: number): number {
    if (to < from) return 0;
    let added = to - from + 1;
    const next: Array<[number, number]> = [];
    let lo = from;
    let hi = to;
    for (const iv of this.intervals) {
      if (iv[1] < lo - 1 || iv[0] > hi + 1) {
        next.push(iv);
        continue;
      }
      // Overlapping or adjacent: subtract the overlap from the new count, then merge.
      const overlap = Math.min(iv[1], to) - Math.max(iv[0], from) + 1;
      if (overlap > 0) added -= overlap;
      lo = Math.min(lo, iv[0]);
      hi = Math.max(hi, iv[1]);
    }
    next.push([lo, hi]);
    next.sort((a, b) => a[0] - b[0]);
    this.intervals = next.length > this.maxIntervals ? next.slice(next.length - this.maxIntervals) : next;
    this.uniqueLost += added;
    return added;
  }

  /** Forgets losses below `firstUnacked`: the receiver has either recovered or given up on them. */
  acknowledge(firstUnacked: number): void {
    this.intervals = this.intervals
      .filter((iv) => iv[1] >= firstUnacked)
      .map((iv): [number, number] => [Math.max(iv[0], firstUnacked), iv[1]]);
  }

  /** Starts over (new SRT session). */
  reset(): void {
    this.intervals = [];
    this.uniqueLost = 0;
  }
}
