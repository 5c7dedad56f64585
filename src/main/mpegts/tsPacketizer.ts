// Re-aligns an arbitrarily chunked MPEG-TS byte stream to 188-byte packets, resyncing (and counting) after garbage.

export const TS_PACKET_BYTES = 188;
export const TS_SYNC_BYTE = 0x47;
/** Sync bytes that must line up, 188 bytes apart, before a position is trusted after a loss of sync. */
const SYNC_CONFIRM_PACKETS = 3;
const CONFIRM_SPAN_BYTES = (SYNC_CONFIRM_PACKETS - 1) * TS_PACKET_BYTES + 1;
/** Bytes taken from a new chunk to stitch onto the carried tail; enough to confirm sync in one pass. */
const STITCH_TAKE_BYTES = 4 * TS_PACKET_BYTES;

/**
 * Receives runs of whole, aligned packets (`run.length` is a multiple of 188). A run is either a view into the
 * chunk given to `push` (no copy) or a fresh copy when it straddles two chunks; it is never reused or mutated by the
 * packetizer. `streamOffset` is the run's position in the input byte stream (garbage included).
 */
export type TsRunHandler = (run: Buffer, streamOffset: number) => void;

/** Counters of a packetizer, all cumulative since construction or reset. */
export interface TsPacketizerStats {
  bytesIn: number;
  packets: number;
  /** Bytes thrown away while looking for sync (garbage, truncated packets). */
  discardedBytes: number;
  /** Times an expected sync byte was missing. */
  syncLosses: number;
  /** Bytes held back waiting for the rest of a packet. */
  pendingBytes: number;
}

/**
 * Packet aligner for the encoder's stdout. Hot path: no per-packet allocation; at most one small copy per chunk
 * (for the packet split across chunk boundaries). The caller must not modify a chunk after pushing it, because runs
 * may be views into it.
 */
export class TsPacketizer {
  private synced = false;
  private readonly carry = Buffer.alloc(TS_PACKET_BYTES * 4);
  private carryLen = 0;
  private readonly stitch = Buffer.alloc(TS_PACKET_BYTES * 4 + STITCH_TAKE_BYTES);
  private bytesIn = 0;
  private packets = 0;
  private discardedBytes = 0;
  private syncLosses = 0;

  constructor(private readonly onRun: TsRunHandler) {}

  /** Feeds the next chunk of the stream; emits every complete packet it can. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    const chunkStreamOffset = this.bytesIn;
    this.bytesIn += chunk.length;
    let offset = 0;
    // Join the carried tail with the head of this chunk in a small scratch buffer until the tail is consumed.
    while (this.carryLen > 0 && offset < chunk.length) {
      const take = Math.min(chunk.length - offset, this.synced ? TS_PACKET_BYTES - this.carryLen : STITCH_TAKE_BYTES);
      const carried = this.carryLen;
      const stitchStreamOffset = chunkStreamOffset + offset - carried;
      this.carry.copy(this.stitch, 0, 0, carried);
      chunk.copy(this.stitch, carried, offset, offset + take);
      const len = carried + take;
      const stop = this.scan(this.stitch, 0, len, stitchStreamOffset, true);
      offset += take;
      if (stop >= carried && offset < chunk.length) {
        // Everything left is in the chunk itself: continue there, without copies.
        offset -= len - stop;
        this.carryLen = 0;
      } else {
        this.stitch.copy(this.carry, 0, stop, len);
        this.carryLen = len - stop;
      }
    }
    if (this.carryLen === 0 && offset < chunk.length) {
      const stop = this.scan(chunk, offset, chunk.length, chunkStreamOffset, false);
      chunk.copy(this.carry, 0, stop, chunk.length);
      this.carryLen = chunk.length - stop;
    }
  }

  /** Forgets partial data and sync (e.g. when the encoder restarts). Counters are kept. */
  reset(): void {
    this.synced = false;
    this.carryLen = 0;
  }

  stats(): TsPacketizerStats {
    return {
      bytesIn: this.bytesIn,
      packets: this.packets,
      discardedBytes: this.discardedBytes,
      syncLosses: this.syncLosses,
      pendingBytes: this.carryLen,
    };
  }

  /**
   * Emits aligned runs found in buf[start, end) and returns where scanning stopped: the start of a partial packet,
   * or of an unconfirmed sync candidate, that needs more bytes. `base` is the stream offset of buf[0].
   */
  private scan(buf: Buffer, start: number, end: number, baseStreamOffset: number, copyRuns: boolean): number {
    let pos = start;
    let runStart = -1;
    for (;;) {
      if (this.synced) {
        if (pos + TS_PACKET_BYTES > end) break;
        if (buf[pos] === TS_SYNC_BYTE) {
          if (runStart < 0) runStart = pos;
          pos += TS_PACKET_BYTES;
          continue;
        }
        // Lost sync: emit what was aligned so far and hunt for the next trustworthy sync byte.
        this.emit(buf, runStart, pos, baseStreamOffset, copyRuns);
        runStart = -1;
        this.synced = false;
        this.syncLosses += 1;
      }
      const found = this.findSync(buf, pos, end);
      this.discardedBytes += found - pos;
      pos = found;
      if (!this.synced) break;
    }
    this.emit(buf, runStart, pos, baseStreamOffset, copyRuns);
    return pos;
  }

  /** Returns the first position whose sync bytes line up for SYNC_CONFIRM_PACKETS packets (sets synced), or where more data is needed. */
  private findSync(buf: Buffer, from: number, end: number): number {
    for (let p = from; p < end; p++) {
      if (buf[p] !== TS_SYNC_BYTE) continue;
      if (p + CONFIRM_SPAN_BYTES > end) return p; // cannot confirm yet: keep the candidate for the next chunk
      let ok = true;
      for (let k = 1; k < SYNC_CONFIRM_PACKETS && ok; k++) ok = buf[p + k * TS_PACKET_BYTES] === TS_SYNC_BYTE;
      if (ok) {
        this.synced = true;
        return p;
      }
    }
    return end;
  }

  private emit(buf: Buffer, from: number, to: number, baseStreamOffset: number, copy: boolean): void {
    if (from < 0 || to <= from) return;
    this.packets += (to - from) / TS_PACKET_BYTES;
    const run = copy ? Buffer.from(buf.subarray(from, to)) : buf.subarray(from, to);
    this.onRun(run, baseStreamOffset + from);
  }
}
