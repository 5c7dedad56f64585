// Builds the 1 Hz StatsSnapshot from encoder progress, tap telemetry and the failover policy's view, and says whether we
// are on air (pure).

import { INGEST_ROLES, type BroadcastState, type FailbackCountdown, type BroadcastWarning, type EncoderStats, type IngestRole, type StatsSnapshot, type UplinkState, type UplinkStats } from '../../shared/broadcastTypes';
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
    retransPct: tap ? round(tap.recentRetransPct, 2) : 0,
    retransPctTotal: tap ? round(tap.retransPct, 2) : 0,
    lossPct: tap ? round(tap.recentLossPct, 2) : 0,
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
  onAir: OnAir;
}

/** Whether viewers get our stream now, and if not, why. */
export interface OnAir {
  onAir: boolean;
  reason: string | null;
}

/** An ingest that moved its ACK point within this long is taking our data. */
export const ON_AIR_ACK_WINDOW_MS = 1000;

/**
 * On air means the active ingest acknowledges our data now (its ACKs moved forward within the last second): not
 * "a process runs" or "a handshake happened". Pure: the policy's view and the taps in, the verdict and its reason out.
 */
export function onAirNow(policy: PolicySnapshot, taps: Partial<Record<IngestRole, TapSnapshot>>): OnAir {
  const role = policy.active;
  if (policy.phase !== 'running') return { onAir: false, reason: policy.phase === 'idle' ? 'not started' : 'the broadcast has ended' };
  if (policy.held) return { onAir: false, reason: policy.held };
  if (role === null) {
    const refused = INGEST_ROLES.filter((r) => policy.uplinks[r].state === 'refused');
    if (refused.length > 0 && refused.length === (policy.hasBackup ? 2 : 1)) return { onAir: false, reason: 'every ingest refused the stream' };
    return { onAir: false, reason: 'no ingest carries the stream (connecting or reconnecting)' };
  }
  const tap = taps[role];
  if (!tap || tap.ackAdvancedAgoMs === null) return { onAir: false, reason: `the ${role} ingest has not acknowledged any data yet` };
  if (tap.ackAdvancedAgoMs > ON_AIR_ACK_WINDOW_MS) {
    return { onAir: false, reason: `the ${role} ingest has acknowledged nothing for ${(tap.ackAdvancedAgoMs / 1000).toFixed(1)} s` };
  }
  return { onAir: true, reason: null };
}

/** Seconds until `atMs`, rounded up (never below 0); null when nothing is scheduled. */
function secondsUntil(atMs: number | null, nowMs: number): number | null {
  return atMs === null ? null : Math.max(0, Math.ceil((atMs - nowMs) / 1000));
}

/** While the backup carries a failover-mode broadcast: when the primary is tried again, and when the backup stops. */
export function failbackCountdown(policy: PolicySnapshot, nowMs: number): FailbackCountdown | null {
  if (policy.mode !== 'failover' || policy.active !== 'backup') return null;
  return {
    primaryRetryInS: secondsUntil(policy.uplinks.primary.nextRetryAtMs, nowMs),
    backToPrimaryInS: secondsUntil(policy.overlap?.failbackAtMs ?? null, nowMs),
  };
}

/** One stats line; uplinks that are configured are listed primary first. */
export function buildStatsSnapshot(input: SnapshotInput): StatsSnapshot {
  const roles: IngestRole[] = input.policy.hasBackup ? ['primary', 'backup'] : ['primary'];
  const failback = failbackCountdown(input.policy, input.nowMs);
  return {
    type: 'stats',
    t: round(input.nowMs / 1000, 3),
    state: input.state,
    onAir: input.onAir.onAir,
    onAirReason: input.onAir.reason,
    encoder: { ...input.encoder, fps: round(input.encoder.fps, 1), kbps: round(input.encoder.kbps, 0), speed: round(input.encoder.speed, 3) },
    active: input.policy.active,
    uplinks: roles.map((role) => uplinkStats(role, input.policy.uplinks[role].state, input.taps[role] ?? null)),
    warnings: input.warnings,
    ...(failback !== null ? { failback } : {}),
  };
}
