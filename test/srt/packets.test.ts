// Decoders of SRT packets against real captured vectors (ffmpeg 5.1 → libsrt 1.5.1) and synthetic edge cases.

import { describe, expect, it } from 'vitest';
import { decodeAckPacket } from '../../src/main/srt/packets/ackPacket';
import { decodeDataPacket } from '../../src/main/srt/packets/dataPacket';
import { decodeHandshakePacket, decodeReversedWordString, handshakeRejection, rejectionMessage } from '../../src/main/srt/packets/handshakePacket';
import { decodeNakPacket } from '../../src/main/srt/packets/nakPacket';
import { decodeSrtHeader } from '../../src/main/srt/packets/srtHeader';
import { control, data, extension, handshake, HS_CONCLUSION, nak, sidContents } from './srtPacketBuilders';
import { vector } from './srtFixtures';

function ok<T>(r: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!r.ok) throw new Error(`decode failed: ${r.error}`);
  return r.value;
}

describe('decodeSrtHeader', () => {
  it('tells data from control packets and reads type, timestamp and destination', () => {
    const d = ok(decodeSrtHeader(vector('data_first')));
    expect(d).toMatchObject({ kind: 'data', seq: 1147568285, timestampUs: 24385, destSocketId: 961729757 });
    const c = ok(decodeSrtHeader(vector('shutdown_caller')));
    expect(c).toMatchObject({ kind: 'control', controlType: 5, subtype: 0, timestampUs: 4006983, destSocketId: 961729757 });
    expect(ok(decodeSrtHeader(vector('ackack')))).toMatchObject({ kind: 'control', controlType: 6, typeSpecific: 1 });
    expect(ok(decodeSrtHeader(control(0x7fff, 0, [], { subtype: 3 })))).toMatchObject({ controlType: 0x7fff, subtype: 3 });
  });

  it('returns an error instead of throwing for datagrams shorter than 16 bytes', () => {
    for (const len of [0, 1, 15]) {
      const r = decodeSrtHeader(Buffer.alloc(len, 0xff));
      expect(r.ok).toBe(false);
    }
  });

  it('reads a header from a Buffer slice that does not start at offset 0 of its ArrayBuffer', () => {
    const big = Buffer.concat([Buffer.alloc(7, 0xee), vector('keepalive_caller')]);
    expect(ok(decodeSrtHeader(big.subarray(7)))).toMatchObject({ kind: 'control', controlType: 1 });
  });
});

describe('decodeDataPacket', () => {
  it('decodes captured data packets: sequence, message number, payload size', () => {
    expect(ok(decodeDataPacket(vector('data_first')))).toMatchObject({
      seq: 1147568285, position: 'single', inOrder: true, keyFlag: 'none', retransmitted: false, messageNo: 1, payloadBytes: 1316,
    });
    expect(ok(decodeDataPacket(vector('data_short'))).payloadBytes).toBe(188);
  });

  it('reads the R flag of a captured retransmission and the KK flag of an encrypted packet', () => {
    expect(ok(decodeDataPacket(vector('data_retransmitted')))).toMatchObject({ retransmitted: true, seq: 294631401, messageNo: 40 });
    expect(ok(decodeDataPacket(vector('data_encrypted')))).toMatchObject({ keyFlag: 'even', retransmitted: false });
  });

  it('decodes every PP/O/KK/R combination and masks the 26-bit message number', () => {
    const p = ok(decodeDataPacket(data(0x7fffffff, { position: 2, inOrder: false, keyFlag: 2, retransmitted: true, messageNo: 0x03ffffff })));
    expect(p).toMatchObject({ seq: 0x7fffffff, position: 'first', inOrder: false, keyFlag: 'odd', retransmitted: true, messageNo: 0x03ffffff });
    expect(ok(decodeDataPacket(data(5, { position: 0 }))).position).toBe('middle');
    expect(ok(decodeDataPacket(data(5, { position: 1 }))).position).toBe('last');
  });

  it('refuses control packets', () => {
    expect(decodeDataPacket(vector('ack_full')).ok).toBe(false);
  });
});

describe('decodeAckPacket', () => {
  it('decodes the first full ACK with libsrt initial RTT 100 ms / 50 ms', () => {
    expect(ok(decodeAckPacket(vector('ack_full_initial')))).toEqual({
      kind: 'full', ackNo: 1, lastAckSeq: 1147568301, rttUs: 100000, rttVarUs: 50000, availBufferPkts: 8175,
      recvRatePktsPerS: 7247, linkCapacityPktsPerS: 1000, recvRateBytesPerS: 9247601, timestampUs: 36262,
    });
  });

  it('decodes a later full ACK with the measured loopback RTT', () => {
    expect(ok(decodeAckPacket(vector('ack_full')))).toMatchObject({ kind: 'full', ackNo: 21, rttUs: 552, rttVarUs: 126, linkCapacityPktsPerS: 1012 });
  });

  it('decodes captured small and light ACKs', () => {
    expect(ok(decodeAckPacket(vector('ack_small')))).toMatchObject({
      kind: 'small', lastAckSeq: 1012742370, rttUs: 6683, rttVarUs: 3182, availBufferPkts: 7652, recvRatePktsPerS: null, linkCapacityPktsPerS: null,
    });
    expect(ok(decodeAckPacket(vector('ack_light')))).toMatchObject({ kind: 'light', ackNo: 0, lastAckSeq: 1012739834, rttUs: null });
  });

  it('treats the 24-byte UDT-era ACK as full without a byte rate', () => {
    const a = ok(decodeAckPacket(control(2, 9, [100, 2000, 300, 50, 120, 900])));
    expect(a).toMatchObject({ kind: 'full', rttUs: 2000, linkCapacityPktsPerS: 900, recvRateBytesPerS: null });
  });

  it('fails on a CIF that is empty or not a multiple of 4, and on other packet types', () => {
    expect(decodeAckPacket(control(2, 1, [])).ok).toBe(false);
    expect(decodeAckPacket(Buffer.concat([control(2, 1, [1]), Buffer.alloc(2)])).ok).toBe(false);
    expect(decodeAckPacket(vector('nak_single')).ok).toBe(false);
  });
});

describe('decodeNakPacket', () => {
  it('decodes captured single, range and long loss lists', () => {
    expect(ok(decodeNakPacket(vector('nak_single')))).toMatchObject({ ranges: [{ from: 294631401, to: 294631401 }], lostCount: 1 });
    expect(ok(decodeNakPacket(vector('nak_range')))).toMatchObject({ ranges: [{ from: 1911283505, to: 1911283507 }], lostCount: 3 });
    const long = ok(decodeNakPacket(vector('nak_long')));
    expect(long.ranges).toHaveLength(48);
    expect(long.lostCount).toBe(2527);
  });

  it('counts a range across the 31-bit wrap', () => {
    expect(ok(decodeNakPacket(nak([[0x7ffffffe, 1], 7]))).lostCount).toBe(5);
  });

  it('fails on a dangling range start or a range end with its MSB set', () => {
    expect(decodeNakPacket(control(3, 0, [0x80000005])).ok).toBe(false);
    expect(decodeNakPacket(control(3, 0, [0x80000005, 0x80000009])).ok).toBe(false);
    expect(decodeNakPacket(control(3, 0, [])).ok).toBe(false);
  });
});

describe('decodeHandshakePacket', () => {
  it('decodes the caller INDUCTION (HSv4, ext 2, no destination) and the listener reply (HSv5, magic 0x4A17)', () => {
    expect(ok(decodeHandshakePacket(vector('induction_caller')))).toMatchObject({
      version: 4, extensionField: 2, typeName: 'induction', socketId: 865838575, destSocketId: 0, synCookie: 0, initialSeq: 1147568285,
    });
    const reply = ok(decodeHandshakePacket(vector('induction_listener')));
    expect(reply).toMatchObject({ version: 5, extensionField: 0x4a17, typeName: 'induction', extensionFlags: null });
    expect(reply.synCookie).not.toBe(0);
  });

  it('decodes the caller CONCLUSION: HSREQ latency and the stream id byte for byte', () => {
    const hs = ok(decodeHandshakePacket(vector('conclusion_caller_sid')));
    expect(hs).toMatchObject({
      typeName: 'conclusion', extensionFlags: { hsreq: true, kmreq: false, config: true }, destSocketId: 0,
      hsreq: { srtVersion: 0x010501, srtFlags: 0xbf, recvLatencyMs: 200, sendLatencyMs: 200 }, encryption: 0, hasKmreq: false,
    });
    expect(hs.streamId).toBe('123#08cd54f0');
    expect(hs.rejectionCode).toBeNull();
  });

  it('decodes the listener CONCLUSION with HSRSP and its own socket id', () => {
    expect(ok(decodeHandshakePacket(vector('conclusion_listener')))).toMatchObject({
      typeName: 'conclusion', socketId: 961729757, destSocketId: 865838575, hsrsp: { recvLatencyMs: 200 }, streamId: null,
    });
  });

  it('sees AES-256 and KMREQ in an encrypted CONCLUSION, and the KMRSP in the answer', () => {
    expect(ok(decodeHandshakePacket(vector('conclusion_caller_encrypted')))).toMatchObject({
      encryption: 4, hasKmreq: true, extensionFlags: { kmreq: true }, streamId: '123#08cd54f0',
    });
    expect(ok(decodeHandshakePacket(vector('conclusion_listener_encrypted')))).toMatchObject({ kmrspErrorState: null, hsrsp: { srtFlags: 0xbf } });
  });

  it('decodes captured rejections into codes and plain messages', () => {
    const cases: Array<[string, number, string]> = [
      ['rejection_badsecret', 1010, 'the ingest rejected the passphrase'],
      ['rejection_unsecure', 1011, 'encryption mismatch: one side uses a passphrase and the other does not'],
      ['rejection_forbidden', 2403, 'the ingest refused this stream id or key (forbidden)'],
    ];
    for (const [name, code, message] of cases) {
      const hs = ok(decodeHandshakePacket(vector(name)));
      expect(hs.typeName).toBe('rejection');
      expect(handshakeRejection(hs)).toEqual({ code, message });
    }
  });

  it('reverses every 4-byte group of the SID (the handshake.md and srt-notes examples)', () => {
    expect(decodeReversedWordString(Buffer.from('ERTS\0\0MA', 'latin1'))).toBe('STREAM');
    expect(decodeReversedWordString(Buffer.from('!32%=r::evilset/=m,tlbup\0hsi', 'latin1'))).toBe('%23!::r=live/test,m=publish');
    const id = '#!::r=live/a+b%2F,m=publish&x=ü';
    const hs = ok(decodeHandshakePacket(handshake({ type: HS_CONCLUSION, extField: 5, extensions: extension(5, sidContents(id)) })));
    expect(hs.streamId).toBe(id);
  });

  it('fails on a truncated fixed part or an extension overrunning the datagram', () => {
    expect(decodeHandshakePacket(vector('conclusion_caller_sid').subarray(0, 60)).ok).toBe(false);
    const overrun = handshake({ type: HS_CONCLUSION, extensions: Buffer.from([0, 5, 0, 9, 1, 2, 3, 4]) });
    expect(decodeHandshakePacket(overrun).ok).toBe(false);
  });
});

describe('rejectionMessage', () => {
  it('gives plain sentences for libsrt, server and application codes', () => {
    expect(rejectionMessage(1010)).toBe('the ingest rejected the passphrase');
    expect(rejectionMessage(2401)).toMatch(/stream key/);
    expect(rejectionMessage(2404)).toMatch(/not found/);
    expect(rejectionMessage(1016)).toMatch(/timed out/);
    expect(rejectionMessage(1099)).toBe('the ingest rejected the connection (SRT reason 99)');
    expect(rejectionMessage(2777)).toBe('the ingest rejected the connection with server code 1777');
    expect(rejectionMessage(3005)).toBe('the ingest rejected the connection with application code 2005');
  });
});
