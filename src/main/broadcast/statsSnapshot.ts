// Builds the 1 Hz StatsSnapshot from encoder progress, tap telemetry and the failover policy's view (pure).

import type { EncoderStats, IngestRole, StatsSnapshot, UplinkState, UplinkStats } from '../../shared/broadcastTypes';
import type { EncoderProgress } from '../ffmpeg/progressParser';
import type { TapSnapshot } from '../srt/tapTypes';
import type { PolicySnapshot } from '../failover/failoverTypes';

/** Turns cumulative encoder progress into rates: kbps from the bytes written since the previous block. */
export class EncoderRates {
  private last: { atMs: number; totalBytes: number } | null = null;
  private current: EncoderStats = { fps: 0, kbps: 0, speed: 0, dropped: 0, duplicated: 0 };

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
    this.current = {
      fps: progress.fps ?? this.current.fps,
      kbps,
      speed: progress.speed ?? this.current.speed,
      dropped: progress.dropFrames ?? this.current.dropped,
      duplicated: progress.dupFrames ?? this.current.duplicated,
    };
  }

  stats(): EncoderStats {
    return { ...this.current };
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function uplinkStats(role: IngestRole, state: UplinkState, tap: TapSnapshot | null): UplinkStats {
  const live = state === 'live' && tap !== null;
  return {
    role,
    state,
    rttMs: live && tap.rttMs !== null ? round(tap.rttMs, 1) : null,
    sendKbps: tap ? round(tap.sendKbps, 0) : 0,
    retransPct: tap ? round(tap.retransPct, 2) : 0,
    lostPkts: tap?.lostPkts ?? 0,
    linkCapacityKbps: live && tap.linkCapacityKbps !== null ? round(tap.linkCapacityKbps, 0) : null,
    sendBufferMs: live && tap.sendBufferMs !== null ? round(tap.sendBufferMs, 0) : null,
  };
}

export interface SnapshotInput {
  nowMs: number;
  encoder: EncoderStats;
  policy: PolicySnapshot;
  taps: Partial<Record<IngestRole, TapSnapshot>>;
}

/** One stats line; uplinks that are configured are listed primary first. */
export function buildStatsSnapshot(input: SnapshotInput): StatsSnapshot {
  const roles: IngestRole[] = input.policy.hasBackup ? ['primary', 'backup'] : ['primary'];
  return {
    type: 'stats',
    t: round(input.nowMs / 1000, 3),
    encoder: { ...input.encoder, fps: round(input.encoder.fps, 1), kbps: round(input.encoder.kbps, 0), speed: round(input.encoder.speed, 3) },
    active: input.policy.active,
    uplinks: roles.map((role) => uplinkStats(role, input.policy.uplinks[role].state, input.taps[role] ?? null)),
  };
}
