// Builds the 1 Hz StatsSnapshot from encoder progress, tap telemetry and the failover policy's view (pure).

import type { BroadcastState, BroadcastWarning, EncoderStats, IngestRole, StatsSnapshot, UplinkState, UplinkStats } from '../../shared/broadcastTypes';
import type { TapSnapshot } from '../srt/tapTypes';
import type { PolicySnapshot } from '../failover/failoverTypes';

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
  state: BroadcastState;
  encoder: EncoderStats;
  policy: PolicySnapshot;
  taps: Partial<Record<IngestRole, TapSnapshot>>;
  warnings: BroadcastWarning[];
}

/** One stats line; uplinks that are configured are listed primary first. */
export function buildStatsSnapshot(input: SnapshotInput): StatsSnapshot {
  const roles: IngestRole[] = input.policy.hasBackup ? ['primary', 'backup'] : ['primary'];
  return {
    type: 'stats',
    t: round(input.nowMs / 1000, 3),
    state: input.state,
    encoder: { ...input.encoder, fps: round(input.encoder.fps, 1), kbps: round(input.encoder.kbps, 0), speed: round(input.encoder.speed, 3) },
    active: input.policy.active,
    uplinks: roles.map((role) => uplinkStats(role, input.policy.uplinks[role].state, input.taps[role] ?? null)),
    warnings: input.warnings,
  };
}
