// Property-based tests of the SRT packet decoders: any datagram gives a result value, and what the test encoders
// build (srtPacketBuilders.ts, layouts of draft-sharabayko-srt §3) decodes back to the fields that went in.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAckPacket } from '../../src/main/srt/packets/ackPacket';
import { decodeDataPacket } from '../../src/main/srt/packets/dataPacket';
import { decodeHandshakePacket, decodeReversedWordString, handshakeRejection, HandshakeExtType } from '../../src/main/srt/packets/handshakePacket';
import { decodeNakPacket } from '../../src/main/srt/packets/nakPacket';
import { isRejectionType, rejectionMessage } from '../../src/main/srt/packets/rejection';
import { seqAdd, seqDiff, seqRangeLength, SeqUnwrapper } from '../../src/main/srt/packets/seq';
import { decodeSrtHeader, type DecodeResult } from '../../src/main/srt/packets/srtHeader';
import { control, data, extension, handshake, hsreq, nak, sidContents } from '../srt/srtPacketBuilders';
import { vector } from '../srt/srtFixtures';
import { fuzzParams } from './fuzzConfig';

const DECODERS: ReadonlyArray<[string, (buf: Uint8Array) => DecodeResult<unknown>]> = [
  ['header', decodeSrtHeader],
  ['data', decodeDataPacket],
  ['ack', decodeAckPacket],
  ['nak', decodeNakPacket],
  ['handshake', decodeHandshakePacket],
];

const uint32 = fc.integer({ min: 0, max: 0xffffffff });
const seq31 = fc.integer({ min: 0, max: 0x7fffffff });

function isResult(r: DecodeResult<unknown>): boolean {
  return r.ok ? r.value !== undefined : typeof r.error === 'string' && r.error.length > 0;
}

/** A datagram that is an SRT control packet of `type` with a random CIF: reaches the type-specific decoding. */
function controlDatagram(type: number): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(uint32, fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 0, max: 0xffff }))
    .map(([typeSpecific, cif, subtype]) => Buffer.concat([control(type, typeSpecific, [], { subtype }), Buffer.from(cif)]));
}

/** Captured datagrams with random bytes overwritten and random truncation. */
const mutatedCapture = fc
  .tuple(
    fc.constantFrom('conclusion_caller_sid', 'conclusion_listener_encrypted', 'rejection_forbidden', 'ack_full', 'nak_range', 'nak_long', 'data_first'),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
    fc.nat(),
  )
  .map(([name, edits, cut]) => {
    const buf = Buffer.from(vector(name));
    for (const [at, byte] of edits) buf[at % buf.length] = byte;
    return buf.subarray(0, cut % (buf.length + 1));
  });

const anyDatagram = fc.oneof(
  fc.uint8Array({ maxLength: 120 }),
  controlDatagram(0),
  controlDatagram(2),
  controlDatagram(3),
  mutatedCapture,
);

describe('SRT decoders on arbitrary datagrams', () => {
  it('return an ok/err result and never throw', () => {
    fc.assert(
      fc.property(anyDatagram, (buf) => {
        for (const [, decode] of DECODERS) expect(isResult(decode(buf))).toBe(true);
      }),
      fuzzParams(1500),
    );
  });

  it('read a datagram inside a larger buffer (non-zero byteOffset) exactly as a copy of it', () => {
    fc.assert(
      fc.property(anyDatagram, fc.uint8Array({ minLength: 1, maxLength: 9 }), fc.uint8Array({ maxLength: 9 }), (buf, before, after) => {
        const pool = Buffer.concat([Buffer.from(before), Buffer.from(buf), Buffer.from(after)]);
        const view = pool.subarray(before.length, before.length + buf.length);
        for (const [, decode] of DECODERS) expect(decode(view)).toEqual(decode(Uint8Array.from(buf)));
      }),
      fuzzParams(1000),
    );
  });

  it('handshake extension walk stops at the datagram end: an overrunning block is an error, never a read past it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0xffff }), fc.integer({ min: 1, max: 0xffff }), fc.uint8Array({ maxLength: 64 }), (extType, words, body) => {
        const head = Buffer.alloc(4);
        head.writeUInt16BE(extType, 0);
        head.writeUInt16BE(words, 2);
        const ext = Buffer.concat([head, Buffer.from(body)]);
        const r = decodeHandshakePacket(handshake({ type: 0xffffffff, extensions: ext }));
        if (words * 4 > body.length) expect(r.ok).toBe(false);
        // Exactly filled: the walk ends at the datagram end (leftover bytes would start another block).
        const exact = decodeHandshakePacket(handshake({ type: 0xffffffff, extensions: ext.subarray(0, Math.min(ext.length, 4 + words * 4)) }));
        expect(exact.ok).toBe(words * 4 <= body.length);
      }),
      fuzzParams(500),
    );
  });
});

describe('SRT decoders round-trip what the encoders build', () => {
  it('data packets keep sequence number, flags, message number and payload size', () => {
    fc.assert(
      fc.property(
        fc.record({
          seq: seq31,
          position: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const),
          inOrder: fc.boolean(),
          keyFlag: fc.constantFrom(0 as const, 1 as const, 2 as const),
          retransmitted: fc.boolean(),
          messageNo: fc.integer({ min: 0, max: 0x03ffffff }),
          sizeBytes: fc.integer({ min: 16, max: 1500 }),
        }),
        (p) => {
          const r = decodeDataPacket(data(p.seq, p));
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.value).toMatchObject({
            seq: p.seq,
            position: (['middle', 'last', 'first', 'single'] as const)[p.position],
            inOrder: p.inOrder,
            keyFlag: (['none', 'even', 'odd'] as const)[p.keyFlag],
            retransmitted: p.retransmitted,
            messageNo: p.messageNo,
            payloadBytes: p.sizeBytes - 16,
          });
        },
      ),
      fuzzParams(500),
    );
  });

  it('ACKs of every CIF size: kind from the size, each present word in its field, absent ones null', () => {
    fc.assert(
      fc.property(uint32, fc.array(uint32, { minLength: 1, maxLength: 8 }), uint32, (ackNo, words, timestampUs) => {
        const r = decodeAckPacket(control(2, ackNo, words, { timestampUs }));
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const n = words.length;
        const at = (i: number, present: boolean): number | null => (present && i < n ? words[i]! : null);
        const kind = n >= 6 ? 'full' : n >= 4 ? 'small' : 'light';
        expect(r.value).toEqual({
          kind,
          ackNo,
          lastAckSeq: words[0]! & 0x7fffffff,
          rttUs: at(1, kind !== 'light'),
          rttVarUs: at(2, kind !== 'light'),
          availBufferPkts: at(3, kind !== 'light'),
          recvRatePktsPerS: at(4, kind === 'full'),
          linkCapacityPktsPerS: at(5, kind === 'full'),
          recvRateBytesPerS: at(6, kind === 'full'),
          timestampUs,
        });
      }),
      fuzzParams(500),
    );
  });

  it('NAK loss lists: the same ranges, and lostCount is their wrapped inclusive length', () => {
    const entry = fc.oneof(seq31, fc.tuple(seq31, seq31));
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 40 }), (entries) => {
        const r = decodeNakPacket(nak(entries));
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const ranges = entries.map((e) => (Array.isArray(e) ? { from: e[0], to: e[1] } : { from: e, to: e }));
        expect(r.value.ranges).toEqual(ranges);
        expect(r.value.lostCount).toBe(ranges.reduce((sum, x) => sum + seqRangeLength(x.from, x.to), 0));
      }),
      fuzzParams(500),
    );
  });

  it('handshakes with HSREQ, SID and unknown extensions: fixed fields, latency and the stream id byte for byte', () => {
    // Stream ids as a caller may send them: any Unicode, `#`, `&`, `%`, spaces; NUL only inside (trailing NUL is padding).
    const streamId = fc
      .string({ unit: 'binary', maxLength: 120 })
      .filter((s) => !s.endsWith('\0') && Buffer.byteLength(s) <= 512);
    fc.assert(
      fc.property(
        fc.record({
          type: fc.constantFrom(0, 1, 0xffffffff, 0xfffffffe, 0xfffffffd, 1000, 1010, 2403, 5000),
          socketId: uint32,
          initialSeq: seq31,
          encryption: fc.constantFrom(0, 2, 3, 4),
          latencyMs: fc.integer({ min: 0, max: 0xffff }),
          streamId,
          unknownType: fc.integer({ min: 9, max: 0xffff }),
          unknownBody: fc.uint8Array({ maxLength: 32 }),
        }),
        (p) => {
          const extensions = Buffer.concat([
            extension(HandshakeExtType.HSREQ, hsreq(p.latencyMs)),
            extension(p.unknownType, Buffer.from(p.unknownBody)),
            extension(HandshakeExtType.SID, sidContents(p.streamId)),
          ]);
          const r = decodeHandshakePacket(
            handshake({ type: p.type, socketId: p.socketId, initialSeq: p.initialSeq, encryption: p.encryption, extField: 0x5, extensions }),
          );
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.value).toMatchObject({
            version: 5,
            handshakeType: p.type,
            socketId: p.socketId,
            initialSeq: p.initialSeq,
            encryption: p.encryption,
            streamId: p.streamId,
            hsreq: { recvLatencyMs: p.latencyMs, sendLatencyMs: p.latencyMs },
            rejectionCode: isRejectionType(p.type) ? p.type : null,
          });
        },
      ),
      fuzzParams(500),
    );
  });

  it('the SID word reversal is its own inverse for every padded stream id', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }).filter((s) => !s.endsWith('\0')), (s) => {
        expect(decodeReversedWordString(sidContents(s))).toBe(s);
      }),
      fuzzParams(500),
    );
  });
});

describe('rejection codes and sequence arithmetic', () => {
  it('every handshake type gets a consistent rejection verdict and a sentence', () => {
    fc.assert(
      fc.property(uint32, (type) => {
        const hs = decodeHandshakePacket(handshake({ type }));
        expect(hs.ok).toBe(true);
        if (!hs.ok) return;
        const rejection = handshakeRejection(hs.value);
        expect(rejection !== null).toBe(isRejectionType(type));
        expect(rejectionMessage(type).length).toBeGreaterThan(0);
      }),
      fuzzParams(500, [[1000], [0xffffffef], [0xfffffff0]]),
    );
  });

  it('seqDiff inverts seqAdd for distances inside half the circle, and the unwrapper follows any walk of such steps', () => {
    const step = fc.integer({ min: -0x3fffffff, max: 0x3fffffff });
    fc.assert(
      fc.property(seq31, fc.array(step, { maxLength: 50 }), (start, steps) => {
        const unwrapper = new SeqUnwrapper();
        let linear = unwrapper.unwrap(start);
        let seq = start;
        for (const n of steps) {
          const next = seqAdd(seq, n);
          expect(seqDiff(next, seq)).toBe(n);
          const nextLinear = unwrapper.unwrap(next);
          expect(nextLinear - linear).toBe(n);
          linear = nextLinear;
          seq = next;
        }
      }),
      fuzzParams(500),
    );
  });
});
