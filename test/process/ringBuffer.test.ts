import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/main/process/ringBuffer';

describe('RingBuffer', () => {
  it('keeps items in order until full', () => {
    const rb = new RingBuffer<number>(3);
    rb.push(1);
    rb.push(2);
    expect(rb.toArray()).toEqual([1, 2]);
    expect(rb.size).toBe(2);
    expect(rb.last()).toBe(2);
    expect(rb.dropped).toBe(0);
  });

  it('drops the oldest items once full and counts them', () => {
    const rb = new RingBuffer<number>(3);
    for (let i = 1; i <= 10; i += 1) rb.push(i);
    expect(rb.toArray()).toEqual([8, 9, 10]);
    expect(rb.size).toBe(3);
    expect(rb.dropped).toBe(7);
    expect(rb.last()).toBe(10);
  });

  it('works with capacity 1', () => {
    const rb = new RingBuffer<string>(1);
    rb.push('a');
    rb.push('b');
    expect(rb.toArray()).toEqual(['b']);
  });

  it('returns a copy, not its storage', () => {
    const rb = new RingBuffer<number>(2);
    rb.push(1);
    const copy = rb.toArray();
    copy.push(99);
    expect(rb.toArray()).toEqual([1]);
  });

  it('clears everything', () => {
    const rb = new RingBuffer<number>(2);
    rb.push(1);
    rb.push(2);
    rb.push(3);
    rb.clear();
    expect(rb.toArray()).toEqual([]);
    expect(rb.size).toBe(0);
    expect(rb.dropped).toBe(0);
    expect(rb.last()).toBeUndefined();
    rb.push(4);
    expect(rb.toArray()).toEqual([4]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses capacity %s', (capacity) => {
    expect(() => new RingBuffer(capacity)).toThrow(RangeError);
  });
});
