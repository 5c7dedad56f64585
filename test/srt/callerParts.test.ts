// The SRT caller's pure parts: the send buffer (a ring indexed by 31-bit sequence numbers) and the cutting of MPEG-TS
// into 1316-byte messages.

import { describe, expect, it } from 'vitest';
import { SendBuffer } from '../../src/main/srt/caller/sendBuffer';
import { SRT_MESSAGE_BYTES, TsMessages } from '../../src/main/srt/caller/tsMessages';
import { seqAdd } from '../../src/main/srt/packets/seq';

const tag = (n: number): Buffer => Buffer.from([n & 0xff, (n >> 8) & 0xff]);

describe('SendBuffer', () => {
  it('holds packets across the 31-bit wrap and while it grows, and releases them by ACK', () => {
    const first = 0x7fffff00;
    const buffer = new SendBuffer(first, 4);
    for (let i = 0; i < 600; i++) buffer.push(tag(i), i);
    expect(buffer.size).toBe(600);
    expect(buffer.get(first)).toEqual(tag(0));
    expect(buffer.get(seqAdd(first, 599))).toEqual(tag(599));
    expect(buffer.get(seqAdd(first, 600))).toBeUndefined(); // not sent yet
    expect(buffer.get(seqAdd(first, -1))).toBeUndefined(); // before the oldest
    expect(buffer.acknowledge(seqAdd(first, 300))).toBe(300);
    expect(buffer.oldestSeq).toBe(seqAdd(first, 300));
    expect(buffer.get(seqAdd(first, 299))).toBeUndefined();
    expect(buffer.get(seqAdd(first, 300))).toEqual(tag(300));
    expect(buffer.acknowledge(seqAdd(first, 100))).toBe(0); // an old ACK changes nothing
    expect(buffer.acknowledge(seqAdd(first, 5000))).toBe(300); // never more than is held
    expect(buffer.size).toBe(0);
  });

  it('drops what was handed over before the threshold and says which sequence numbers went', () => {
    const buffer = new SendBuffer(10);
    for (let i = 0; i < 5; i++) buffer.push(tag(i), 100 + i * 10);
    expect(buffer.dropOlderThan(100)).toBeNull();
    expect(buffer.dropOlderThan(121)).toEqual({ first: 10, last: 12 });
    expect(buffer.size).toBe(2);
    expect(buffer.get(13)).toEqual(tag(3));
  });
});

describe('TsMessages', () => {
  const ts = (count: number, from = 0): Buffer => Buffer.concat(Array.from({ length: count }, (_, i) => Buffer.alloc(188, from + i)));

  it('cuts whole 1316-byte messages across chunks cut anywhere, and keeps the rest in order', () => {
    const messages = new TsMessages();
    const stream = ts(30);
    const cuts = [5, 700, 1316, 2000, 3000, stream.length];
    const out: Buffer[] = [];
    let from = 0;
    for (const to of cuts) {
      out.push(...messages.push(stream.subarray(from, to)));
      from = to;
    }
    expect(out.every((m) => m.length === SRT_MESSAGE_BYTES)).toBe(true);
    expect(out).toHaveLength(4); // 28 of the 30 packets
    expect(messages.pendingBytes).toBe(2 * 188);
    const last = messages.flush();
    expect(last?.length).toBe(2 * 188);
    expect(Buffer.concat([...out, last!]).equals(stream)).toBe(true);
    expect(messages.flush()).toBeNull();
  });

  it('flushes only whole TS packets: a fragment of one waits for its rest', () => {
    const messages = new TsMessages();
    const stream = ts(3, 7);
    expect(messages.push(stream.subarray(0, 2 * 188 + 50))).toEqual([]);
    expect(messages.flush()?.equals(stream.subarray(0, 2 * 188))).toBe(true);
    expect(messages.pendingBytes).toBe(50);
    expect(messages.flush()).toBeNull();
    messages.push(stream.subarray(2 * 188 + 50));
    expect(messages.flush()?.equals(stream.subarray(2 * 188))).toBe(true);
  });
});
