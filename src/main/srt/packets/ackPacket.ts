// Decodes SRT ACK control packets in their light, small and full forms
// (draft-sharabayko-srt §3.2.4 "ACK (Acknowledgment)"; srt-notes.md §3.4).

import { cifView, ControlType, decodeSrtHeader, type DecodeResult } from './srtHeader';

/** Light ACK: 4-byte CIF; small ACK: 16 bytes; full ACK: 28 bytes (24 from UDT-era peers, 32 from SRT 1.0.2). */
export type AckKind = 'light' | 'small' | 'full';

export interface AckPacket {
  kind: AckKind;
  /** Counts full ACKs from 1; 0 for light and small ACKs. Echoed back by the ACKACK. */
  ackNo: number;
  /** First sequence number not yet received (last received + 1): everything before it is acknowledged. */
  lastAckSeq: number;
  /** Receiver's smoothed RTT in microseconds (small and full ACK). */
  rttUs: number | null;
  /** Receiver's RTT variance in microseconds (small and full ACK). */
  rttVarUs: number | null;
  /** Free space in the receiver buffer, packets (small and full ACK). */
  availBufferPkts: number | null;
  /** Receiver's packet arrival rate, packets per second (full ACK). */
  recvRatePktsPerS: number | null;
  /** Estimated link capacity, packets per second (full ACK). */
  linkCapacityPktsPerS: number | null;
  /** Receiver's byte arrival rate, bytes per second (full ACK, SRT ≥ 1.0.1 only; null in the 24-byte UDT form). */
  recvRateBytesPerS: number | null;
  /** Microseconds since the receiver's connection start. */
  timestampUs: number;
}

/** Decodes an ACK. Fails for other packet types and for CIFs too short or not a multiple of 4 bytes. */
export function decodeAckPacket(buf: Uint8Array): DecodeResult<AckPacket> {
  const header = decodeSrtHeader(buf);
  if (!header.ok) return header;
  const h = header.value;
  if (h.kind !== 'control' || h.controlType !== ControlType.ACK) return { ok: false, error: 'not an ACK packet' };
  const cif = cifView(buf);
  const len = cif.byteLength;
  if (len < 4 || len % 4 !== 0) return { ok: false, error: `ACK CIF of ${len} bytes is not a light/small/full ACK` };
  const word = (i: number): number | null => (len >= (i + 1) * 4 ? cif.getUint32(i * 4) : null);
  // Size decides the kind: the spec's light ACK has exactly one word; anything from 4 words up carries RTT fields,
  // and only from 6 words up the rate and capacity fields (libsrt sends 7).
  const kind: AckKind = len >= 24 ? 'full' : len >= 16 ? 'small' : 'light';
  return {
    ok: true,
    value: {
      kind,
      ackNo: h.typeSpecific,
      lastAckSeq: (word(0) ?? 0) & 0x7fffffff,
      rttUs: kind === 'light' ? null : word(1),
      rttVarUs: kind === 'light' ? null : word(2),
      availBufferPkts: kind === 'light' ? null : word(3),
      recvRatePktsPerS: kind === 'full' ? word(4) : null,
      linkCapacityPktsPerS: kind === 'full' ? word(5) : null,
      recvRateBytesPerS: kind === 'full' ? word(6) : null,
      timestampUs: h.timestampUs,
    },
  };
}
