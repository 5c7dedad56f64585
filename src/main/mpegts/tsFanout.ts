// Fans the encoder's MPEG-TS out to one sink per uplink: aligned batches, a GOP-cached start, and bounded backpressure.

import type { AddSinkOptions, FanoutSinkEvent, SinkState, SinkStats, SinkWrite, TsFanoutOptions, TsFanoutStats } from './tsFanoutTypes';
import { TsContinuityStitcher } from './tsContinuity';
import { GopCache } from './tsGopCache';
import { tsPid } from './tsPsi';
import { TS_PACKET_BYTES, TsPacketizer } from './tsPacketizer';

export type * from './tsFanoutTypes';

interface Sink extends SinkStats {
  write: SinkWrite;
  queue: Buffer[];
  congestedSinceMs: number;
  /** gopSerial up to which the sink has (or had) its data; it resumes at a GOP newer than this. */
  serialAtCut: number;
  afterDrop: boolean;
  /** The input restarted while this sink was congested: after its queue drains it waits for a keyframe. */
  restartPending: boolean;
  /** Continues the continuity counters across this sink's splices (senders pass the bytes to the ingest unparsed). */
  continuity: TsContinuityStitcher;
  /** Set by {@link TsFanout.endSinkAtFrame}: called, and the sink removed, once the current video frame is complete. */
  onEnded: (() => void) | null;
}

/**
 * One per broadcast, fed from the encoder's stdout. Synchronous and I/O-free: sinks are functions, and a slow or
 * broken sink never blocks the encoder or the other sinks. Pushed chunks must not be modified afterwards (batches
 * may be views into them).
 */
export class TsFanout {
  private readonly packetizer: TsPacketizer;
  private readonly cache: GopCache;
  private readonly sinks = new Map<string, Sink>();
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private readonly minBatchBytes: number;
  private readonly maxBackpressureMs: number;
  private readonly maxQueuedBytes: number;
  private readonly now: () => number;

  constructor(private readonly options: TsFanoutOptions = {}) {
    this.cache = new GopCache({ maxBytes: options.maxCacheBytes, onKeyframe: options.onKeyframe });
    this.packetizer = new TsPacketizer((run, streamOffset) => {
      this.cache.ingest(run, streamOffset);
      this.batch.push(run);
      this.batchBytes += run.length;
    });
    this.minBatchBytes = Math.max(TS_PACKET_BYTES, options.minBatchBytes ?? 7 * TS_PACKET_BYTES);
    this.maxBackpressureMs = options.maxBackpressureMs ?? 3_000;
    this.maxQueuedBytes = options.maxQueuedBytes ?? 32 * 1024 * 1024;
    this.now = options.nowMs ?? Date.now;
  }

  /** Feeds encoder output (any chunking). */
  push(chunk: Buffer): void {
    this.packetizer.push(chunk);
    if (this.batchBytes >= this.minBatchBytes) this.flush();
    const nowMs = this.now();
    for (const [role, s] of this.sinks) {
      if (s.state === 'congested' && nowMs - s.congestedSinceMs > this.maxBackpressureMs) {
        this.drop(role, s, `backpressure for more than ${this.maxBackpressureMs} ms`);
      }
    }
    this.promoteWaiting();
  }

  /**
   * The encoder was restarted: its output starts over. Pending whole packets of the old stream are delivered, a
   * partial one is discarded, and every sink waits for the new stream's first keyframe (getting PAT + PMT + that GOP),
   * so no sender sees the new stream begin mid-frame. A congested sink keeps its queue of old data and waits for the
   * keyframe once it drains.
   */
  restartInput(): void {
    this.flush();
    this.packetizer.reset();
    this.cache.restart();
    for (const [role, s] of this.sinks) {
      s.serialAtCut = this.cache.gopSerial;
      if (s.state === 'live') {
        s.state = 'waitKeyframe';
        this.emit(role, 'restarted', 'the encoder restarted; waiting for its first keyframe');
      } else if (s.state === 'congested') {
        s.restartPending = true;
      }
    }
  }

  /** Delivers pending bytes now, even below minBatchBytes (e.g. when the encoder ends). */
  flush(): void {
    if (this.batchBytes === 0) return;
    const pieces = this.mergeSmall(this.batch);
    this.batch = [];
    this.batchBytes = 0;
    for (const piece of pieces) {
      for (const [role, s] of this.sinks) this.deliver(role, s, piece);
    }
  }

  /**
   * Attaches a sink. With fromGop it first gets PAT + PMT + the cached GOP as one buffer, or waits for the next
   * keyframe when nothing is cached; without, it gets live batches from now on. One sink per role.
   */
  addSink(role: string, write: SinkWrite, options: AddSinkOptions): SinkStats {
    if (this.sinks.has(role)) throw new Error(`TsFanout: a sink for ${role} is already attached; remove it first.`);
    this.flush(); // pending bytes are in the cache already: deliver them to the others before a snapshot is taken
    const s: Sink = {
      write,
      state: options.fromGop ? 'waitKeyframe' : 'live',
      bytesWritten: 0,
      writes: 0,
      droppedBytes: 0,
      skippedBytes: 0,
      queuedBytes: 0,
      congestions: 0,
      drops: 0,
      gopBytesWritten: 0,
      queue: [],
      congestedSinceMs: 0,
      serialAtCut: this.cache.stats().ready ? this.cache.gopSerial - 1 : this.cache.gopSerial,
      afterDrop: false,
      restartPending: false,
      continuity: new TsContinuityStitcher(),
      onEnded: null,
    };
    this.sinks.set(role, s);
    if (!options.fromGop) this.emit(role, 'started', 'started with live packets');
    this.promoteWaiting();
    return this.publicStats(s);
  }

  /** Detaches a sink and returns its final counters (undefined if unknown). */
  /**
   * Ends a live sink on a whole frame: it still gets the bytes up to the next video PES start (the rest of the frame
   * being written now), then it is removed and `onEnded` runs. A sink that is not live (or a stream without a known
   * video PID) ends at once. The caller bounds the wait (an encoder that has stopped sends no next frame).
   */
  endSinkAtFrame(role: string, onEnded: () => void): void {
    const s = this.sinks.get(role);
    if (!s || s.state !== 'live' || this.cache.stats().videoPid < 0) {
      this.sinks.delete(role);
      onEnded();
      return;
    }
    s.onEnded = onEnded;
  }

  removeSink(role: string): SinkStats | undefined {
    const s = this.sinks.get(role);
    if (!s) return undefined;
    this.sinks.delete(role);
    return this.publicStats(s);
  }

  /** Tells the fan-out a sink can take data again (its Writable emitted 'drain'). */
  sinkDrained(role: string): void {
    const s = this.sinks.get(role);
    if (!s) return;
    if (s.state === 'congested') {
      s.state = 'live';
      while (s.queue.length > 0 && s.state === 'live') {
        const buf = s.queue.shift()!;
        s.queuedBytes -= buf.length;
        this.writeTo(role, s, buf);
      }
      if (s.restartPending && s.state === 'live' && s.queue.length === 0) {
        s.restartPending = false;
        s.state = 'waitKeyframe';
        this.promoteWaiting();
      }
    } else if (s.state === 'dropping') {
      s.state = 'waitKeyframe';
      s.afterDrop = true;
      this.promoteWaiting();
    }
  }

  sinkStats(role: string): SinkStats | undefined {
    const s = this.sinks.get(role);
    return s ? this.publicStats(s) : undefined;
  }

  stats(): TsFanoutStats {
    const sinks: Record<string, SinkStats> = {};
    for (const [role, s] of this.sinks) sinks[role] = this.publicStats(s);
    return { packetizer: this.packetizer.stats(), cache: this.cache.stats(), pendingBytes: this.batchBytes, sinks };
  }

  /** The GOP cache's current snapshot (PAT + PMT + GOP), e.g. for a local recorder; null before the first keyframe. */
  snapshot(): Buffer | null {
    return this.cache.snapshot();
  }

  private deliver(role: string, s: Sink, buf: Buffer): void {
    switch (s.state) {
      case 'live':
        if (s.onEnded) this.writeUntilNextFrame(role, s, buf);
        else this.writeTo(role, s, buf);
        return;
      case 'congested':
        if (s.restartPending) {
          s.droppedBytes += buf.length; // the new stream reaches this sink from its first keyframe, after the queue
          return;
        }
        if (s.queuedBytes + buf.length > this.maxQueuedBytes) {
          this.drop(role, s, `queue would exceed ${this.maxQueuedBytes} bytes`);
          s.droppedBytes += buf.length;
          return;
        }
        s.queue.push(buf);
        s.queuedBytes += buf.length;
        return;
      case 'waitKeyframe':
        if (s.afterDrop) s.droppedBytes += buf.length;
        else s.skippedBytes += buf.length;
        return;
      default:
        s.droppedBytes += buf.length;
    }
  }

  private writeTo(role: string, s: Sink, buf: Buffer): void {
    let ok: boolean;
    try {
      ok = s.write(s.continuity.stitch(buf));
    } catch (error) {
      // A sink that throws (e.g. a destroyed pipe) must not take the encoder or the other uplink down with it.
      s.state = 'failed';
      s.droppedBytes += buf.length + s.queuedBytes;
      s.queue = [];
      s.queuedBytes = 0;
      this.emit(role, 'failed', `write failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    s.bytesWritten += buf.length;
    s.writes += 1;
    if (!ok) {
      s.state = 'congested';
      s.congestedSinceMs = this.now();
      s.congestions += 1;
      s.serialAtCut = this.cache.gopSerial;
      this.emit(role, 'congested', 'sink is above its high-water mark; queueing');
    }
  }

  /** For a sink being ended: writes `buf` up to the first packet that starts a video PES, then ends the sink. */
  private writeUntilNextFrame(role: string, s: Sink, buf: Buffer): void {
    const videoPid = this.cache.stats().videoPid;
    let cut = -1;
    for (let off = 0; off + TS_PACKET_BYTES <= buf.length; off += TS_PACKET_BYTES) {
      if ((buf[off + 1]! & 0x40) !== 0 && tsPid(buf, off) === videoPid) {
        cut = off;
        break;
      }
    }
    if (cut !== 0) this.writeTo(role, s, cut < 0 ? buf : buf.subarray(0, cut));
    if (cut < 0) return;
    const ended = s.onEnded;
    this.sinks.delete(role);
    ended?.();
  }

  private drop(role: string, s: Sink, why: string): void {
    s.droppedBytes += s.queuedBytes;
    s.queue = [];
    s.queuedBytes = 0;
    s.state = 'dropping';
    s.drops += 1;
    this.emit(role, 'dropped', `${why}; dropping its packets until it drains, then resuming at a keyframe`);
  }

  /** Starts waiting sinks whose keyframe has come: PAT + PMT + GOP, then live batches. */
  private promoteWaiting(): void {
    for (const [role, s] of this.sinks) {
      if (s.state !== 'waitKeyframe' || this.cache.gopSerial <= s.serialAtCut) continue;
      const snap = this.cache.snapshot();
      if (!snap) continue;
      this.flush(); // everything in the snapshot must not reach this sink a second time through the batch
      // The GOP part was counted as skipped/dropped while it went by; the sink gets it now after all.
      const gopBytes = this.cache.gopBytes();
      if (s.afterDrop) s.droppedBytes = Math.max(0, s.droppedBytes - gopBytes);
      else s.skippedBytes = Math.max(0, s.skippedBytes - gopBytes);
      s.state = 'live';
      if (s.bytesWritten > 0) s.continuity.splice(); // a restart or a resume after a drop: the counters carry on
      s.gopBytesWritten += snap.length;
      this.writeTo(role, s, snap);
      if ((s.state as SinkState) === 'failed') continue; // writeTo changed it
      this.emit(role, s.afterDrop ? 'resumed' : 'started', `started at a keyframe with ${snap.length} cached bytes`);
      s.afterDrop = false;
    }
  }

  private mergeSmall(runs: Buffer[]): Buffer[] {
    if (runs.length === 1) return runs;
    const out: Buffer[] = [];
    let small: Buffer[] = [];
    let smallBytes = 0;
    const takeSmall = (): void => {
      if (small.length === 1) out.push(small[0]!);
      else if (small.length > 1) out.push(Buffer.concat(small, smallBytes));
      small = [];
      smallBytes = 0;
    };
    for (const run of runs) {
      if (run.length >= this.minBatchBytes) {
        takeSmall();
        out.push(run);
      } else {
        small.push(run);
        smallBytes += run.length;
        if (smallBytes >= this.minBatchBytes) takeSmall();
      }
    }
    takeSmall();
    return out;
  }

  private publicStats(s: Sink): SinkStats {
    return {
      state: s.state,
      bytesWritten: s.bytesWritten,
      writes: s.writes,
      droppedBytes: s.droppedBytes,
      skippedBytes: s.skippedBytes,
      queuedBytes: s.queuedBytes,
      congestions: s.congestions,
      drops: s.drops,
      gopBytesWritten: s.gopBytesWritten,
    };
  }

  private emit(role: string, kind: FanoutSinkEvent['kind'], detail: string): void {
    this.options.onSinkEvent?.({ role, kind, detail });
  }
}
