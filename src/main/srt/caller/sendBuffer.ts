// The SRT sender's buffer of packets sent but not yet acknowledged, kept for retransmission: a ring indexed by sequence
// number, released by ACKs and aged out by the too-late drop (live mode). Pure.

import { seqAdd, seqDiff } from '../packets/seq';

interface Slot {
  datagram: Buffer;
  /** When the payload was handed to the sender, ms (the drop rule's age). */
  originMs: number;
}

/** Packets of one sender, from the oldest unacknowledged sequence number to the last one sent. */
export class SendBuffer {
  private slots: Array<Slot | undefined>;
  private mask: number;
  /** Sequence number of the oldest packet held (the next one the receiver must acknowledge). */
  private first: number;
  private held = 0;

  constructor(firstSeq: number, initialCapacity = 4096) {
    let capacity = 1;
    while (capacity < initialCapacity) capacity *= 2;
    this.slots = new Array<Slot | undefined>(capacity);
    this.mask = capacity - 1;
    this.first = firstSeq;
  }

  /** Packets held. */
  get size(): number {
    return this.held;
  }

  /** Sequence number of the oldest packet held (equal to the next one to send when empty). */
  get oldestSeq(): number {
    return this.first;
  }

  /** Holds the next packet (its sequence number must be oldestSeq + size). */
  push(datagram: Buffer, originMs: number): void {
    if (this.held === this.slots.length) this.grow();
    this.slots[(this.first + this.held) & this.mask] = { datagram, originMs };
    this.held++;
  }

  /** The packet with sequence number `seq`, or undefined when it is not held (acknowledged, dropped, or never sent). */
  get(seq: number): Buffer | undefined {
    const offset = seqDiff(seq, this.first);
    if (offset < 0 || offset >= this.held) return undefined;
    return this.slots[seq & this.mask]?.datagram;
  }

  /** Releases every packet before `seq` (the ACK's "last acknowledged + 1"); returns how many were released. */
  acknowledge(seq: number): number {
    const count = Math.min(this.held, seqDiff(seq, this.first));
    if (count <= 0) return 0;
    this.release(count);
    return count;
  }

  /**
   * Drops the packets handed over before `olderThanMs` (nobody can play them any more); returns the dropped sequence
   * range, or null when none was that old.
   */
  dropOlderThan(olderThanMs: number): { first: number; last: number } | null {
    let count = 0;
    while (count < this.held && (this.slots[(this.first + count) & this.mask]?.originMs ?? Infinity) < olderThanMs) count++;
    if (count === 0) return null;
    const range = { first: this.first, last: seqAdd(this.first, count - 1) };
    this.release(count);
    return range;
  }

  private release(count: number): void {
    for (let i = 0; i < count; i++) this.slots[(this.first + i) & this.mask] = undefined;
    this.first = seqAdd(this.first, count);
    this.held -= count;
  }

  private grow(): void {
    const bigger = new Array<Slot | undefined>(this.slots.length * 2);
    const mask = bigger.length - 1;
    for (let i = 0; i < this.held; i++) {
      const seq = seqAdd(this.first, i);
      bigger[seq & mask] = this.slots[seq & this.mask];
    }
    this.slots = bigger;
    this.mask = mask;
  }
}
