// Property-based fuzzing (fast-check) of the SRT packet decoders, the loss tracker and the tap's telemetry state machine:
// random and mutated datagrams in both directions, seeded from the captured fixtures (issue 10, Deliver item 5).
// Replay a failure with FUZZ_SEED=<the printed seed> (fast-check also prints the counterexample's path).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LossTracker } from '../../src/main/srt/lossTracker';
import { decodeAckPacket } from '../../src/main/srt/packets/ackPacket';
import { decodeDataPacket } from '../../src/main/srt/packets/dataPacket';
import { decodeHandshakePacket } from '../../src/main/srt/packets/handshakePacket';
import { decodeNakPacket } from '../../src/main/srt/packets/nakPacket';
import { decodeSrtHeader } from '../../src/main/srt/packets/srtHeader';
import { MAX_RTT_US } from '../../src/main/srt/silenceThreshold';
import { SEQ_WINDOW_PKTS, TapStatsState, type TapDirection } from '../../src/main/srt/tapStats';
import type { TapSnapshot } from '../../src/main/srt/tapTypes';
import { CALLER_SOCKET_ID, control, data, fullAck, handshake, nak } from './srtPacketBuilders';
import { session, vector } from './srtFixtures';

const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 0x7fffffff);
console.log(`[fuzz] test/srt/tapFuzz.test.ts seed ${seed} (replay: FUZZ_SEED=${seed} npx vitest run test/srt/tapFuzz.test.ts)`);
const params = (numRuns: number): fc.Parameters<unknown> => ({ seed, numRuns });

const VECTORS = ['induction_caller', 'induction_listener', 'conclusion_caller_sid', 'conclusion_listener', 'conclusion_caller_encrypted',
  'conclusion_listener_encrypted', 'rejection_badsecret', 'rejection_unsecure', 'rejection_forbidden', 'data_first', 'data_short',
  'data_retransmitted', 'data_encrypted', 'ack_full_initial', 'ack_full', 'ack_small', 'ack_light', 'nak_single', 'nak_range', 'nak_long',
  'ackack', 'keepalive_caller', 'keepalive_listener', 'shutdown_caller'].map((name) => vector(name));
/** The captured plain session (caller socket 0x339ba5ef): its first datagrams take a state machine through the handshake. */
const PLAIN = session('session-plain.jsonl');
const CAPTURED_CALLER_ID = 0x339ba5ef;
const capturedConclusion = decodeHandshakePacket(PLAIN.find((d) => d.dir === 'c2i' && d.datagram.length > 64)?.datagram ?? Buffer.alloc(0));
const CAPTURED_INITIAL_SEQ = capturedConclusion.ok ? capturedConclusion.value.initialSeq : 0;

/** A datagram mutated: bytes overwritten, bits flipped, truncated or extended. */
const mutated = (base: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer> =>
  fc.tuple(base, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'flip', 'cut', 'grow')), { maxLength: 6 }))
    .map(([original, edits]) => {
      let b = Buffer.from(original);
      for (const [at, value, kind] of edits) {
        if (kind === 'cut') b = b.subarray(0, b.length === 0 ? 0 : at % (b.length + 1));
        else if (kind === 'grow') b = Buffer.concat([b, Buffer.alloc(at % 64, value)]);
        else if (b.length > 0) b[at % b.length] = kind === 'set' ? value : (b[at % b.length] ?? 0) ^ (1 << (value % 8));
      }
      return b;
    });

const fixture = fc.constantFrom(...VECTORS, ...PLAIN.slice(0, 60).map((d) => d.datagram));
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const destId = fc.oneof(fc.constant(CALLER_SOCKET_ID), fc.constant(CAPTURED_CALLER_ID), u32);
/** Sequence numbers anywhere on the circle, or near the initial ones of the two session prefixes (so losses land). */
const seqNo = fc.oneof(
  { arbitrary: fc.nat({ max: 0x7fffffff }), weight: 1 },
  { arbitrary: fc.integer({ min: 1000 - 50, max: 1000 + 300 }), weight: 3 },
  { arbitrary: fc.integer({ min: -50, max: 300 }).map((d) => (CAPTURED_INITIAL_SEQ + d) & 0x7fffffff), weight: 3 },
);
/** SRT-shaped datagrams with hostile fields: any control type, absurd RTTs, NAKs across the circle, rejections, far data. */
const structured: fc.Arbitrary<Buffer> = fc.oneof(
  fc.tuple(fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 8, 0x7fff), u32, fc.array(u32, { maxLength: 24 }), destId)
    .map(([type, typeSpecific, cif, dest]) => control(type, typeSpecific, cif, { destSocketId: dest })),
  fc.tuple(u32, seqNo, u32, u32, destId).map(([ackNo, seq, rtt, rttVar, dest]) => withDest(fullAck(ackNo, seq, rtt, rttVar), dest)),
  fc.tuple(fc.array(fc.oneof(seqNo, fc.tuple(seqNo, seqNo)), { minLength: 1, maxLength: 40 }), destId)
    .map(([entries, dest]) => withDest(nak(entries), dest)),
  fc.tuple(fc.oneof(fc.constantFrom(1, 0, 0xffffffff, 0xfffffffe, 0xfffffffd, 1010, 2403), u32), u32, fc.nat({ max: 0x7fffffff }), destId)
    .map(([type, socketId, initialSeq, dest]) => withDest(handshake({ type, socketId, initialSeq }), dest)),
  fc.tuple(seqNo, fc.boolean(), fc.integer({ min: 16, max: 1500 })).map(([seq, retransmitted, sizeBytes]) => data(seq, { retransmitted, sizeBytes })),
);
const anyDatagram = fc.oneof(fixture, mutated(fixture), structured, mutated(structured), fc.uint8Array({ maxLength: 1500 }).map((b) => Buffer.from(b)));

function withDest(b: Buffer, dest: number): Buffer {
  b.writeUInt32BE(dest >>> 0, 12);
  return b;
}

describe('SRT decoders on random and mutated datagrams', () => {
  it('never throw, and return either a value or an error sentence with sane fields', () => {
    fc.assert(fc.property(anyDatagram, (b) => {
      const header = decodeSrtHeader(b);
      const decoded = [header, decodeDataPacket(b), decodeAckPacket(b), decodeNakPacket(b), decodeHandshakePacket(b)];
      for (const r of decoded) if (!r.ok) expect(typeof r.error).toBe('string');
      const nakResult = decoded[3];
      if (nakResult?.ok && 'ranges' in nakResult.value) {
        expect(Number.isFinite(nakResult.value.lostCount)).toBe(true);
        expect(nakResult.value.lostCount).toBeGreaterThanOrEqual(nakResult.value.ranges.length);
        for (const r of nakResult.value.ranges) expect(Math.max(r.from, r.to)).toBeLessThanOrEqual(0x7fffffff);
      }
      const hs = decodeHandshakePacket(b);
      if (hs.ok) expect((hs.value.streamId ?? '').length).toBeLessThanOrEqual(b.length);
    }), params(3000));
  });
});

describe('LossTracker against a set of numbers', () => {
  const op = fc.oneof(
    fc.tuple(fc.constant('report' as const), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 6 })),
    fc.tuple(fc.constant('ack' as const), fc.integer({ min: 0, max: 3000 }), fc.constant(0)),
  );

  it('counts exactly the new numbers while under the cap (blocks split and merge across boundaries)', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
      const tracker = new LossTracker(100_000);
      const known = new Set<number>();
      for (const [kind, at, width] of ops) {
        if (kind === 'ack') {
          tracker.acknowledge(at);
          for (const n of known) if (n < at) known.delete(n);
          continue;
        }
        let added = 0;
        for (let n = at; n <= at + width; n++) {
          if (known.has(n)) continue;
          known.add(n);
          added++;
        }
        expect(tracker.report(at, at + width)).toBe(added);
      }
    }), params(300));
  });

  it('at a small cap keeps at most cap intervals and never counts more than the uncapped truth', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 300 }), (cap, ops) => {
      const tracker = new LossTracker(cap);
      const truth = new LossTracker(100_000);
      for (const [kind, at, width] of ops) {
        if (kind === 'ack') {
          tracker.acknowledge(at);
          truth.acknowledge(at);
        } else {
          expect(tracker.report(at, at + width)).toBeLessThanOrEqual(truth.report(at, at + width));
        }
        expect(tracker.intervalCount).toBeLessThanOrEqual(cap);
      }
    }), params(300));
  });
});

/** A real handshake prefix (the capture's first datagrams) or a synthetic one (caller socket CALLER_SOCKET_ID), or none. */
const prefix = fc.oneof(
  fc.constant(PLAIN.slice(0, 40).map((d): [TapDirection, Buffer] => [d.dir === 'c2i' ? 'toIngest' : 'toSender', d.datagram])),
  fc.constant<Array<[TapDirection, Buffer]>>([
    ['toIngest', handshake({ type: 1, version: 4, extField: 2 })],
    ['toSender', withDest(handshake({ type: 1, extField: 0x4a17 }), CALLER_SOCKET_ID)],
    ['toIngest', handshake({ type: 0xffffffff, extField: 5 })],
    ['toSender', withDest(handshake({ type: 0xffffffff, extField: 1, socketId: 99 }), CALLER_SOCKET_ID)],
  ]),
  fc.constant<Array<[TapDirection, Buffer]>>([]),
);
type Step = [TapDirection | 'tick', Buffer, number];
/** One datagram either way, a tick, or a burst of consecutive data packets as a sender sends them. */
const event: fc.Arbitrary<Step[]> = fc.oneof(
  fc.tuple(fc.constantFrom<TapDirection>('toIngest', 'toSender'), anyDatagram, fc.integer({ min: 0, max: 400 })).map((step): Step[] => [step]),
  fc.integer({ min: 0, max: 2000 }).map((advanceMs): Step[] => [['tick', Buffer.alloc(0), advanceMs]]),
  fc.tuple(seqNo, fc.integer({ min: 1, max: 30 })).map(([first, count]): Step[] =>
    Array.from({ length: count }, (_, i): Step => ['toIngest', data((first + i) & 0x7fffffff, { sizeBytes: 16 }), 1])),
);

describe('TapStatsState on random sessions', () => {
  it('never throws and never reports NaN, negative or absurd figures', () => {
    fc.assert(fc.property(prefix, fc.array(event, { maxLength: 100 }), (start, events) => {
      const tap = new TapStatsState();
      let nowMs = 0;
      let fed = 0;
      let bytesToIngest = 0;
      const all: Step[] = [...start.map(([dir, d]): Step => [dir, d, 1]), ...events.flat()];
      for (const [dir, datagram, advanceMs] of all) {
        nowMs += advanceMs;
        if (dir === 'tick') tap.tick(nowMs);
        else {
          tap.onDatagram(dir, datagram, nowMs);
          fed++;
          if (dir === 'toIngest') bytesToIngest += datagram.length;
        }
        checkSnapshot(tap.snapshot(nowMs), { fed, bytesToIngest });
      }
    }), params(1000));
  });
});

/** Throws (a plain Error: `expect` per field per step would dominate the run time) naming every impossible figure. */
function checkSnapshot(snap: TapSnapshot, seen: { fed: number; bytesToIngest: number }): void {
  const wrong: string[] = [];
  const check = (ok: boolean, what: string): void => {
    if (!ok) wrong.push(what);
  };
  for (const [field, value] of Object.entries(snap)) {
    if (typeof value === 'number') check(Number.isFinite(value) && value >= 0, `${field} = ${value}`);
  }
  check(['idle', 'handshaking', 'connected', 'rejected', 'closed', 'silent'].includes(snap.state), `state ${snap.state}`);
  check((snap.rttMs ?? 0) <= MAX_RTT_US / 1000 && (snap.rttVarMs ?? 0) <= MAX_RTT_US / 1000, `rttMs ${snap.rttMs} / ${snap.rttVarMs}`);
  check(snap.retransPct <= 100 && snap.recentRetransPct <= 100 && snap.recentLossPct <= 100, 'a percentage above 100');
  check((snap.inFlightPkts ?? 0) <= SEQ_WINDOW_PKTS + 1, `inFlightPkts ${snap.inFlightPkts}`);
  // Every loss lies between the ACK point and the last packet sent, both at most a window from the other.
  check(snap.lostPkts <= (snap.pktsSent + 1) * (SEQ_WINDOW_PKTS + 1), `lostPkts ${snap.lostPkts} for ${snap.pktsSent} packets sent`);
  check(snap.retransPkts <= snap.pktsSent, `retransPkts ${snap.retransPkts} > pktsSent ${snap.pktsSent}`);
  check(snap.bytesSent <= seen.bytesToIngest, `bytesSent ${snap.bytesSent} > ${seen.bytesToIngest} bytes fed`);
  check(snap.malformedPkts + snap.ignoredForeignPkts <= seen.fed, 'more malformed/foreign packets than datagrams');
  if (wrong.length > 0) throw new Error(`absurd snapshot: ${wrong.join('; ')}`);
}
