// TapStatsState: replays of real captured sessions and synthetic scenarios, all on an injected clock.

import { describe, expect, it } from 'vitest';
import { TapStatsState, type TapDirection, type TapStateChange } from '../../src/main/srt/tapStats';
import { decodeAckPacket } from '../../src/main/srt/packets/ackPacket';
import {
  control, data, extension, fullAck, handshake, HS_CONCLUSION, HS_INDUCTION, hsreq, keepalive, lightAck, nak, shutdown, sidContents,
} from './srtPacketBuilders';
import { session, vector } from './srtFixtures';

function replay(file: string, tap = new TapStatsState()): { tap: TapStatsState; changes: TapStateChange[]; endMs: number } {
  const changes: TapStateChange[] = [];
  let endMs = 0;
  for (const d of session(file)) {
    endMs = d.tUs / 1000;
    changes.push(...tap.onDatagram(d.dir === 'c2i' ? 'toIngest' : 'toSender', d.datagram, endMs));
    changes.push(...tap.tick(endMs));
  }
  return { tap, changes, endMs };
}

/** Drives a synthetic session: handshake, then helpers to send data and ACKs at chosen times. */
function connected(options: ConstructorParameters<typeof TapStatsState>[0] = {}, initialSeq = 1000) {
  const tap = new TapStatsState(options);
  const feed = (dir: TapDirection, d: Buffer, t: number): TapStateChange[] => tap.onDatagram(dir, d, t);
  feed('toIngest', handshake({ type: HS_INDUCTION, version: 4, extField: 2, initialSeq }), 0);
  feed('toSender', handshake({ type: HS_INDUCTION, extField: 0x4a17, initialSeq }), 1);
  const sid = Buffer.concat([extension(1, hsreq(2000)), extension(5, sidContents('123#08cd54f0'))]);
  feed('toIngest', handshake({ type: HS_CONCLUSION, extField: 5, initialSeq, extensions: sid }), 2);
  feed('toSender', handshake({ type: HS_CONCLUSION, extField: 1, initialSeq, socketId: 99, extensions: extension(2, hsreq(2000)) }), 3);
  return { tap, feed };
}

describe('TapStatsState on a captured ffmpeg → libsrt session', () => {
  it('walks idle → handshaking → connected → closed and keeps the stream id byte for byte', () => {
    const { tap, changes, endMs } = replay('session-plain.jsonl');
    expect(changes.map((c) => [c.to, c.reason])).toEqual([
      ['handshaking', 'handshake-started'],
      ['connected', 'handshake-completed'],
      ['closed', 'shutdown-by-sender'],
    ]);
    const snap = tap.snapshot(endMs);
    expect(snap.streamIdSeen).toBe('123#08cd54f0');
    expect(snap.latencyMs).toBe(200);
    expect(snap.rejection).toBeNull();
    expect(snap.malformedPkts).toBe(0);
  });

  it('counts exactly the data bytes and packets ffmpeg sent, with no loss or retransmission', () => {
    const datagrams = session('session-plain.jsonl').filter((d) => d.dir === 'c2i' && (d.datagram[0]! & 0x80) === 0);
    const { tap, endMs } = replay('session-plain.jsonl');
    const snap = tap.snapshot(endMs);
    expect(snap.pktsSent).toBe(datagrams.length);
    expect(snap.bytesSent).toBe(datagrams.reduce((n, d) => n + d.datagram.length, 0));
    expect(snap.retransPkts).toBe(0);
    expect(snap.retransPct).toBe(0);
    expect(snap.lostPkts).toBe(0);
  });

  it('reports the RTT of the latest full ACK, ignoring the first ACK’s initial 100 ms', () => {
    const all = session('session-plain.jsonl');
    const tap = new TapStatsState({ rttStaleMs: 1e9 });
    let sawFirstAck = false;
    let lastRttUs: number | null = null;
    for (const d of all) {
      const t = d.tUs / 1000;
      tap.onDatagram(d.dir === 'c2i' ? 'toIngest' : 'toSender', d.datagram, t);
      const ack = d.dir === 'i2c' ? decodeAckPacket(d.datagram) : null;
      if (ack?.ok && ack.value.kind === 'full') {
        if (!sawFirstAck) {
          sawFirstAck = true;
          expect(ack.value.rttUs).toBe(100_000);
          expect(tap.snapshot(t).rttMs).toBeNull();
        } else {
          lastRttUs = ack.value.rttUs;
          expect(tap.snapshot(t).rttMs).toBe((lastRttUs ?? 0) / 1000);
        }
      }
    }
    expect(lastRttUs).not.toBeNull();
    expect(lastRttUs!).toBeLessThan(5000); // loopback
  });

  it('counts each NAKed sequence once and every R=1 packet, matching the relay’s drops', () => {
    const all = session('session-loss3.jsonl');
    const dropped = all.filter((d) => d.droppedByRelay).length;
    const { tap, endMs } = replay('session-loss3.jsonl');
    const snap = tap.snapshot(endMs);
    expect(dropped).toBe(33);
    expect(snap.lostPkts).toBe(33);
    expect(snap.retransPkts).toBe(33);
    expect(snap.retransPct).toBeCloseTo((33 * 100) / snap.pktsSent, 6);
  });
});

describe('TapStatsState state machine', () => {
  it('becomes rejected with the plain message when the ingest answers with a rejection', () => {
    const tap = new TapStatsState();
    // The captured rejection is addressed to the socket of the caller it rejected (0x279d8bfb in that capture).
    tap.onDatagram('toIngest', handshake({ type: HS_INDUCTION, version: 4, extField: 2, socketId: 0x279d8bfb }), 0);
    const changes = tap.onDatagram('toSender', vector('rejection_badsecret'), 5);
    expect(changes).toEqual([{ from: 'handshaking', to: 'rejected', reason: 'rejected', detail: 'the ingest rejected the passphrase', atMs: 5 }]);
    expect(tap.snapshot(6).rejection).toEqual({ code: 1010, message: 'the ingest rejected the passphrase', by: 'ingest' });
  });

  it('closes on SHUTDOWN from the ingest', () => {
    const { tap, feed } = connected();
    expect(feed('toSender', shutdown(), 10).map((c) => c.reason)).toEqual(['shutdown-by-ingest']);
    expect(tap.state).toBe('closed');
  });

  it('counts malformed datagrams and keeps going', () => {
    const { tap, feed } = connected();
    expect(() => feed('toIngest', Buffer.from([1, 2, 3]), 5)).not.toThrow();
    feed('toSender', control(2, 1, [1, 2, 3, 4, 5, 6, 7]).subarray(0, 18), 6); // ACK with a 2-byte CIF
    feed('toSender', control(0, 0, [1, 2]), 7); // handshake with a truncated CIF
    expect(tap.snapshot(8).malformedPkts).toBe(3);
    expect(tap.state).toBe('connected');
  });

  it('starts a new session, with fresh counters, when a new sender socket begins a handshake', () => {
    const { tap, feed } = connected();
    feed('toIngest', data(1000), 10);
    feed('toIngest', shutdown(), 20);
    feed('toIngest', handshake({ type: HS_INDUCTION, version: 4, socketId: 0x11223344 }), 30); // same socket: ignored
    expect(tap.state).toBe('closed');
    const changes = feed('toIngest', handshake({ type: HS_INDUCTION, version: 4, socketId: 0x55667788 }), 40);
    expect(changes.map((c) => [c.to, c.reason])).toEqual([['handshaking', 'new-session']]);
    expect(tap.snapshot(41)).toMatchObject({ pktsSent: 0, bytesSent: 0, streamIdSeen: null });
  });

  it('goes connected on ACKs when the ingest’s CONCLUSION was not seen', () => {
    const tap = new TapStatsState();
    tap.onDatagram('toIngest', handshake({ type: HS_INDUCTION, version: 4, extField: 2 }), 0);
    tap.onDatagram('toIngest', data(5), 1);
    expect(tap.onDatagram('toSender', lightAck(6), 2).map((c) => c.reason)).toEqual(['ack-seen']);
  });

  it('believes nothing from the ingest side before the sender’s handshake named its socket', () => {
    const tap = new TapStatsState();
    tap.onDatagram('toIngest', data(5), 0);
    for (const forged of [lightAck(6), nak([[0, 1_000_000_000]]), shutdown(), vector('rejection_forbidden')]) {
      expect(tap.onDatagram('toSender', forged, 1)).toEqual([]);
    }
    expect(tap.snapshot(2)).toMatchObject({ state: 'idle', lostPkts: 0, rejection: null, lastIngestPacketAgoMs: null, ignoredForeignPkts: 4 });
  });
});

describe('TapStatsState silence rule', () => {
  it('turns silent exactly when data has gone unanswered for silenceMs, and back when the ingest answers', () => {
    const { tap, feed } = connected({ silenceMs: 800 });
    let seq = 1000;
    feed('toIngest', data(seq++), 100);
    feed('toSender', fullAck(1, seq, 100_000, 50_000), 105);
    for (let t = 110; t <= 900; t += 10) expect(feed('toIngest', data(seq++), t)).toEqual([]); // nothing comes back from t=110 on
    expect(tap.tick(909)).toEqual([]);
    expect(tap.state).toBe('connected');
    const silent = tap.tick(910);
    expect(silent).toHaveLength(1);
    expect(silent[0]).toMatchObject({ from: 'connected', to: 'silent', reason: 'ingest-silent', atMs: 910 });
    expect(silent[0]?.detail).toMatch(/800 ms/);
    expect(tap.snapshot(910).lastIngestPacketAgoMs).toBe(805);
    expect(feed('toSender', keepalive(), 950).map((c) => [c.to, c.reason])).toEqual([['connected', 'ingest-answered']]);
  });

  it('never declares silence while the sender itself sends nothing', () => {
    const { tap, feed } = connected({ silenceMs: 800 });
    feed('toIngest', data(1000), 100);
    feed('toSender', fullAck(1, 1001, 100_000, 50_000), 101);
    expect(tap.tick(10_000)).toEqual([]);
    // Data resumes after a long pause: the silence clock starts at the first unanswered packet, not at the last answer.
    feed('toIngest', data(1001), 10_000);
    expect(tap.tick(10_799)).toEqual([]);
    expect(tap.tick(10_800).map((c) => c.to)).toEqual(['silent']);
  });

  it('does not judge silence on the first tick after an event-loop stall (the answers may still wait in the socket)', () => {
    const { tap, feed } = connected({ silenceMs: 300 });
    feed('toIngest', data(1000), 100);
    feed('toSender', fullAck(1, 1001, 100_000, 50_000), 101);
    feed('toIngest', data(1001), 150);
    expect(tap.tick(200)).toEqual([]);
    // The loop stalls 400 ms: the first tick after it must not call the ingest silent …
    expect(tap.tick(600)).toEqual([]);
    // … because the ACK read right after it shows the ingest answered all along.
    feed('toSender', fullAck(2, 1002, 100_000, 50_000), 601);
    expect(tap.tick(650)).toEqual([]);
    expect(tap.state).toBe('connected');
    // A real silence is still caught one tick later than it would be without the stall.
    feed('toIngest', data(1002), 700);
    expect(tap.tick(1300)).toEqual([]); // stalled again
    expect(tap.tick(1320).map((c) => c.to)).toEqual(['silent']);
  });

  it('stretches the threshold to 2·RTT + 4·RTTVar on long paths', () => {
    const { tap, feed } = connected({ silenceMs: 800 });
    feed('toIngest', data(1000), 0);
    feed('toSender', fullAck(1, 1001, 100_000, 50_000), 1); // initial values: ignored for RTT
    feed('toSender', fullAck(2, 1001, 450_000, 25_000), 2); // 2·450 + 4·25 = 1000 ms
    feed('toIngest', data(1001), 10);
    expect(tap.tick(1009)).toEqual([]);
    expect(tap.tick(1010).map((c) => c.to)).toEqual(['silent']);
  });
});

describe('TapStatsState figures', () => {
  it('computes sendKbps over the sliding window from UDP payload bytes', () => {
    const { tap, feed } = connected({ rateWindowMs: 1000 });
    for (let i = 0; i < 200; i++) feed('toIngest', data(1000 + i, { sizeBytes: 1332 }), 1000 + i * 10); // 100 pkt/s for 2 s
    // Last second holds packets sent at t = 2000..2990 (100 of them).
    expect(tap.snapshot(2999).sendKbps).toBeCloseTo((100 * 1332 * 8) / 1000, 6);
    expect(tap.snapshot(5000).sendKbps).toBe(0);
    expect(tap.snapshot(5000).bytesSent).toBe(200 * 1332);
  });

  it('does not inflate the rate during the first partial window', () => {
    const { tap, feed } = connected();
    for (let i = 0; i < 50; i++) feed('toIngest', data(1000 + i), 100 + i * 10); // 100 pkt/s for 0.5 s
    expect(tap.snapshot(600).sendKbps).toBeCloseTo((50 * 1332 * 8) / 500, 6);
  });

  it('derives in-flight packets and send-buffer depth from the last sequence sent and the last ACK', () => {
    const { tap, feed } = connected({}, 0x7ffffff0); // crosses the 31-bit wrap
    let seq = 0x7ffffff0;
    for (let i = 0; i < 200; i++) feed('toIngest', data(seq++ & 0x7fffffff), i * 10); // 100 pkt/s for 2 s
    feed('toSender', fullAck(1, (0x7ffffff0 + 150) & 0x7fffffff, 100_000, 50_000), 1995);
    const snap = tap.snapshot(1995);
    expect(snap.inFlightPkts).toBe(50);
    expect(snap.sendBufferMs).toBeCloseTo(500, 6);
    feed('toSender', lightAck(seq & 0x7fffffff), 2000);
    expect(tap.snapshot(2000)).toMatchObject({ inFlightPkts: 0, sendBufferMs: 0 });
  });

  it('counts retransmissions by the R flag and by a repeated sequence number', () => {
    const { tap, feed } = connected();
    feed('toIngest', data(1000), 10);
    feed('toIngest', data(1001), 20);
    feed('toIngest', data(1000, { retransmitted: true }), 30);
    feed('toIngest', data(1001), 40); // no R flag (peer without REXMITFLG) but already sent
    expect(tap.snapshot(50)).toMatchObject({ retransPkts: 2, pktsSent: 4, retransPct: 50 });
  });

  it('dedupes periodic NAK repeats, counts ranges across the wrap, and forgets acknowledged losses', () => {
    const { tap, feed } = connected({}, 0x7ffffffa);
    for (let s = 0x7ffffffa; s < 0x7ffffffa + 20; s++) feed('toIngest', data(s & 0x7fffffff), 10);
    feed('toSender', nak([[0x7ffffffe, 1]]), 20); // 4 lost across the wrap
    feed('toSender', nak([[0x7ffffffe, 1]]), 40); // periodic repeat
    feed('toSender', nak([0, 3]), 60); // 0 known, 3 new
    expect(tap.snapshot(61).lostPkts).toBe(5);
    feed('toSender', fullAck(1, 10, 20_000, 5_000), 70);
    feed('toSender', nak([12]), 80);
    expect(tap.snapshot(81).lostPkts).toBe(6);
  });

  it('ignores NAK ranges outside [first unacknowledged, last sent] and ACKs beyond the last sent (corrupt reports)', () => {
    const { tap, feed } = connected();
    feed('toSender', nak([1000]), 5); // nothing sent yet
    for (let s = 1000; s < 1010; s++) feed('toIngest', data(s), 10);
    feed('toSender', lightAck(1004), 15);
    feed('toSender', nak([[1000, 0x7ffffff0]]), 20); // absurd range: only 1004..1009 can be lost
    expect(tap.snapshot(21).lostPkts).toBe(6);
    feed('toSender', lightAck(5000), 30); // acknowledges more than was ever sent: capped at 1010
    for (let s = 1010; s < 1015; s++) feed('toIngest', data(s), 40);
    expect(tap.snapshot(41).inFlightPkts).toBe(5);
  });

  it('reports link capacity and latency, and marks RTT stale without full ACKs', () => {
    const { tap, feed } = connected({ rttStaleMs: 2000 });
    feed('toIngest', data(1000, { sizeBytes: 1332 }), 10);
    feed('toSender', fullAck(1, 1001, 100_000, 50_000, 1000), 11); // initial values: ignored
    expect(tap.snapshot(12)).toMatchObject({ rttMs: null, linkCapacityKbps: null });
    feed('toSender', fullAck(2, 1001, 48_000, 4_000, 5000), 20);
    const snap = tap.snapshot(21);
    expect(snap).toMatchObject({ rttMs: 48, rttVarMs: 4, latencyMs: 2000 });
    expect(snap.linkCapacityKbps).toBeCloseTo((5000 * (1332 + 28) * 8) / 1000, 6);
    expect(tap.snapshot(2020).rttMs).toBe(48);
    expect(tap.snapshot(2021).rttMs).toBeNull();
  });
});

describe('TapStatsState robustness', () => {
  it('never throws on truncated or corrupted versions of every captured packet', () => {
    const names = ['induction_caller', 'induction_listener', 'conclusion_caller_sid', 'conclusion_listener', 'conclusion_caller_encrypted',
      'rejection_badsecret', 'data_first', 'data_retransmitted', 'ack_full', 'ack_small', 'ack_light', 'nak_single', 'nak_range',
      'nak_long', 'ackack', 'keepalive_caller', 'shutdown_caller'];
    let state = 0x2545f491;
    const rand = (): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 4294967296;
    };
    const { tap } = connected();
    let t = 10;
    for (const name of names) {
      const original = vector(name);
      for (let len = 0; len <= Math.min(original.length, 200); len++) {
        for (const dir of ['toIngest', 'toSender'] as const) {
          expect(() => tap.onDatagram(dir, original.subarray(0, len), t++)).not.toThrow();
        }
      }
      for (let i = 0; i < 200; i++) {
        const corrupted = Buffer.from(original);
        for (let k = 0; k < 4; k++) corrupted[Math.floor(rand() * corrupted.length)] = Math.floor(rand() * 256);
        expect(() => tap.onDatagram(rand() < 0.5 ? 'toIngest' : 'toSender', corrupted, t++)).not.toThrow();
        expect(() => tap.tick(t)).not.toThrow();
      }
    }
    const snap = tap.snapshot(t);
    expect(snap.malformedPkts).toBeGreaterThan(0);
    expect(Number.isFinite(snap.sendKbps)).toBe(true);
  });
});
