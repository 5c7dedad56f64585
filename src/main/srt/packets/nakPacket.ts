// Decodes SRT NAK (loss report) control packets into lost sequence ranges
// (draft-sharabayko-srt §3.2.5 "NAK (Negative Acknowledgement or Loss Report)", Appendix A loss-list coding; srt-notes.md §3.5).

import { seqRangeLength } from './seq';
import { cifView, ControlType, decodeSrtHeader, type DecodeResult } from './srtHeader';

/** Inclusive range of lost sequence numbers; `from === to` for a single loss. `to` may wrap past 0x7FFFFFFF. */
export interface LossRange {
  from: number;
  to: number;
}

export interface NakPacket {
  ranges: LossRange[];
  /** Total sequence numbers reported lost in this NAK (ranges counted inclusively, 31-bit wrap respected). */
  lostCount: number;
  timestampUs: number;
}

/**
 * Decodes a NAK loss list. Each 32-bit entry with MSB 0 is a single lost sequence number; an entry with MSB 1
 * starts a range whose inclusive end is the next entry. A dangling range start fails the decode.
 */
export function decodeNakPacket(buf: Uint8Array): DecodeResult<NakPacket> {
  const header = decodeSrtHeader(buf);
  if (!header.ok) return header;
  const h = header.value;
  if (h.kind !== 'control' || h.controlType !== ControlType.NAK) return { ok: false, error: 'not a NAK packet' };
  const cif = cifView(buf);
  if (cif.byteLength === 0 || cif.byteLength % 4 !== 0) {
    return { ok: false, error: `NAK loss list of ${cif.byteLength} bytes is empty or not a multiple of 4` };
  }
  const ranges: LossRange[] = [];
  let lostCount = 0;
  const words = cif.byteLength / 4;
  for (let i = 0; i < words; i++) {
    const entry = cif.getUint32(i * 4);
    const seq = entry & 0x7fffffff;
    if ((entry & 0x80000000) === 0) {
      ranges.push({ from: seq, to: seq });
      lostCount += 1;
      continue;
    }
    if (i + 1 >= words) return { ok: false, error: 'NAK range start without an end entry' };
    const end = cif.getUint32(++i * 4);
    if ((end & 0x80000000) !== 0) return { ok: false, error: 'NAK range end has its MSB set' };
    ranges.push({ from: seq, to: end });
    lostCount += seqRangeLength(seq, end);
  }
  return { ok: true, value: { ranges, lostCount, timestampUs: h.timestampUs } };
}
