// Sum of timestamped values over a sliding time window (e.g. bytes forwarded in the last second), with an injected clock.

/** Samples kept before an `add` prunes the old ones itself. */
const MAX_UNREAD_SAMPLES = 16_384;

/** Keeps (time, value) samples and sums those newer than `windowMs` before the given time. Integer values sum exactly. */
export class SlidingWindowSum {
  private times: number[] = [];
  private values: number[] = [];
  private head = 0;
  private total = 0;

  /**
   * @param windowMs length of the window in milliseconds
   * @param resolutionMs samples this close to the previous one are merged into it (bounded memory for per-packet
   *   counts over long windows); 0 keeps every sample apart. The window's edge is exact to this resolution.
   */
  constructor(
    readonly windowMs: number,
    readonly resolutionMs = 0,
  ) {}

  /** Records `value` at `nowMs`. Times must not go backwards. */
  add(nowMs: number, value: number): void {
    const last = this.times.length - 1;
    if (this.resolutionMs > 0 && last >= this.head && nowMs - (this.times[last] ?? -Infinity) < this.resolutionMs) {
      this.values[last] = (this.values[last] ?? 0) + value;
    } else {
      this.times.push(nowMs);
      this.values.push(value);
      // Memory stays bounded even when nobody reads the sum (a per-packet window at 50 Mbit/s adds ~4,800 a second).
      if (this.times.length - this.head > MAX_UNREAD_SAMPLES) this.prune(nowMs);
    }
    this.total += value;
  }

  /** Sum of the values recorded in (nowMs − windowMs, nowMs]. Drops older samples. */
  sum(nowMs: number): number {
    this.prune(nowMs);
    return this.total;
  }

  /** Samples held now (bounded: old ones are pruned on `sum`, and by `add` itself once too many pile up). */
  heldSamples(): number {
    return this.times.length - this.head;
  }

  /** Forgets every sample. */
  clear(): void {
    this.times = [];
    this.values = [];
    this.head = 0;
    this.total = 0;
  }

  private prune(nowMs: number): void {
    const cutoffMs = nowMs - this.windowMs;
    while (this.head < this.times.length && (this.times[this.head] ?? Infinity) <= cutoffMs) {
      this.total -= this.values[this.head] ?? 0;
      this.head++;
    }
    // Compact now and then so the arrays do not grow for the life of a long broadcast.
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.values = this.values.slice(this.head);
      this.head = 0;
    }
    if (this.head === this.times.length) this.total = 0;
  }
}
