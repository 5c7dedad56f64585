// 31-bit SRT sequence-number arithmetic (draft-sharabayko-srt §3.1 "Packet Sequence Number"; srtcore/common.h CSeqNo).

/** Largest sequence number: sequence numbers are 31 bits and wrap from 0x7FFFFFFF to 0. */
export const SEQ_MAX = 0x7fffffff;
const SEQ_MODULO = 0x80000000;
const SEQ_HALF = 0x40000000;

/** Masks any number to a valid 31-bit sequence number (wrapping negatives). */
export function seqWrap(value: number): number {
  const m = value % SEQ_MODULO;
  return m < 0 ? m + SEQ_MODULO : m;
}

/**
 * Signed distance `a − b` on the 31-bit circle, in −2^30 … 2^30−1. Positive when `a` is after `b`.
 * Example: seqDiff(2, 0x7FFFFFFE) === 4.
 */
export function seqDiff(a: number, b: number): number {
  const d = seqWrap(a - b);
  return d >= SEQ_HALF ? d - SEQ_MODULO : d;
}

/** `seq + n` on the 31-bit circle (n may be negative). */
export function seqAdd(seq: number, n: number): number {
  return seqWrap(seq + n);
}

/** True when `a` comes strictly before `b` on the 31-bit circle. */
export function seqLess(a: number, b: number): boolean {
  return seqDiff(a, b) < 0;
}

/** Number of sequence numbers in the inclusive range from..to (1 when equal), following wrap-around. */
export function seqRangeLength(from: number, to: number): number {
  return seqWrap(to - from) + 1;
}

/**
 * Maps 31-bit sequence numbers onto an unbounded line so they can be compared and stored as plain numbers.
 * Each value is placed at the point nearest to the previous one, so a wrap from 0x7FFFFFFF to 0 continues upward.
 */
export class SeqUnwrapper {
  private lastSeq: number | null = null;
  private lastLinear = 0;

  /** Linear position of `seq`; the first call anchors the line at `seq` itself. */
  unwrap(seq: number): number {
    if (this.lastSeq === null) {
      this.lastSeq = seq;
      this.lastLinear = seq;
      return seq;
    }
    const linear = this.lastLinear + seqDiff(seq, this.lastSeq);
    this.lastSeq = seq;
    this.lastLinear = linear;
    return linear;
  }

  /** Forgets the anchor, e.g. when a new SRT session starts with a fresh random initial sequence number. */
  reset(): void {
    this.lastSeq = null;
    this.lastLinear = 0;
  }
}

/**
 * Linear position of `seq` taken as the one nearest to the linear position `refLinear`, or null when it lies more than
 * `windowPkts` away on the circle: such a number cannot belong to the session's current sending window (stale, forged
 * or corrupt) and must not be unwrapped into an absurd distance. Does not move any anchor.
 */
export function linearSeqNear(seq: number, refLinear: number, windowPkts: number): number | null {
  const d = seqDiff(seq, seqWrap(refLinear));
  return Math.abs(d) > windowPkts ? null : refLinear + d;
}
