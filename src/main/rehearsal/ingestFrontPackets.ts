// SRT packets of the ingest front: reading a datagram's kind with the project's codecs, and encoding the two it sends on
// its own, SHUTDOWN and a handshake rejection, as libsrt lays them out (draft-sharabayko-srt §3.2.1, §3.2.7; srt-notes.md §3.3, §3.6).

import { decodeHandshakePacket, type HandshakePacket } from '../srt/packets/handshakePacket';
import { ControlType, decodeSrtHeader, SRT_HEADER_BYTES } from '../srt/packets/srtHeader';

/** The decoded handshake when `msg` is a valid handshake packet, else null. */
export function handshakeOf(msg: Buffer): HandshakePacket | null {
  const h = decodeSrtHeader(msg);
  if (!h.ok || h.value.kind !== 'control' || h.value.controlType !== ControlType.HANDSHAKE) return null;
  const hs = decodeHandshakePacket(msg);
  return hs.ok ? hs.value : null;
}

/** 'data', the control type, or null for a datagram too short to be SRT. */
export function packetKindOf(msg: Buffer): number | 'data' | null {
  const h = decodeSrtHeader(msg);
  if (!h.ok) return null;
  return h.value.kind === 'data' ? 'data' : h.value.controlType;
}

/** Offset of the Handshake Type word inside a handshake datagram (header + 5 CIF words). */
const HS_TYPE_OFFSET = SRT_HEADER_BYTES + 20;
/** Header plus the 48-byte fixed handshake CIF: libsrt's rejection carries no extensions. */
const HS_FIXED_BYTES = SRT_HEADER_BYTES + 48;

/** SHUTDOWN (control type 5) to the socket `destSocketId`; libsrt sends it with a 4-byte zero CIF. */
export function shutdownPacket(destSocketId: number, timestampUs = 0): Buffer {
  const b = Buffer.alloc(SRT_HEADER_BYTES + 4);
  b.writeUInt32BE((0x80000000 | (ControlType.SHUTDOWN << 16)) >>> 0, 0);
  b.writeUInt32BE(timestampUs >>> 0, 8);
  b.writeUInt32BE(destSocketId >>> 0, 12);
  return b;
}

/**
 * The listener's answer refusing a caller's CONCLUSION, as a libsrt 1.5 listener sends it (captured on loopback through a
 * relay, srt-test-listener with a reject callback): the caller's fixed handshake fields echoed, the Handshake Type set
 * to the wire rejection code (1000 + reason, e.g. 2403 for SRT_REJX_FORBIDDEN), addressed to the caller's socket id,
 * no extension blocks. Returns null when `conclusion` is too short to be a handshake.
 */
export function rejectionFor(conclusion: Buffer, code: number, callerSocketId: number, timestampUs = 0): Buffer | null {
  if (conclusion.length < HS_FIXED_BYTES) return null;
  const b = Buffer.from(conclusion.subarray(0, HS_FIXED_BYTES));
  b.writeUInt32BE(timestampUs >>> 0, 8);
  b.writeUInt32BE(callerSocketId >>> 0, 12);
  b.writeUInt32BE(code >>> 0, HS_TYPE_OFFSET);
  return b;
}
