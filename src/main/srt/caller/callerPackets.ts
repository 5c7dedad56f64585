// Encodes the datagrams an SRT live-mode caller sends (draft-sharabayko-srt §3; layouts checked byte for byte against
// ffmpeg 5.1 + libsrt 1.5.1 captures in test/fixtures/srt): handshakes, data packets, ACKACK, keep-alive, SHUTDOWN and
// DROPREQ. Pure.

import { HandshakeExtType, HandshakeType } from '../packets/handshakePacket';
import { HandshakeExtFlag } from '../packets/handshakeBlocks';
import { ControlType, SRT_HEADER_BYTES } from '../packets/srtHeader';

/** SRT version announced in HSREQ: the libsrt the rest of the system is tested against (1.5.1). */
export const CALLER_SRT_VERSION = 0x010501;
/**
 * HSREQ flags, as libsrt 1.5.1's caller sends them (0xBF in the captures): TSBPDSND, TSBPDRCV, CRYPT, TLPKTDROP,
 * NAKREPORT (periodic NAKs), REXMITFLG, FILTERCAP; not STREAM (message mode, which live MPEG-TS needs).
 */
export const CALLER_SRT_FLAGS = 0xbf;
/** The caller's INDUCTION is HSv4 in form (version 4, Extension Field 2 = UDT_DGRAM), as every HSv5 caller sends it. */
const INDUCTION_VERSION = 4;
const UDT_DGRAM = 2;
const HANDSHAKE_VERSION = 5;
export const DEFAULT_MTU_BYTES = 1500;
export const DEFAULT_FLOW_WINDOW_PKTS = 8192;
/** Data packet word 1 of a whole message sent in order (PP = 11 single, O = 1), KK = 0, R = 0: 0xE0000000 | msgNo. */
const SOLO_IN_ORDER = 0xe0000000;
/** The R (retransmitted) flag of data packet word 1. */
export const RETRANSMIT_FLAG = 0x04000000;
/** Message numbers are 26 bits; libsrt counts from 1 and skips 0 on wrap. */
export const MESSAGE_NO_MASK = 0x03ffffff;

export interface CallerHandshake {
  /** Microseconds since the caller's start, as in every header. */
  timestampUs: number;
  socketId: number;
  initialSeq: number;
  /** The ingest's IP as libsrt writes it (Peer IP Address field, 16 bytes). */
  peerIp: Uint8Array;
  mtuBytes?: number;
  flowWindowPkts?: number;
}

function header(buf: Buffer, word0: number, word1: number, timestampUs: number, destSocketId: number): void {
  buf.writeUInt32BE(word0 >>> 0, 0);
  buf.writeUInt32BE(word1 >>> 0, 4);
  buf.writeUInt32BE(timestampUs >>> 0, 8);
  buf.writeUInt32BE(destSocketId >>> 0, 12);
}

function control(type: number, typeSpecific: number, timestampUs: number, destSocketId: number, cif: readonly number[]): Buffer {
  const buf = Buffer.alloc(SRT_HEADER_BYTES + 4 * Math.max(1, cif.length)); // libsrt pads an empty CIF to one zero word
  header(buf, 0x80000000 | (type << 16), typeSpecific, timestampUs, destSocketId);
  cif.forEach((word, i) => buf.writeUInt32BE(word >>> 0, SRT_HEADER_BYTES + 4 * i));
  return buf;
}

function fixedHandshake(hs: CallerHandshake, version: number, typeWord: number, handshakeType: number, cookie: number): Buffer {
  const buf = Buffer.alloc(SRT_HEADER_BYTES + 48);
  header(buf, 0x80000000 | (ControlType.HANDSHAKE << 16), 0, hs.timestampUs, 0);
  const at = SRT_HEADER_BYTES;
  buf.writeUInt32BE(version, at);
  buf.writeUInt32BE(typeWord >>> 0, at + 4);
  buf.writeUInt32BE(hs.initialSeq & 0x7fffffff, at + 8);
  buf.writeUInt32BE(hs.mtuBytes ?? DEFAULT_MTU_BYTES, at + 12);
  buf.writeUInt32BE(hs.flowWindowPkts ?? DEFAULT_FLOW_WINDOW_PKTS, at + 16);
  buf.writeUInt32BE(handshakeType >>> 0, at + 20);
  buf.writeUInt32BE(hs.socketId >>> 0, at + 24);
  buf.writeUInt32BE(cookie >>> 0, at + 28);
  Buffer.from(hs.peerIp.subarray(0, 16)).copy(buf, at + 32);
  return buf;
}

/** The caller's first packet: an HSv4-form INDUCTION (destination socket 0, cookie 0). */
export function encodeInduction(hs: CallerHandshake): Buffer {
  return fixedHandshake(hs, INDUCTION_VERSION, UDT_DGRAM, HandshakeType.INDUCTION, 0);
}

/**
 * The caller's HSv5 CONCLUSION: the listener's cookie, an HSREQ with the TSBPD latency both ways, and the stream id as a
 * SID block when there is one (`sidBlock` from encodeStreamIdBlock). Encryption (KMREQ) is added by the tap encryption.
 */
export function encodeConclusion(hs: CallerHandshake & { cookie: number; latencyMs: number; sidBlock: Buffer | null }): Buffer {
  const flags = HandshakeExtFlag.HSREQ | (hs.sidBlock ? HandshakeExtFlag.CONFIG : 0);
  const fixed = fixedHandshake(hs, HANDSHAKE_VERSION, flags, HandshakeType.CONCLUSION, hs.cookie);
  const hsreq = Buffer.alloc(16);
  hsreq.writeUInt16BE(HandshakeExtType.HSREQ, 0);
  hsreq.writeUInt16BE(3, 2);
  hsreq.writeUInt32BE(CALLER_SRT_VERSION, 4);
  hsreq.writeUInt32BE(CALLER_SRT_FLAGS, 8);
  const latency = Math.min(0xffff, Math.max(0, Math.round(hs.latencyMs)));
  hsreq.writeUInt32BE(((latency << 16) | latency) >>> 0, 12);
  return Buffer.concat(hs.sidBlock ? [fixed, hsreq, hs.sidBlock] : [fixed, hsreq]);
}

/** The Peer IP Address field for an IPv4 or IPv6 address, written as libsrt does (each 32-bit word in host order). */
export function peerIpField(address: string, family: 4 | 6): Uint8Array {
  const out = new Uint8Array(16);
  const bytes = family === 4 ? address.split('.').map((part) => Number(part) & 0xff) : ipv6Bytes(address);
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    for (let j = 0; j < 4; j++) out[i + j] = bytes[i + 3 - j] ?? 0;
  }
  return out;
}

function ipv6Bytes(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16) & 0xffff));
  const headGroups = parse(head);
  const tailGroups = tail === undefined ? [] : parse(tail);
  const groups = [...headGroups, ...new Array<number>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill(0), ...tailGroups];
  return groups.flatMap((group) => [group >>> 8, group & 0xff]);
}

/**
 * Writes one data packet (a whole message) into `into` at `offset`: header then `payload`. Returns the datagram as a view
 * of `into`, so a batch of packets shares one allocation.
 */
export function writeDataPacket(
  into: Buffer, offset: number, packet: { seq: number; messageNo: number; timestampUs: number; destSocketId: number }, payload: Uint8Array,
): Buffer {
  const datagram = into.subarray(offset, offset + SRT_HEADER_BYTES + payload.length);
  header(datagram, packet.seq & 0x7fffffff, SOLO_IN_ORDER | (packet.messageNo & MESSAGE_NO_MASK), packet.timestampUs, packet.destSocketId);
  datagram.set(payload, SRT_HEADER_BYTES);
  return datagram;
}

/** A copy of a data packet with the R flag set: what a retransmission of it carries (same seq, message and timestamp). */
export function asRetransmission(datagram: Uint8Array): Buffer {
  const copy = Buffer.from(datagram);
  copy.writeUInt32BE((copy.readUInt32BE(4) | RETRANSMIT_FLAG) >>> 0, 4);
  return copy;
}

/** ACKACK for full ACK number `ackNo`: lets the receiver measure the round trip (its ACK → our ACKACK). */
export function encodeAckAck(ackNo: number, timestampUs: number, destSocketId: number): Buffer {
  return control(ControlType.ACKACK, ackNo, timestampUs, destSocketId, []);
}

export function encodeKeepalive(timestampUs: number, destSocketId: number): Buffer {
  return control(ControlType.KEEPALIVE, 0, timestampUs, destSocketId, []);
}

export function encodeShutdown(timestampUs: number, destSocketId: number): Buffer {
  return control(ControlType.SHUTDOWN, 0, timestampUs, destSocketId, []);
}

/**
 * DROPREQ: the receiver asked for packets `first`..`last` that the sender no longer has (too late to be useful); it
 * stops waiting for them. Message number 0: by sequence range only, as libsrt's receiver accepts.
 */
export function encodeDropRequest(first: number, last: number, timestampUs: number, destSocketId: number): Buffer {
  return control(ControlType.DROPREQ, 0, timestampUs, destSocketId, [first & 0x7fffffff, last & 0x7fffffff]);
}
