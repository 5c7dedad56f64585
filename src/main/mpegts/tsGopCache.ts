// Keeps PAT, PMT and the MPEG-TS packets since the last video keyframe, so a newly started uplink begins decodable.

import { KeyframeProbe } from './tsKeyframe';
import { TS_PACKET_BYTES } from './tsPacketizer';
import { PAT_PID, TsProgramTracker, tsPid, type TsVideoCodec } from './tsPsi';

export { TsPacketizer, TS_PACKET_BYTES, type TsPacketizerStats, type TsRunHandler } from './tsPacketizer';
export type { TsVideoCodec } from './tsPsi';

/**
 * Room for one GOP of a 4K-class stream: 50 Mbit/s with 4 s keyframes is 25 MB. The arena grows only as far as the
 * GOPs really need (an 800 kbps stream with 2 s GOPs holds about 200 kB).
 */
export const DEFAULT_GOP_CACHE_MAX_BYTES = 32 * 1024 * 1024;
const INITIAL_ARENA_BYTES = 1024 * 1024;

/** A video random-access point, reported once both signals have had their say. */
export interface KeyframeInfo {
  /** Position of the PES's first TS packet in the packetizer's input stream (ffprobe's packet `pos`). */
  streamOffset: number;
  /** The adaptation field's random_access_indicator was set. */
  rai: boolean;
  /** An IRAP/VPS (HEVC) or IDR/SPS (H.264) NAL unit opened the access unit; null if the PES could not be parsed. */
  irapNal: boolean | null;
}

export interface GopCacheOptions {
  /** Upper bound of the cached GOP; a longer GOP is dropped and the cache waits for the next keyframe. */
  maxBytes?: number;
  onKeyframe?: (info: KeyframeInfo) => void;
}

export interface GopCacheStats {
  videoPid: number;
  codec: TsVideoCodec | null;
  /** Bytes of the GOP held now (PAT/PMT prefix not included). */
  gopBytes: number;
  /** True when a snapshot would start at a keyframe. */
  ready: boolean;
  keyframes: number;
  keyframesWithRai: number;
  keyframesWithIrapNal: number;
  /** GOPs dropped because they outgrew maxBytes. */
  overflows: number;
  psiCrcErrors: number;
}

/**
 * Inspects aligned packet runs (from TsPacketizer) and caches the current GOP in one reusable arena. A keyframe
 * flagged by random_access_indicator restarts the cache at once; a PES without the flag is held as a candidate until
 * its NAL units decide, then either becomes the GOP start (moved to the arena's front) or stays part of the GOP.
 */
export class GopCache {
  /** Increments whenever a new GOP start is established; lets a waiting sink know a keyframe came by. */
  gopSerial = 0;
  private readonly maxBytes: number;
  private arena: Buffer;
  private write = 0;
  private valid = false;
  private candidate = -1; // arena offset of an undecided video PES start
  private pesStreamOffset = 0;
  private pesReported = true;
  private readonly program = new TsProgramTracker();
  private programVersion = 0;
  private probe: KeyframeProbe | null = null;
  private keyframes = 0;
  private keyframesWithRai = 0;
  private keyframesWithIrapNal = 0;
  private overflows = 0;

  constructor(private readonly options: GopCacheOptions = {}) {
    this.maxBytes = Math.max(TS_PACKET_BYTES, Math.floor(options.maxBytes ?? DEFAULT_GOP_CACHE_MAX_BYTES));
    this.arena = Buffer.allocUnsafe(Math.min(this.maxBytes, INITIAL_ARENA_BYTES));
  }

  /** Feeds a run of whole aligned packets; `streamOffset` is its position in the input stream. */
  ingest(run: Buffer, streamOffset: number): void {
    let copyFrom = this.collecting() ? 0 : -1;
    for (let off = 0; off + TS_PACKET_BYTES <= run.length; off += TS_PACKET_BYTES) {
      const pid = tsPid(run, off);
      if (this.program.isTablePid(pid)) {
        this.program.inspect(run, off, pid);
        if (this.program.programVersion !== this.programVersion) {
          this.programVersion = this.program.programVersion;
          this.dropGop();
          this.probe = this.program.codec ? new KeyframeProbe(this.program.codec) : null;
          copyFrom = -1;
        }
        continue;
      }
      const probe = this.probe;
      if (pid !== this.program.videoPid || !probe) continue;
      if ((run[off + 1]! & 0x40) !== 0) {
        // A new access unit: settle the previous one, then classify this one.
        if (probe.scanning) {
          probe.endPes();
          copyFrom = this.settle(probe, run, copyFrom, off);
        }
        probe.startPes(run, off);
        this.pesStreamOffset = streamOffset + off;
        this.pesReported = false;
        if (probe.rai) {
          this.write = 0; // the previous GOP is no longer needed
          this.valid = true;
          this.candidate = -1;
          this.gopSerial += 1;
          copyFrom = off;
        } else {
          copyFrom = this.flush(run, copyFrom, off);
          if (!this.valid) this.write = 0;
          this.candidate = this.write;
          copyFrom = off;
        }
        if (!probe.scanning) copyFrom = this.settle(probe, run, copyFrom, off + TS_PACKET_BYTES);
      } else if (probe.scanning) {
        probe.continuePes(run, off);
        if (!probe.scanning) copyFrom = this.settle(probe, run, copyFrom, off + TS_PACKET_BYTES);
      }
    }
    this.flush(run, copyFrom, run.length);
  }

  /**
   * PAT + PMT + the GOP since the last keyframe, as one fresh buffer the caller may keep; null before the first
   * keyframe or after an overflow. The table copies get continuity counters that lead into the GOP's own tables.
   */
  snapshot(): Buffer | null {
    const tables = this.program.tables();
    if (!this.valid || !tables) return null;
    const headerBytes = tables.pat.length + tables.pmt.length;
    const out = Buffer.allocUnsafe(headerBytes + this.write);
    tables.pat.copy(out, 0);
    tables.pmt.copy(out, tables.pat.length);
    this.arena.copy(out, headerBytes, 0, this.write);
    this.alignContinuity(out, 0, tables.pat.length, PAT_PID, headerBytes);
    this.alignContinuity(out, tables.pat.length, headerBytes, this.program.pmtPid, headerBytes);
    return out;
  }

  /**
   * The input starts over (a new encoder process): forget the GOP and any undecided frame, so nothing of the old
   * stream is handed out again; the next keyframe starts the cache (and bumps gopSerial) as usual.
   */
  restart(): void {
    this.dropGop();
    this.probe = this.program.codec ? new KeyframeProbe(this.program.codec) : null;
    this.pesReported = true;
  }

  /** Bytes of the GOP held now (without the PAT/PMT prefix a snapshot adds). */
  gopBytes(): number {
    return this.write;
  }

  stats(): GopCacheStats {
    return {
      videoPid: this.program.videoPid,
      codec: this.program.codec,
      gopBytes: this.write,
      ready: this.valid && this.program.tables() !== null,
      keyframes: this.keyframes,
      keyframesWithRai: this.keyframesWithRai,
      keyframesWithIrapNal: this.keyframesWithIrapNal,
      overflows: this.overflows,
      psiCrcErrors: this.program.crcErrors(),
    };
  }

  private collecting(): boolean {
    return this.valid || this.candidate >= 0;
  }

  /** The probe has a verdict for the PES that started at pesStreamOffset: report it and resolve a pending candidate. */
  private settle(probe: KeyframeProbe, run: Buffer, copyFrom: number, upTo: number): number {
    let next = this.flush(run, copyFrom, upTo);
    if (this.candidate >= 0) {
      if (probe.verdict === true) {
        // Belated keyframe (no RAI): make it the GOP start.
        this.arena.copyWithin(0, this.candidate, this.write);
        this.write -= this.candidate;
        this.valid = true;
        this.gopSerial += 1;
      } else if (!this.valid) {
        this.write = 0;
      }
      this.candidate = -1;
      next = this.collecting() ? upTo : -1;
    }
    if (!this.pesReported) {
      this.pesReported = true;
      if (probe.isKey()) {
        this.keyframes += 1;
        if (probe.rai) this.keyframesWithRai += 1;
        if (probe.verdict === true) this.keyframesWithIrapNal += 1;
        this.options.onKeyframe?.({ streamOffset: this.pesStreamOffset, rai: probe.rai, irapNal: probe.verdict });
      }
    }
    return next;
  }

  /** Appends run[from, to) to the arena; returns where copying continues (to), or -1 after an overflow. */
  private flush(run: Buffer, from: number, to: number): number {
    if (from < 0) return -1;
    const len = to - from;
    if (len <= 0) return to;
    if (this.write + len > this.maxBytes) {
      this.overflows += 1;
      this.dropGop();
      return -1;
    }
    if (this.write + len > this.arena.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.maxBytes, Math.max(this.arena.length * 2, this.write + len)));
      this.arena.copy(grown, 0, 0, this.write);
      this.arena = grown;
    }
    run.copy(this.arena, this.write, from, to);
    this.write += len;
    return to;
  }

  private dropGop(): void {
    this.write = 0;
    this.valid = false;
    this.candidate = -1;
  }

  /** Renumbers the continuity counters of out[from,to) (packets of `pid`) so they precede the first such packet after `gopStart`. */
  private alignContinuity(out: Buffer, from: number, to: number, pid: number, gopStart: number): void {
    let firstCc = -1;
    for (let off = gopStart; off + TS_PACKET_BYTES <= out.length; off += TS_PACKET_BYTES) {
      if (tsPid(out, off) === pid) {
        firstCc = out[off + 3]! & 0x0f;
        break;
      }
    }
    if (firstCc < 0) return; // no table inside the GOP: the latest copies already precede the next live ones
    const count = (to - from) / TS_PACKET_BYTES;
    for (let i = 0; i < count; i++) {
      const off = from + i * TS_PACKET_BYTES;
      const cc = (firstCc - count + i + 16) & 0x0f;
      out[off + 3] = (out[off + 3]! & 0xf0) | cc;
    }
  }
}
