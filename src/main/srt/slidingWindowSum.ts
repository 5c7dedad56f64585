// Sum of timestamped values over a sliding time window (e.g. bytes forwarded in the last second), with an injected clock.

/** Keeps (time, value) samples and sums those newer than `windowMs` before the given time. Integer values sum exactly. */
export class SlidingWindowSum {
  private times: number[] = [];
  private values: number[] = [];
  private head = 0;
  private total = 0;

  /** @param windowMs length of the window in milliseconds */
  constructor(readonly windowMs: number) {}

  /** Records `value` at `nowMs`. Times must not go backwards. */
  add(nowMs: number, value: number): void {
    this.times.push(nowMs);
    this.values.push(value);
    this.total += value;
  }

  /** Sum of the values recorded in (nowMs − windowMs, nowMs]. Drops older samples. */
  sum(nowMs: number): number {
    this.prune(nowMs);
    return this.total;
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
