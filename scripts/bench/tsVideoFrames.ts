// Pure MPEG-TS walk for the benchmark: the video access units of a recording with their byte span and content hash,
// so the same frame can be found in the encoder's output and in what an ingest received after a `-c copy` remux.

import { createHash } from 'node:crypto';

const TS_BYTES = 188;

/** One video PES (one access unit) in a TS byte stream. */
export interface TsVideoFrame {
  /** Offset of the TS packet that starts the PES. */
  startOffset: number;
  /** Offset just past the last TS packet carrying this PES's data. */
  endOffset: number;
  /** Elementary-stream bytes (PES header and leading/trailing zero bytes excluded; with a hash prefix, all of them). */
  esBytes: number;
  /**
   * sha1 of the elementary-stream bytes without leading and trailing zero bytes: identical across a `-c copy` remux,
   * whatever the PTS (a remux moves the zero_byte of a 4-byte start code to the end of the previous access unit).
   */
  hash: string;
  /** The access unit holds an HEVC IDR/CRA/BLA picture (NAL types 16–21; with a hash prefix, within the prefix). */
  key: boolean;
}

function payloadStart(buf: Buffer, at: number): number | null {
  const afc = (buf[at + 3]! >> 4) & 0x3;
  if ((afc & 0x1) === 0) return null; // adaptation field only
  const start = afc === 0x3 ? at + 5 + buf[at + 4]! : at + 4;
  return start < at + TS_BYTES ? start : null;
}

function isVideoPesStart(buf: Buffer, p: number, end: number): boolean {
  return end - p >= 9 && buf[p] === 0 && buf[p + 1] === 0 && buf[p + 2] === 1 && (buf[p + 3]! & 0xf0) === 0xe0;
}

/** True if an HEVC elementary-stream chunk contains a random-access picture NAL (types 16..21). */
export function hasHevcKeyNal(es: Buffer): boolean {
  for (let i = 0; i + 3 < es.length; i++) {
    if (es[i] === 0 && es[i + 1] === 0 && es[i + 2] === 1) {
      const type = (es[i + 3]! >> 1) & 0x3f;
      if (type >= 16 && type <= 21) return true;
      i += 2;
    }
  }
  return false;
}

function trimZeros(es: Buffer): Buffer {
  let start = 0;
  let end = es.length;
  while (start < end && es[start] === 0) start++;
  while (end > start && es[end - 1] === 0) end--;
  return es.subarray(start, end);
}

interface Open {
  startOffset: number;
  lastPacketOffset: number;
  chunks: Buffer[];
  /** Elementary-stream bytes kept in `chunks` so far, and seen in all. */
  kept: number;
  seen: number;
}

/** Options of the chunked walk. */
export interface TsVideoFrameWalkerOptions {
  /**
   * Hash only the first this many elementary-stream bytes of each access unit (default: all of them). Both sides of a
   * comparison must use the same value; at high bitrates a prefix is as distinctive and much cheaper.
   */
  hashPrefixBytes?: number;
}

/**
 * The same walk fed chunk by chunk (a pipe's chunks need not end on a packet boundary): only the open access unit (or
 * its hashed prefix) and a partial packet are held, so a long high-bitrate stream can be followed without keeping it.
 */
export class TsVideoFrameWalker {
  private videoPid: number | null = null;
  private open: Open | null = null;
  private carry: Buffer = Buffer.alloc(0);
  /** Stream offset of `carry[0]`. */
  private carryOffset = 0;
  private readonly prefixBytes: number;

  constructor(options: TsVideoFrameWalkerOptions = {}) {
    this.prefixBytes = options.hashPrefixBytes ?? Infinity;
  }

  /** Walks `chunk`; returns the access units it completed (each closed by the start of the next one). */
  push(chunk: Buffer): TsVideoFrame[] {
    const frames: TsVideoFrame[] = [];
    const base = this.carryOffset + this.carry.length; // stream offset of chunk[0]
    let at = 0;
    if (this.carry.length > 0) {
      // Only the packet that straddles the chunks is stitched together; the rest is walked in place.
      const need = TS_BYTES - this.carry.length;
      if (chunk.length < need) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return frames;
      }
      this.packet(Buffer.concat([this.carry, chunk.subarray(0, need)]), 0, this.carryOffset, frames);
      at = need;
    }
    for (; at + TS_BYTES <= chunk.length; at += TS_BYTES) this.packet(chunk, at, base, frames);
    // Copy the partial packet: `chunk` may be a view into a pooled buffer that is reused after this call returns.
    this.carry = Buffer.from(chunk.subarray(at));
    this.carryOffset = base + at;
    return frames;
  }

  private keep(o: Open, es: Buffer): void {
    o.seen += es.length;
    if (o.kept >= this.prefixBytes) return;
    const part = o.kept + es.length > this.prefixBytes ? es.subarray(0, this.prefixBytes - o.kept) : es;
    o.chunks.push(part);
    o.kept += part.length;
  }

  private packet(ts: Buffer, at: number, base: number, frames: TsVideoFrame[]): void {
    if (ts[at] !== 0x47) return; // not in sync: skip the packet (recordings here are always aligned)
    const pid = ((ts[at + 1]! & 0x1f) << 8) | ts[at + 2]!;
    const pusi = (ts[at + 1]! & 0x40) !== 0;
    if (this.videoPid !== null && pid !== this.videoPid) return;
    const p = payloadStart(ts, at);
    if (p === null) return;
    const end = at + TS_BYTES;
    if (pusi) {
      if (!isVideoPesStart(ts, p, end)) return;
      this.videoPid ??= pid;
      if (this.open) frames.push(closeFrame(this.open, this.prefixBytes));
      const esStart = p + 9 + ts[p + 8]!;
      this.open = { startOffset: base + at, lastPacketOffset: base + at, chunks: [], kept: 0, seen: 0 };
      if (esStart < end) this.keep(this.open, ts.subarray(esStart, end));
    } else if (this.open) {
      this.keep(this.open, ts.subarray(p, end));
      this.open.lastPacketOffset = base + at;
    }
  }
}

function closeFrame(o: Open, prefixBytes: number): TsVideoFrame {
  const es = trimZeros(Buffer.concat(o.chunks));
  return {
    startOffset: o.startOffset,
    endOffset: o.lastPacketOffset + TS_BYTES,
    esBytes: o.seen > prefixBytes ? o.seen : es.length,
    hash: createHash('sha1').update(es).digest('hex'),
    key: hasHevcKeyNal(es),
  };
}

/**
 * Lists the video access units of a TS byte stream that starts on a packet boundary (a partial last packet is
 * ignored). The video PID is the first one whose PES carries a video stream id (0xE0–0xEF). The last PES is
 * returned only if another one follows (before that it may be incomplete).
 */
export function tsVideoFrames(ts: Buffer): TsVideoFrame[] {
  return new TsVideoFrameWalker().push(ts);
}
