// Turns the encoder's cumulative progress blocks into rates (pure): kbps from the bytes written since the previous
// block, and zeros once no block came for a while, so a stalled encoder never looks like a working one.

import type { EncoderStats } from '../../shared/broadcastTypes';
import type { EncoderProgress } from '../ffmpeg/progressParser';

export class EncoderRates {
  private last: { atMs: number; totalBytes: number } | null = null;
  private lastUpdateAtMs: number | null = null;
  private current: Omit<EncoderStats, 'restarts'> = { fps: 0, kbps: 0, speed: 0, dropped: 0, duplicated: 0 };

  /** A new encoder process: its byte counter starts from 0 again (its drop counters too). */
  restart(): void {
    this.last = null;
    this.lastUpdateAtMs = null;
  }

  update(progress: EncoderProgress, nowMs: number): void {
    let kbps = this.current.kbps;
    if (progress.totalBytes !== null) {
      if (this.last && nowMs > this.last.atMs && progress.totalBytes >= this.last.totalBytes) {
        kbps = ((progress.totalBytes - this.last.totalBytes) * 8) / (nowMs - this.last.atMs);
      } else if (progress.bitrateKbps !== null) {
        kbps = progress.bitrateKbps;
      }
      this.last = { atMs: nowMs, totalBytes: progress.totalBytes };
    }
    this.lastUpdateAtMs = nowMs;
    this.current = {
      fps: progress.fps ?? this.current.fps,
      kbps,
      speed: progress.speed ?? this.current.speed,
      dropped: progress.dropFrames ?? this.current.dropped,
      duplicated: progress.dupFrames ?? this.current.duplicated,
    };
  }

  /** The rates now; fps, kbps and speed read 0 when the last progress block is older than `staleAfterMs`. */
  stats(nowMs: number, staleAfterMs: number, restarts: number): EncoderStats {
    const stale = this.lastUpdateAtMs === null || nowMs - this.lastUpdateAtMs > staleAfterMs;
    return stale ? { ...this.current, fps: 0, kbps: 0, speed: 0, restarts } : { ...this.current, restarts };
  }
}
