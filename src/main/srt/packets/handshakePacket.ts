// Decodes SRT handshake control packets: type, version, encryption, extension flags, socket id, and the HSREQ/HSRSP,
// KMREQ/KMRSP and stream id (SID) extensions (draft-sharabayko-srt §3.2.1 "Handshake", §3.2.1.1–3.2.1.3; srt-notes.md §3.6).

import { cifView, ControlType, decodeSrtHeader, type DecodeResult } from './srtHeader';
import { isRejectionType, rejectionMessage } from './rejection';

export { rejectionMessage } from './rejection';

/** Handshake Type field values (draft §3.2.1, Table 4); values ≥ 1000 are rejections. */
export const HandshakeType = {
  WAVEAHAND: 0,
  INDUCTION: 1,
  CONCLUSION: 0xffffffff,
  AGREEMENT: 0xfffffffe,
  DONE: 0xfffffffd,
} as const;

export type HandshakeTypeName = 'induction' | 'waveahand' | 'conclusion' | 'agreement' | 'done' | 'rejection' | 'unknown';

/** Extension block types (draft §3.2.1, Table 5). */
export const HandshakeExtType = { HSREQ: 1, HSRSP: 2, KMREQ: 3, KMRSP: 4, SID: 5, CONGESTION: 6, FILTER: 7, GROUP: 8 } as const;

/** HSREQ/HSRSP contents (draft §3.2.1.1). */
export interface SrtHandshakeExtension {
  /** major·0x10000 + minor·0x100 + patch, e.g. 0x010501 for 1.5.1. */
  srtVersion: number;
  /** SRT flags (TSBPDSND 0x01, TSBPDRCV 0x02, CRYPT 0x04, TLPKTDROP 0x08, PERIODICNAK 0x10, REXMITFLG 0x20, STREAM 0x40, PACKET_FILTER 0x80). */
  srtFlags: number;
  /** Receiver TSBPD delay, milliseconds (upper 16 bits of word 3). */
  recvLatencyMs: number;
  /** Sender TSBPD delay, milliseconds (lower 16 bits of word 3). */
  sendLatencyMs: number;
}

export interface HandshakePacket {
  /** 4 for the caller's INDUCTION (HSv4 form), 5 afterwards. */
  version: number;
  /** Advertised cipher: 0 none, 2 AES-128, 3 AES-192, 4 AES-256. */
  encryption: number;
  /** Raw extension field: flags in a CONCLUSION, 0x4A17 magic in the listener's INDUCTION reply, 2 in the caller's INDUCTION. */
  extensionField: number;
  /** Flags of a CONCLUSION's extension field; null for other handshake types. */
  extensionFlags: { hsreq: boolean; kmreq: boolean; config: boolean } | null;
  initialSeq: number;
  mtuBytes: number;
  maxFlowWindowPkts: number;
  /** Raw Handshake Type field (unsigned). */
  handshakeType: number;
  typeName: HandshakeTypeName;
  /** SRT socket id of the sender of this handshake. */
  socketId: number;
  synCookie: number;
  destSocketId: number;
  hsreq: SrtHandshakeExtension | null;
  hsrsp: SrtHandshakeExtension | null;
  /** Stream id from the SID extension, decoded (4-byte groups reversed, NUL padding removed). Contains the stream key. */
  streamId: string | null;
  /** True when a KMREQ extension (encryption key material) is present. */
  hasKmreq: boolean;
  /** KMRSP with a single word is an error state: 0 unsecured, 3 no secret, 4 bad secret, 5 bad crypto mode. */
  kmrspErrorState: number | null;
  /** Congestion controller name from the CONGESTION extension (same byte order as SID), e.g. "live". */
  congestion: string | null;
  /** Wire rejection code (the Handshake Type itself, ≥ 1000) when this handshake rejects the connection, else null. */
  rejectionCode: number | null;
}

const HS_FIXED_CIF_BYTES = 48;

function typeNameOf(t: number): HandshakeTypeName {
  switch (t) {
    case HandshakeType.INDUCTION: return 'induction';
    case HandshakeType.WAVEAHAND: return 'waveahand';
    case HandshakeType.CONCLUSION: return 'conclusion';
    case HandshakeType.AGREEMENT: return 'agreement';
    case HandshakeType.DONE: return 'done';
    default: return isRejectionType(t) ? 'rejection' : 'unknown';
  }
}

/**
 * Decodes an SID or CONGESTION extension string. libsrt writes it as 32-bit little-endian words inside the big-endian
 * packet, so every 4-byte group arrives reversed ("STREAM" → "ERTS\0\0MA"); trailing NUL padding is dropped.
 */
export function decodeReversedWordString(bytes: Uint8Array): string {
  const out = new Uint8Array(bytes.length - (bytes.length % 4));
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    out[i] = bytes[i + 3] ?? 0;
    out[i + 1] = bytes[i + 2] ?? 0;
    out[i + 2] = bytes[i + 1] ?? 0;
    out[i + 3] = bytes[i] ?? 0;
  }
  let end = out.length;
  while (end > 0 && out[end - 1] === 0) end--;
  return new TextDecoder('utf-8').decode(out.subarray(0, end));
}

function decodeSrtExt(view: DataView, offset: number, words: number): SrtHandshakeExtension | null {
  if (words < 3) return null;
  const latency = view.getUint32(offset + 8);
  return {
    srtVersion: view.getUint32(offset),
    srtFlags: view.getUint32(offset + 4),
    recvLatencyMs: latency >>> 16,
    sendLatencyMs: latency & 0xffff,
  };
}

/** Decodes a handshake. Fails for other packet types, a CIF shorter than 48 bytes, or an extension block overrunning the datagram. */
export function decodeHandshakePacket(buf: Uint8Array): DecodeResult<HandshakePacket> {
  const header = decodeSrtHeader(buf);
  if (!header.ok) return header;
  const h = header.value;
  if (h.kind !== 'control' || h.controlType !== ControlType.HANDSHAKE) return { ok: false, error: 'not a handshake packet' };
  const cif = cifView(buf);
  if (cif.byteLength < HS_FIXED_CIF_BYTES) {
    return { ok: false, error: `handshake CIF of ${cif.byteLength} bytes is shorter than 48` };
  }
  const handshakeType = cif.getUint32(20);
  const typeName = typeNameOf(handshakeType);
  const extensionField = cif.getUint16(6);
  const packet: HandshakePacket = {
    version: cif.getUint32(0),
    encryption: cif.getUint16(4),
    extensionField,
    extensionFlags:
      typeName === 'conclusion'
        ? { hsreq: (extensionField & 0x1) !== 0, kmreq: (extensionField & 0x2) !== 0, config: (extensionField & 0x4) !== 0 }
        : null,
    initialSeq: cif.getUint32(8) & 0x7fffffff,
    mtuBytes: cif.getUint32(12),
    maxFlowWindowPkts: cif.getUint32(16),
    handshakeType,
    typeName,
    socketId: cif.getUint32(24),
    synCookie: cif.getUint32(28),
    destSocketId: h.destSocketId,
    hsreq: null,
    hsrsp: null,
    streamId: null,
    hasKmreq: false,
    kmrspErrorState: null,
    congestion: null,
    rejectionCode: typeName === 'rejection' ? handshakeType : null,
  };
  // Extension blocks exist only in HSv5 handshakes: Ext Type (16) | Ext Length (16, in 4-byte words) | contents.
  let off = HS_FIXED_CIF_BYTES;
  while (packet.version >= 5 && off + 4 <= cif.byteLength) {
    const extType = cif.getUint16(off);
    const words = cif.getUint16(off + 2);
    const start = off + 4;
    const end = start + words * 4;
    if (end > cif.byteLength) {
      return { ok: false, error: `handshake extension ${extType} of ${words} words overruns the datagram` };
    }
    const bytes = new Uint8Array(cif.buffer, cif.byteOffset + start, words * 4);
    switch (extType) {
      case HandshakeExtType.HSREQ: packet.hsreq = decodeSrtExt(cif, start, words); break;
      case HandshakeExtType.HSRSP: packet.hsrsp = decodeSrtExt(cif, start, words); break;
      case HandshakeExtType.KMREQ: packet.hasKmreq = true; break;
      case HandshakeExtType.KMRSP: if (words === 1) packet.kmrspErrorState = cif.getUint32(start); break;
      case HandshakeExtType.SID: packet.streamId = decodeReversedWordString(bytes); break;
      case HandshakeExtType.CONGESTION: packet.congestion = decodeReversedWordString(bytes); break;
      default: break; // FILTER, GROUP and future extensions are skipped by their length.
    }
    off = end;
  }
  return { ok: true, value: packet };
}

/** The rejection carried by a handshake, with its plain-language message, or null when it does not reject. */
export function handshakeRejection(hs: HandshakePacket): { code: number; message: string } | null {
  return hs.rejectionCode === null ? null : { code: hs.rejectionCode, message: rejectionMessage(hs.rejectionCode) };
}
