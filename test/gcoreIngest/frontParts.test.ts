// Unit tests of the ingest front's pure parts: the packets it forges (against a capture of a real libsrt listener) and
// its fault schedule (fake clock).

import { describe, expect, it } from 'vitest';
import { decodeHandshakePacket, handshakeRejection } from '../../src/main/srt/packets/handshakePacket';
import { decodeSrtHeader } from '../../src/main/srt/packets/srtHeader';
import { FrontFaults } from '../../src/main/rehearsal/frontFaults';
import { handshakeOf, packetKindOf, rejectionFor, shutdownPacket } from '../../src/main/rehearsal/ingestFrontPackets';

// Captured on loopback (ffmpeg 5.1.9 caller, streamid "123#key", latency 200 ms → relay → srt-test-listener with
// SRT_TEST_REJECT_STREAMID=* and the default code 1403): the caller's CONCLUSION and the listener's answer.
const CONCLUSION = Buffer.from(
  '80000000000000000000142a000000000000000500000005324a8241000005dc00002000ffffffff1da6459bcae5d611' +
  '0100007f0000000000000000000000000001000300010501000000bf00c800c800050002233332310079656b', 'hex');
const LISTENER_REJECTION = Buffer.from(
  '80000000000000000002dbb21da6459b0000000500000005324a8241000005dc00002000000009631da6459bcae5d611' +
  '0100007f000000000000000000000000', 'hex');
const CALLER_SOCKET_ID = 0x1da6459b;

describe('frontPackets', () => {
  it('forges the rejection byte for byte as the libsrt listener sent it (timestamp aside)', () => {
    const forged = rejectionFor(CONCLUSION, 2403, CALLER_SOCKET_ID, 0x2dbb2);
    expect(forged?.toString('hex')).toBe(LISTENER_REJECTION.toString('hex'));
    const hs = handshakeOf(forged ?? Buffer.alloc(0));
    expect(hs && handshakeRejection(hs)).toEqual({ code: 2403, message: 'the ingest refused this stream id or key (forbidden)' });
    expect(hs?.destSocketId).toBe(CALLER_SOCKET_ID);
  });

  it('reads the caller CONCLUSION with the project codec (stream id, latency) and refuses to forge from a short one', () => {
    const hs = decodeHandshakePacket(CONCLUSION);
    expect(hs.ok && [hs.value.typeName, hs.value.streamId, hs.value.hsreq?.sendLatencyMs]).toEqual(['conclusion', '123#key', 200]);
    expect(rejectionFor(CONCLUSION.subarray(0, 40), 2403, CALLER_SOCKET_ID)).toBeNull();
  });

  it('encodes SHUTDOWN (control type 5) to a socket id', () => {
    const packet = shutdownPacket(0xdeadbeef);
    expect(packetKindOf(packet)).toBe(5);
    const h = decodeSrtHeader(packet);
    expect(h.ok && h.value.destSocketId).toBe(0xdeadbeef);
    expect(handshakeOf(packet)).toBeNull();
  });
});

describe('FrontFaults', () => {
  it('blackholes both directions for the given time only', () => {
    const f = new FrontFaults();
    f.blackhole(1000, 500);
    expect([f.dropCause('toIngest', 999), f.dropCause('toIngest', 1000), f.dropCause('toCaller', 1499), f.dropCause('toCaller', 1500)])
      .toEqual([null, 'blackhole', 'blackhole', null]);
  });

  it('an outage drops everything until lifted', () => {
    const f = new FrontFaults();
    f.outage = true;
    expect(f.dropCause('toIngest', 0)).toBe('outage');
    f.outage = false;
    expect(f.dropCause('toIngest', 0)).toBeNull();
  });

  it('a loss burst drops about its rate, in its direction, during its time, reproducibly by seed', () => {
    const run = (seed: number): Array<string | null> => {
      const f = new FrontFaults(seed);
      f.lossBurst(0, { durationMs: 1000, lossRate: 0.3, direction: 'toIngest' });
      return Array.from({ length: 1000 }, (_, i) => f.dropCause('toIngest', i));
    };
    const drops = run(7).filter((c) => c === 'loss').length;
    expect(drops).toBeGreaterThan(250);
    expect(drops).toBeLessThan(350);
    expect(run(7)).toEqual(run(7));
    const f = new FrontFaults();
    f.lossBurst(0, { durationMs: 1000, lossRate: 1, direction: 'toIngest' });
    expect([f.dropCause('toCaller', 10), f.dropCause('toIngest', 10), f.dropCause('toIngest', 1000)]).toEqual([null, 'loss', null]);
  });
});
