// The engine's SRT caller as a pure machine, on a fake clock: what it sends at each step of a live session, checked
// against the packet layouts of libsrt 1.5.1's own caller (test/fixtures/srt) and the spec.

import { describe, expect, it } from 'vitest';
import { peerIpField } from '../../src/main/srt/caller/callerPackets';
import { SrtCaller, type SrtCallerOptions } from '../../src/main/srt/caller/srtCaller';
import { decodeDataPacket } from '../../src/main/srt/packets/dataPacket';
import { decodeHandshakePacket } from '../../src/main/srt/packets/handshakePacket';
import { ControlType, decodeSrtHeader } from '../../src/main/srt/packets/srtHeader';
import { encodeStreamIdBlock } from '../../src/main/srt/packets/streamIdRewrite';
import { CALLER_SOCKET_ID, control, extension, fullAck, handshake, HS_CONCLUSION, HS_INDUCTION, hsreq, lightAck, nak, shutdown } from './srtPacketBuilders';

const ISN = 0x7ffffffe; // the sequence numbers wrap within the first packets
const PEER_SOCKET_ID = 0x3952d4dd;
const COOKIE = 0x8f75e770;
const STREAM_ID = '123#08cd54f0';

function makeCaller(overrides: Partial<SrtCallerOptions> = {}): { caller: SrtCaller; sent: Buffer[] } {
  const sent: Buffer[] = [];
  const sid = encodeStreamIdBlock(STREAM_ID);
  if (!sid.ok) throw new Error(sid.error);
  const caller = new SrtCaller({
    socketId: CALLER_SOCKET_ID, initialSeq: ISN, peerIp: peerIpField('127.0.0.1', 4), latencyMs: 200, sidBlock: sid.block,
    connectTimeoutMs: 3000, ...overrides,
  }, (datagram) => sent.push(Buffer.from(datagram)), 1000);
  return { caller, sent };
}

function inductionReply(): Buffer {
  const reply = handshake({ type: HS_INDUCTION, version: 5, extField: 0x4a17, socketId: CALLER_SOCKET_ID });
  reply.writeUInt32BE(COOKIE, 16 + 28);
  return reply;
}

function conclusionReply(listenerLatencyMs = 200): Buffer {
  return handshake({ type: HS_CONCLUSION, socketId: PEER_SOCKET_ID, extField: 1, extensions: extension(2, hsreq(listenerLatencyMs)) });
}

function connected(overrides: Partial<SrtCallerOptions> = {}): { caller: SrtCaller; sent: Buffer[] } {
  const rig = makeCaller(overrides);
  rig.caller.connect(1000);
  rig.caller.receive(inductionReply(), 1001);
  rig.caller.receive(conclusionReply(), 1002);
  rig.sent.length = 0;
  return rig;
}

function send(caller: SrtCaller, count: number, nowMs: number): void {
  for (let i = 0; i < count; i++) {
    const payload = Buffer.alloc(1316, i);
    caller.sendMessage(payload, nowMs, Buffer.alloc(1332), 0);
  }
}

function controlType(datagram: Buffer): number | null {
  const h = decodeSrtHeader(datagram);
  return h.ok && h.value.kind === 'control' ? h.value.controlType : null;
}

describe('SrtCaller handshake', () => {
  it('sends an HSv4-form INDUCTION, then an HSv5 CONCLUSION with the cookie, HSREQ and the stream id, as libsrt does', () => {
    const { caller, sent } = makeCaller();
    caller.connect(1000);
    expect(caller.phase).toBe('induction');
    const induction = decodeHandshakePacket(sent[0]!);
    expect(induction.ok && induction.value).toMatchObject({
      version: 4, extensionField: 2, typeName: 'induction', socketId: CALLER_SOCKET_ID, synCookie: 0, destSocketId: 0,
      initialSeq: ISN, mtuBytes: 1500, maxFlowWindowPkts: 8192,
    });
    // The Peer IP field as in the capture of ffmpeg's own caller: 127.0.0.1 as the word 0x0100007f.
    expect(sent[0]!.readUInt32BE(16 + 32)).toBe(0x0100007f);

    expect(caller.receive(inductionReply(), 1003)).toBeNull();
    expect(caller.phase).toBe('conclusion');
    const conclusion = decodeHandshakePacket(sent[1]!);
    expect(conclusion.ok && conclusion.value).toMatchObject({
      version: 5, typeName: 'conclusion', synCookie: COOKIE, socketId: CALLER_SOCKET_ID, destSocketId: 0, initialSeq: ISN,
      extensionFlags: { hsreq: true, kmreq: false, config: true },
      hsreq: { srtVersion: 0x010501, srtFlags: 0xbf, recvLatencyMs: 200, sendLatencyMs: 200 },
      streamId: STREAM_ID,
    });

    caller.receive(conclusionReply(350), 1004);
    expect(caller.phase).toBe('connected');
    expect(caller.latencyMs).toBe(350); // the larger of both sides
  });

  it('repeats an unanswered handshake every 250 ms and gives up at the connect timeout', () => {
    const { caller, sent } = makeCaller({ connectTimeoutMs: 1000 });
    caller.connect(1000);
    caller.tick(1100);
    expect(sent).toHaveLength(1);
    caller.tick(1250);
    caller.tick(1500);
    expect(sent).toHaveLength(3);
    expect(sent.every((d) => decodeHandshakePacket(d).ok)).toBe(true);
    expect(caller.tick(2000)).toEqual({ phase: 'timed-out' });
    expect(caller.phase).toBe('timed-out');
    caller.tick(2500);
    expect(sent).toHaveLength(3);
  });

  it('ends as rejected with the wire code when the listener refuses the conclusion', () => {
    const { caller } = makeCaller();
    caller.connect(1000);
    caller.receive(inductionReply(), 1001);
    expect(caller.receive(handshake({ type: 2403, socketId: PEER_SOCKET_ID }), 1002)).toEqual({ phase: 'rejected', code: 2403 });
    expect(caller.sendMessage(Buffer.alloc(188), 1003, Buffer.alloc(204), 0)).toBe(0);
  });

  it('ignores a handshake reply addressed to another socket', () => {
    const { caller } = makeCaller();
    caller.connect(1000);
    const foreign = inductionReply();
    foreign.writeUInt32BE(0x0badf00d, 12);
    caller.receive(foreign, 1001);
    expect(caller.phase).toBe('induction');
  });
});

describe('SrtCaller data, acknowledgements and loss', () => {
  it('numbers packets from the initial sequence (wrapping at 2^31), messages from 1, stamps µs since its start', () => {
    const { caller, sent } = connected();
    send(caller, 3, 1040.5);
    const packets = sent.map((d) => decodeDataPacket(d));
    expect(packets.map((p) => p.ok && p.value.seq)).toEqual([0x7ffffffe, 0x7fffffff, 0]);
    expect(packets.map((p) => p.ok && p.value.messageNo)).toEqual([1, 2, 3]);
    expect(packets[0]!.ok && packets[0]!.value).toMatchObject({
      position: 'single', inOrder: true, keyFlag: 'none', retransmitted: false, timestampUs: 40_500, destSocketId: PEER_SOCKET_ID, payloadBytes: 1316,
    });
    // Word 1 as in ffmpeg's capture: 0xE0000000 | message number.
    expect(sent[0]!.readUInt32BE(4)).toBe(0xe0000001);
    expect(caller.unacknowledged).toBe(3);
  });

  it('answers a full ACK with an ACKACK of the same number and releases what it acknowledges; a light ACK only releases', () => {
    const { caller, sent } = connected();
    send(caller, 5, 1010);
    sent.length = 0;
    caller.receive(fullAck(7, 0x7fffffff, 1000, 500), 1020); // acknowledges the first packet (up to 0x7fffffff, exclusive)
    expect(caller.unacknowledged).toBe(4);
    expect(sent).toHaveLength(1);
    expect(controlType(sent[0]!)).toBe(ControlType.ACKACK);
    expect(sent[0]!.readUInt32BE(4)).toBe(7);
    expect(sent[0]!.readUInt32BE(12)).toBe(PEER_SOCKET_ID);
    caller.receive(lightAck(2), 1030);
    expect(caller.unacknowledged).toBe(1);
    expect(sent).toHaveLength(1);
  });

  it('does not release packets for an ACK beyond what was sent (corrupt or forged)', () => {
    const { caller } = connected();
    send(caller, 3, 1010);
    caller.receive(fullAck(1, 500, 1000, 500), 1020);
    expect(caller.unacknowledged).toBe(3);
  });

  it('retransmits each NAKed packet once per report, with the R flag and its original seq, timestamp and payload', () => {
    const { caller, sent } = connected();
    send(caller, 6, 1010);
    const originals = sent.slice();
    sent.length = 0;
    caller.receive(nak([0x7fffffff, [1, 2]]), 1030);
    expect(sent).toHaveLength(3);
    const resent = sent.map((d) => decodeDataPacket(d));
    expect(resent.map((p) => p.ok && p.value.seq)).toEqual([0x7fffffff, 1, 2]);
    expect(resent.every((p) => p.ok && p.value.retransmitted && p.value.timestampUs === 10_000)).toBe(true);
    expect(sent[0]!.subarray(16)).toEqual(originals[1]!.subarray(16));
    expect(caller.stats().retransmittedPackets).toBe(3);
  });

  it('ignores a NAK reaching beyond the last packet sent', () => {
    const { caller, sent } = connected();
    send(caller, 2, 1010);
    sent.length = 0;
    caller.receive(nak([[0x7ffffffe, 40]]), 1020);
    expect(sent).toHaveLength(0);
  });

  it('drops packets unacknowledged for max(latency, 1 s) + 20 ms, and answers a NAK for them with a DROPREQ', () => {
    const { caller, sent } = connected();
    send(caller, 4, 1010);
    caller.tick(2029);
    expect(caller.unacknowledged).toBe(4);
    caller.tick(2031);
    expect(caller.unacknowledged).toBe(0);
    expect(caller.stats().droppedTooLate).toBe(4);
    sent.length = 0;
    caller.receive(nak([[0, 1]]), 2040);
    expect(sent).toHaveLength(1);
    expect(controlType(sent[0]!)).toBe(ControlType.DROPREQ);
    expect([sent[0]!.readUInt32BE(16), sent[0]!.readUInt32BE(20)]).toEqual([0, 1]);
  });
});

describe('SrtCaller keep-alive and the end of a session', () => {
  it('sends a keep-alive after 1 s without sending anything', () => {
    const { caller, sent } = connected();
    caller.receive(lightAck(ISN), 1900); // the ingest is heard
    caller.tick(1900);
    expect(sent).toHaveLength(0);
    caller.tick(2003);
    expect(sent.map(controlType)).toEqual([ControlType.KEEPALIVE]);
  });

  it('breaks the session after 5 s without a packet from the ingest (libsrt’s peer-idle timeout)', () => {
    const { caller } = connected();
    send(caller, 1, 1010);
    caller.receive(lightAck(ISN), 1500);
    expect(caller.tick(6499)).toBeNull();
    expect(caller.tick(6500)).toEqual({ phase: 'broken', silentMs: 5000 });
  });

  it('ends on the ingest’s SHUTDOWN, but not on one addressed to another socket', () => {
    const { caller } = connected();
    expect(caller.receive(control(5, 0, [0], { destSocketId: 0x0badf00d }), 1010)).toBeNull();
    expect(caller.phase).toBe('connected');
    expect(caller.receive(shutdown(), 1011)).toEqual({ phase: 'closed' });
  });

  it('says SHUTDOWN when closed while connected, and nothing when closed during the handshake', () => {
    const { caller, sent } = connected();
    caller.close(1100);
    expect(sent.map(controlType)).toEqual([ControlType.SHUTDOWN]);
    caller.close(1200);
    expect(sent).toHaveLength(1);
    const handshaking = makeCaller();
    handshaking.caller.connect(1000);
    handshaking.caller.close(1001);
    expect(handshaking.sent.map(controlType)).toEqual([ControlType.HANDSHAKE]);
  });
});
