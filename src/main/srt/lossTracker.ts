// Counts each sequence number reported lost by NAKs once, although periodic NAK reports repeat unrecovered losses
// (srt-notes.md §2.1 "periodic NAK", §3.5).

/** A run of consecutive intervals, sorted: [starts[i], ends[i]]. */
interface Block {
  starts: number[];
  ends: number[];
}

/** Intervals per block after a split; a block splits when it exceeds twice this. */
const BLOCK_INTERVALS = 64;

/**
 * Unique-loss accounting on unwrapped (linear) sequence numbers: a set of disjoint inclusive intervals of numbers
 * already reported lost and not yet acknowledged. Memory depends on the number of distinct loss bursts, not their size.
 *
 * The intervals live in sorted blocks of at most 128 (an unrolled list), so a report finds its place with two binary
 * searches (O(log n) interval reads), visits only the intervals it merges with (each of which it removes: amortised
 * O(1)), and moves at most one block's worth of entries. A hostile NAK full of scattered entries at the interval cap
 * costs microseconds, where one flat sorted array would move thousands of entries per entry (issue 10, finding 5).
 */
export class LossTracker {
  private blocks: Block[] = [];
  private count = 0;
  private uniqueLost = 0;
  private probes = 0;
  /** Numbers below this were forgotten at the cap: reports of them are repeats of old losses and count nothing. */
  private evictedBelow = -Infinity;

  /**
   * Bound on remembered intervals; beyond it the oldest are forgotten, together with every number below them (a receiver
   * reports new losses at the top of its window, so anything lower is a repeat), which keeps `lostPkts` bounded.
   */
  constructor(private readonly maxIntervals = 4096) {}

  /** Total distinct sequence numbers reported lost so far. */
  get lostPkts(): number {
    return this.uniqueLost;
  }

  /** Intervals remembered now. */
  get intervalCount(): number {
    return this.count;
  }

  /**
   * Intervals read by searches and merges since creation: a deterministic measure of the work done (moves inside one
   * block are not counted). Tests use it to show that a report costs O(log n), not O(n).
   */
  get intervalProbes(): number {
    return this.probes;
  }

  /** Records the inclusive linear range as lost and returns how many of its numbers were not already known lost. */
  report(rawFrom: number, to: number): number {
    const from = Math.max(rawFrom, this.evictedBelow);
    if (!(to >= from)) return 0; // also refuses NaN
    if (this.blocks.length === 0) this.blocks.push({ starts: [], ends: [] });
    // The first interval that overlaps or touches [from, to] is the first whose end reaches from − 1.
    const at = this.locate(from - 1);
    let lo = from;
    let hi = to;
    let known = 0;
    let emptied = false;
    for (let b = at.block; b < this.blocks.length; b++) {
      const block = this.blocks[b] as Block;
      const first = b === at.block ? at.index : 0;
      let end = first;
      while (end < block.starts.length && (block.starts[end] ?? Infinity) <= to + 1) {
        this.probes++;
        const ivFrom = block.starts[end] ?? 0;
        const ivTo = block.ends[end] ?? 0;
        known += Math.max(0, Math.min(ivTo, to) - Math.max(ivFrom, from) + 1);
        lo = Math.min(lo, ivFrom);
        hi = Math.max(hi, ivTo);
        end++;
      }
      const stoppedInside = end < block.starts.length;
      block.starts.splice(first, end - first);
      block.ends.splice(first, end - first);
      this.count -= end - first;
      if (stoppedInside) break;
      if (b !== at.block && block.starts.length === 0) emptied = true;
    }
    const target = this.blocks[at.block] as Block;
    target.starts.splice(at.index, 0, lo);
    target.ends.splice(at.index, 0, hi);
    this.count++;
    if (emptied) this.blocks = this.blocks.filter((block) => block.starts.length > 0);
    if (target.starts.length > 2 * BLOCK_INTERVALS) this.split(at.block);
    this.evictOldest();
    const added = to - from + 1 - known;
    this.uniqueLost += added;
    return added;
  }

  /** Forgets losses below `firstUnacked`: the receiver has either recovered or given up on them. */
  acknowledge(firstUnacked: number): void {
    if (this.blocks.length === 0) return;
    const at = this.locate(firstUnacked);
    for (const gone of this.blocks.splice(0, at.block)) this.count -= gone.starts.length;
    const block = this.blocks[0] as Block;
    block.starts.splice(0, at.index);
    block.ends.splice(0, at.index);
    this.count -= at.index;
    if (block.starts.length > 0 && (block.starts[0] ?? 0) < firstUnacked) block.starts[0] = firstUnacked;
  }

  /** Starts over (new SRT session). */
  reset(): void {
    this.blocks = [];
    this.count = 0;
    this.uniqueLost = 0;
    this.evictedBelow = -Infinity;
  }

  /**
   * Position of the first interval whose end is ≥ `value` (two binary searches: over the blocks' last ends, then inside
   * one block); past the last interval of the last block when none is. Needs at least one block.
   */
  private locate(value: number): { block: number; index: number } {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      this.probes++;
      const ends = (this.blocks[mid] as Block).ends;
      if ((ends[ends.length - 1] ?? -Infinity) < value) lo = mid + 1;
      else hi = mid;
    }
    const ends = (this.blocks[lo] as Block).ends;
    let first = 0;
    let last = ends.length;
    while (first < last) {
      const mid = (first + last) >>> 1;
      this.probes++;
      if ((ends[mid] ?? Infinity) < value) first = mid + 1;
      else last = mid;
    }
    return { block: lo, index: first };
  }

  private split(blockIndex: number): void {
    const block = this.blocks[blockIndex] as Block;
    const upper: Block = { starts: block.starts.splice(BLOCK_INTERVALS), ends: block.ends.splice(BLOCK_INTERVALS) };
    this.blocks.splice(blockIndex + 1, 0, upper);
  }

  /** Drops the lowest intervals beyond the cap. */
  private evictOldest(): void {
    while (this.count > this.maxIntervals) {
      const block = this.blocks[0] as Block;
      const excess = Math.min(this.count - this.maxIntervals, block.starts.length);
      this.evictedBelow = Math.max(this.evictedBelow, (block.ends[excess - 1] ?? -Infinity) + 1);
      block.starts.splice(0, excess);
      block.ends.splice(0, excess);
      this.count -= excess;
      if (block.starts.length === 0) this.blocks.shift();
    }
  }
}
