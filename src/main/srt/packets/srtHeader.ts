// Decodes the 16-byte SRT common header (draft-sharabayko-srt §3 "Packet Structure"; srt-notes.md §3.1, §3.3).

/** Outcome of a decoder: decoders never throw on malformed input, they return why they could not decode. */
export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Length of the common header in bytes. */
export const SRT_HEADER_BYTES = 16;

/** Control packet types (draft-sharabayko-srt §3.2, Table 1). */
export const ControlType = {
  HANDSHAKE: 0,
  KEEPALIVE: 1,
  ACK: 2,
  NAK: 3,
  CONGESTION_WARNING: 4,
  SHUTDOWN: 5,
  ACKACK: 6,
  DROPREQ: 7,
  PEERERROR: 8,
  USER_DEFINED: 0x7fff,
} as const;

/** Header of a data packet (F = 0). */
export interface DataHeader {
  kind: 'data';
  /** 31-bit packet sequence number. */
  seq: number;
  /** Word 1: PP, O, KK, R flags and the 26-bit message number; decoded by dataPacket.ts. */
  word1: number;
  /** Microseconds since the sender's connection start (wraps every 2^32 µs). */
  timestampUs: number;
  /** Destination SRT socket id (0 = connection request). */
  destSocketId: number;
}

/** Header of a control packet (F = 1). */
export interface ControlHeader {
  kind: 'control';
  /** 15-bit control type, see {@link ControlType}. */
  controlType: number;
  /** 16-bit subtype (used by user-defined packets). */
  subtype: number;
  /** Type-specific information word (ACK number for ACK, ACK number confirmed for ACKACK…). */
  typeSpecific: number;
  /** Microseconds since the sender's connection start (wraps every 2^32 µs). */
  timestampUs: number;
  /** Destination SRT socket id (0 = connection request). */
  destSocketId: number;
}

export type SrtHeader = DataHeader | ControlHeader;

/** Reads the common header of one SRT datagram. Fails (without throwing) when the datagram is shorter than 16 bytes. */
export function decodeSrtHeader(buf: Uint8Array): DecodeResult<SrtHeader> {
  if (buf.length < SRT_HEADER_BYTES) {
    return { ok: false, error: `datagram of ${buf.length} bytes is shorter than the 16-byte SRT header` };
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const word0 = view.getUint32(0);
  const word1 = view.getUint32(4);
  const timestampUs = view.getUint32(8);
  const destSocketId = view.getUint32(12);
  if ((word0 & 0x80000000) === 0) {
    return { ok: true, value: { kind: 'data', seq: word0 & 0x7fffffff, word1, timestampUs, destSocketId } };
  }
  return {
    ok: true,
    value: {
      kind: 'control',
      controlType: (word0 >>> 16) & 0x7fff,
      subtype: word0 & 0xffff,
      typeSpecific: word1,
      timestampUs,
      destSocketId,
    },
  };
}

/** A big-endian view over the Control Information Field (the bytes after the header). */
export function cifView(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset + SRT_HEADER_BYTES, Math.max(0, buf.byteLength - SRT_HEADER_BYTES));
}
