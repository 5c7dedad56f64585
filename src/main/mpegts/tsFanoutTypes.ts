// Contract of the TS fan-out: sink functions, their options, states and counters.

import type { GopCacheStats, KeyframeInfo } from './tsGopCache';
import type { TsPacketizerStats } from './tsPacketizer';

/** Writes one buffer to a sink; returns false when the sink is above its high-water mark (Node Writable semantics:
 * the buffer was still accepted). The buffer is never modified afterwards, so the sink may keep it. */
export type SinkWrite = (buf: Buffer) => boolean;

export interface AddSinkOptions {
  /** Start with PAT + PMT + the cached GOP (or wait for the next keyframe) instead of mid-GOP live bytes. */
  fromGop: boolean;
}

export type SinkState =
  | 'waitKeyframe' // attached, waiting for a keyframe before its first byte
  | 'live' // receives every batch
  | 'congested' // last write returned false: batches are queued until sinkDrained()
  | 'dropping' // congested too long or queue full: batches are discarded until sinkDrained(), then a keyframe
  | 'failed'; // write threw: discarded until removed

export interface SinkStats {
  state: SinkState;
  bytesWritten: number;
  writes: number;
  /** Live bytes this sink never got because of backpressure (queue discarded, dropped batches, wait for a keyframe after a drop). */
  droppedBytes: number;
  /** Live bytes that went by before the sink's first keyframe (not counting the GOP it then received). */
  skippedBytes: number;
  queuedBytes: number;
  congestions: number;
  drops: number;
  /** Bytes of PAT + PMT + GOP written as the sink's first bytes (0 when it started live). */
  gopBytesWritten: number;
}

export interface FanoutSinkEvent {
  role: string;
  kind: 'started' | 'congested' | 'dropped' | 'resumed' | 'restarted' | 'failed';
  detail: string;
}

export interface TsFanoutOptions {
  /** GOP cache bound (default 32 MiB: a 4 s GOP at 50 Mbit/s). */
  maxCacheBytes?: number;
  /** Smaller pieces are merged and held until this many bytes are pending (default 7 × 188). */
  minBatchBytes?: number;
  /** A sink congested longer than this is dropped from (default 3000 ms). */
  maxBackpressureMs?: number;
  /** A sink whose queue would exceed this is dropped from (default 32 MiB: more than 3 s of backpressure at 50 Mbit/s). */
  maxQueuedBytes?: number;
  /** Clock for backpressure timing; inject a fake in tests. */
  nowMs?: () => number;
  onKeyframe?: (info: KeyframeInfo) => void;
  onSinkEvent?: (event: FanoutSinkEvent) => void;
}

export interface TsFanoutStats {
  packetizer: TsPacketizerStats;
  cache: GopCacheStats;
  pendingBytes: number;
  sinks: Record<string, SinkStats>;
}
