// Decodes SRT data packets: sequence number, position, in-order, key and retransmit flags, message number
// (draft-sharabayko-srt §3.1 "Data Packets"; srt-notes.md §3.2).

import { decodeSrtHeader, type DecodeResult, SRT_HEADER_BYTES } from './srtHeader';

/** Position of the packet inside its message (PP bits). */
export type PacketPosition = 'first' | 'middle' | 'last' | 'single';

/** Which even/odd encryption key encrypted the payload (KK bits). */
export type KeyFlag = 'none' | 'even' | 'odd' | 'both';

export interface DataPacket {
  /** 31-bit packet sequence number. */
  seq: number;
  position: PacketPosition;
  /** O flag: the message must be delivered in order. */
  inOrder: boolean;
  keyFlag: KeyFlag;
  /** R flag: 1 when this packet is a retransmission (needs the REXMITFLG capability, set by every libsrt ≥ 1.2). */
  retransmitted: boolean;
  /** 26-bit message number. */
  messageNo: number;
  /** Microseconds since the sender's connection start. */
  timestampUs: number;
  destSocketId: number;
  /** Bytes after the 16-byte header (SRT payload, including any AES-GCM tag). */
  payloadBytes: number;
}

const POSITIONS: readonly PacketPosition[] = ['middle', 'last', 'first', 'single'];
const KEY_FLAGS: readonly KeyFlag[] = ['none', 'even', 'odd', 'both'];

/** Decodes a data packet; fails for control packets and datagrams shorter than the header. */
export function decodeDataPacket(buf: Uint8Array): DecodeResult<DataPacket> {
  const header = decodeSrtHeader(buf);
  if (!header.ok) return header;
  const h = header.value;
  if (h.kind !== 'data') return { ok: false, error: 'not a data packet (F bit is 1)' };
  const w = h.word1;
  return {
    ok: true,
    value: {
      seq: h.seq,
      position: POSITIONS[(w >>> 30) & 0x3] ?? 'single',
      inOrder: ((w >>> 29) & 0x1) === 1,
      keyFlag: KEY_FLAGS[(w >>> 27) & 0x3] ?? 'none',
      retransmitted: ((w >>> 26) & 0x1) === 1,
      messageNo: w & 0x03ffffff,
      timestampUs: h.timestampUs,
      destSocketId: h.destSocketId,
      payloadBytes: buf.length - SRT_HEADER_BYTES,
    },
  };
}
