// 31-bit sequence arithmetic, the sliding-window sum and unique-loss accounting used by the tap.

import { describe, expect, it } from 'vitest';
import { SEQ_MAX, SeqUnwrapper, seqAdd, seqDiff, seqLess, seqRangeLength, seqWrap } from '../../src/main/srt/packets/seq';
import { LossTracker } from '../../src/main/srt/lossTracker';
import { SlidingWindowSum } from '../../src/main/srt/slidingWindowSum';

describe('31-bit sequence numbers', () => {
  it('wraps and measures distances across 0x7FFFFFFF → 0', () => {
    expect(seqWrap(-1)).toBe(SEQ_MAX);
    expect(seqWrap(SEQ_MAX + 1)).toBe(0);
    expect(seqAdd(SEQ_MAX, 3)).toBe(2);
    expect(seqAdd(1, -3)).toBe(SEQ_MAX - 1);
    expect(seqDiff(2, 0x7ffffffe)).toBe(4);
    expect(seqDiff(0x7ffffffe, 2)).toBe(-4);
    expect(seqDiff(10, 10)).toBe(0);
    expect(seqLess(SEQ_MAX, 0)).toBe(true);
    expect(seqLess(0, SEQ_MAX)).toBe(false);
    expect(seqRangeLength(0x7ffffffe, 1)).toBe(4);
    expect(seqRangeLength(5, 5)).toBe(1);
  });

  it('unwraps a sequence crossing the wrap onto a monotonic line, and restarts after reset', () => {
    const u = new SeqUnwrapper();
    const seqs = [SEQ_MAX - 2, SEQ_MAX - 1, SEQ_MAX, 0, 1, SEQ_MAX, 2];
    expect(seqs.map((s) => u.unwrap(s))).toEqual([SEQ_MAX - 2, SEQ_MAX - 1, SEQ_MAX, SEQ_MAX + 1, SEQ_MAX + 2, SEQ_MAX, SEQ_MAX + 3]);
    u.reset();
    expect(u.unwrap(7)).toBe(7);
  });
});

describe('SlidingWindowSum', () => {
  it('sums only samples newer than the window and forgets the rest', () => {
    const w = new SlidingWindowSum(1000);
    w.add(0, 10);
    w.add(500, 20);
    w.add(999, 30);
    expect(w.sum(999)).toBe(60);
    expect(w.sum(1000)).toBe(50); // the sample at t=0 is exactly one window old
    expect(w.sum(1500)).toBe(30);
    expect(w.sum(5000)).toBe(0);
  });

  it('stays exact over many samples (compaction keeps the total)', () => {
    const w = new SlidingWindowSum(100);
    for (let t = 0; t < 10_000; t++) w.add(t, 1);
    expect(w.sum(9_999)).toBe(100);
    w.clear();
    expect(w.sum(9_999)).toBe(0);
  });

  it('keeps its memory bounded when nobody reads the sum (50 Mbit/s of packets for 10 minutes)', () => {
    const w = new SlidingWindowSum(1000);
    let maxHeld = 0;
    for (let i = 0; i < 2_880_000; i++) {
      w.add(i / 4.8, 1); // 4,800 packets a second
      if (i % 1000 === 0) maxHeld = Math.max(maxHeld, w.heldSamples());
    }
    expect(maxHeld).toBeLessThanOrEqual(16_385);
    expect(w.sum(2_879_999 / 4.8)).toBe(4800);
  });
});

describe('LossTracker', () => {
  it('counts a loss reported again by periodic NAKs once', () => {
    const t = new LossTracker();
    expect(t.report(100, 100)).toBe(1);
    expect(t.report(100, 100)).toBe(0);
    expect(t.report(98, 102)).toBe(4);
    expect(t.report(103, 103)).toBe(1); // adjacent: merged
    expect(t.report(90, 110)).toBe(21 - 6);
    expect(t.lostPkts).toBe(21);
  });

  it('forgets acknowledged losses, so memory stays bounded, and resets', () => {
    const t = new LossTracker(3);
    t.report(10, 10);
    t.report(20, 25);
    t.acknowledge(23);
    expect(t.report(24, 24)).toBe(0); // still known
    expect(t.report(21, 21)).toBe(1); // forgotten after the ACK passed it: counted again
    for (const s of [30, 40, 50, 60]) t.report(s, s);
    // Beyond maxIntervals the oldest interval is forgotten with everything below it: a repeat of it counts nothing
    // (recounting it let hostile NAKs grow lostPkts without bound), while new losses above still count.
    expect(t.intervalCount).toBe(3);
    expect(t.report(30, 30)).toBe(0);
    expect(t.report(41, 41)).toBe(1);
    t.reset();
    expect(t.lostPkts).toBe(0);
  });
});
