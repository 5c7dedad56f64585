// Decides whether a video PES starts a random-access point: the adaptation field's random_access_indicator and/or an IRAP NAL unit.

import { tsPayloadOffset, type TsVideoCodec } from './tsPsi';

/** Stop looking for the first slice after this many elementary-stream bytes of one PES. */
const MAX_SCAN_BYTES = 64 * 1024;

/** What the NAL units of one PES said: null while undecided. */
export type NalVerdict = boolean | null;

/**
 * Classifies the first NAL unit types of an access unit. HEVC (H.265 §7.4.2.2): VPS (32) or an IRAP slice (16..21)
 * → key; any other slice (0..31) → not key; AUD/SPS/PPS/SEI → keep looking. H.264 (§7.4.1): IDR (5) or SPS (7)
 * → key; slices 1..4 → not key.
 */
export function classifyNal(codec: TsVideoCodec, header: number): NalVerdict {
  if (codec === 'hevc') {
    const type = (header >> 1) & 0x3f;
    if (type === 32 || (type >= 16 && type <= 21)) return true;
    return type <= 31 ? false : null;
  }
  const type = header & 0x1f;
  if (type === 5 || type === 7) return true;
  return type >= 1 && type <= 4 ? false : null;
}

/**
 * Follows one video PES at a time across TS packets and finds its first decisive NAL unit, with a start-code scanner
 * whose state survives packet boundaries. No allocation per packet.
 */
export class KeyframeProbe {
  /** random_access_indicator of the PES's first packet (ffmpeg's mpegts muxer sets it on keyframes). */
  rai = false;
  verdict: NalVerdict = null;
  /** True while the current PES still needs scanning for a verdict. */
  scanning = false;
  private zeros = 0;
  private needHeader = false;
  private headerSkip = 0;
  private scanned = 0;

  constructor(public codec: TsVideoCodec) {}

  /** Starts a new PES at the payload_unit_start packet at `off`. */
  startPes(pkt: Buffer, off: number): void {
    const afc = (pkt[off + 3]! >> 4) & 0x3;
    this.rai = (afc & 0x2) !== 0 && pkt[off + 4]! > 0 && (pkt[off + 5]! & 0x40) !== 0;
    this.verdict = null;
    this.scanning = true;
    this.zeros = 0;
    this.needHeader = false;
    this.scanned = 0;
    this.headerSkip = 0;
    const pay = tsPayloadOffset(pkt, off);
    const end = off + 188;
    // PES header (§2.4.3.6): 00 00 01 stream_id len(2) flags(2) header_data_length, then the header data.
    if (pay < 0 || pay + 9 > end || pkt[pay] !== 0 || pkt[pay + 1] !== 0 || pkt[pay + 2] !== 1) {
      this.scanning = false; // no usable PES header: only the RAI signal counts
      return;
    }
    const esStart = pay + 9 + pkt[pay + 8]!;
    if (esStart >= end) {
      this.headerSkip = esStart - end;
      return;
    }
    this.scan(pkt, esStart, end);
  }

  /** Feeds a continuation packet of the same PES (only needed while `scanning`). */
  continuePes(pkt: Buffer, off: number): void {
    if (!this.scanning) return;
    let from = tsPayloadOffset(pkt, off);
    if (from < 0) return;
    const end = off + 188;
    if (this.headerSkip > 0) {
      const skip = Math.min(this.headerSkip, end - from);
      this.headerSkip -= skip;
      from += skip;
    }
    this.scan(pkt, from, end);
  }

  /** Ends the current PES without more data: an undecided verdict becomes "no IRAP found". */
  endPes(): void {
    if (this.scanning && this.verdict === null) this.verdict = false;
    this.scanning = false;
  }

  /** Key if either signal says so. */
  isKey(): boolean {
    return this.rai || this.verdict === true;
  }

  private scan(buf: Buffer, from: number, end: number): void {
    let zeros = this.zeros;
    for (let i = from; i < end; i++) {
      const b = buf[i]!;
      if (this.needHeader) {
        this.needHeader = false;
        const v = classifyNal(this.codec, b);
        if (v !== null) {
          this.verdict = v;
          this.scanning = false;
          return;
        }
        zeros = b === 0 ? 1 : 0;
        continue;
      }
      if (b === 0) zeros++;
      else {
        if (b === 1 && zeros >= 2) this.needHeader = true;
        zeros = 0;
      }
    }
    this.zeros = zeros;
    this.scanned += end - from;
    if (this.scanned >= MAX_SCAN_BYTES) this.endPes();
  }
}
