// Per-uplink bookkeeping of the failover policy: attempts, the ingest's minimum retry gap, back-off and down reasons.

import { type IngestRole, type UplinkDownReason } from '../../shared/broadcastTypes';
import { earliestRetryAtMs, nextRetryDelayMs } from './backoff';
import type { FailoverConfig, PolicyCommand, UplinkSnapshot } from './failoverTypes';

/** A down reason reported by the host, or the local rehearsal's simulated outage. */
export type DownCause = UplinkDownReason | 'simulated';

export function freshUplink(): UplinkSnapshot {
  return {
    state: 'stopped',
    attempts: 0,
    consecutiveFailures: 0,
    lastAttemptAtMs: null,
    nextRetryAtMs: null,
    connectDeadlineMs: null,
    liveSinceMs: null,
    suspectSinceMs: null,
    refusals: 0,
    lastDownReason: null,
  };
}

/** True while a sender runs for this uplink (connecting, live or suspect): a second connection to its URL is forbidden. */
export function isOpen(u: UplinkSnapshot): boolean {
  return u.state === 'connecting' || u.state === 'live' || u.state === 'suspect';
}

/** True while the uplink has a working SRT session (live, or suspect during its grace time). */
export function isUp(u: UplinkSnapshot): boolean {
  return u.state === 'live' || u.state === 'suspect';
}

/**
 * Opens an attempt and returns its startUplink command. Returns null when the uplink is already open (never two
 * connections to one URL) or when the ingest's minimum gap since the previous attempt has not passed; in the latter
 * case the uplink is marked down with its retry at the earliest allowed time.
 */
export function openAttempt(u: UplinkSnapshot, role: IngestRole, nowMs: number, cfg: FailoverConfig, reason: string): PolicyCommand | null {
  if (isOpen(u)) return null;
  const allowedAtMs = u.lastAttemptAtMs === null ? nowMs : u.lastAttemptAtMs + cfg.primaryRetryMinIntervalMs;
  if (nowMs < allowedAtMs) {
    u.state = 'down';
    u.nextRetryAtMs = Math.max(u.nextRetryAtMs ?? allowedAtMs, allowedAtMs);
    return null;
  }
  u.state = 'connecting';
  u.attempts += 1;
  u.lastAttemptAtMs = nowMs;
  u.connectDeadlineMs = nowMs + cfg.connectTimeoutMs;
  u.nextRetryAtMs = null;
  // Every start is fed from the GOP cache (or waits for the next keyframe), so an ingest's first bytes decode.
  return { type: 'startUplink', role, fromGop: true, attempt: u.attempts, reason };
}

/**
 * Records a failure and schedules the retry. The first retry after a working session is due at once; later ones back
 * off from now; none is ever sooner than the ingest's minimum gap after the previous attempt on that URL (so a URL last
 * tried long ago is retried now, not "failure + 10 s"). `noBackoff` (nothing is live: every second counts) keeps only
 * the minimum gap.
 */
export function markDown(u: UplinkSnapshot, cause: DownCause, nowMs: number, cfg: FailoverConfig, noBackoff = false): void {
  // A session that stayed up long enough was a real recovery: start the back-off over.
  if (u.liveSinceMs !== null && nowMs - u.liveSinceMs >= cfg.backoffResetAfterLiveMs) u.consecutiveFailures = 0;
  u.consecutiveFailures += 1;
  u.lastDownReason = cause;
  u.state = 'down';
  u.liveSinceMs = null;
  u.suspectSinceMs = null;
  u.connectDeadlineMs = null;
  const delayMs = noBackoff || u.consecutiveFailures <= 1 ? 0 : nextRetryDelayMs(u.consecutiveFailures - 1, cfg.retryBackoff, cfg.random);
  u.nextRetryAtMs = earliestRetryAtMs({ failedAtMs: nowMs, delayMs, lastAttemptAtMs: u.lastAttemptAtMs, minIntervalMs: cfg.primaryRetryMinIntervalMs });
}

/** Clears timers and the back-off of an uplink that is parked (standby), finished (stopped) or given up on (refused). */
export function parkUplink(u: UplinkSnapshot, state: 'standby' | 'stopped' | 'refused'): void {
  u.state = state;
  u.nextRetryAtMs = null;
  u.connectDeadlineMs = null;
  u.liveSinceMs = null;
  u.suspectSinceMs = null;
  if (state === 'standby') u.consecutiveFailures = 0;
}

/**
 * A new URL or passphrase for this uplink: the ingest's minimum gap counts attempts on one URL, and refusals and the
 * back-off were about the old credentials, so all three start over. Timers are cleared; the caller decides what runs next.
 */
export function renewUplink(u: UplinkSnapshot): void {
  u.lastAttemptAtMs = null;
  u.refusals = 0;
  u.consecutiveFailures = 0;
  u.lastDownReason = null;
  u.nextRetryAtMs = null;
  u.connectDeadlineMs = null;
  u.liveSinceMs = null;
  u.suspectSinceMs = null;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A human sentence for a failure, e.g. "primary went silent (no packets for 0.8 s)". */
export function describeDown(role: IngestRole, cause: DownCause, detail: string | undefined, connectTimeoutMs: number): string {
  const base: Record<DownCause, string> = {
    silent: `${role} went silent`,
    closed: `${role} connection closed`,
    rejected: `${role} was rejected by the ingest`,
    'process-exit': `${role} sender process exited`,
    'connect-timeout': `${role} got no answer to its SRT handshake within ${seconds(connectTimeoutMs)}`,
    simulated: `${role} outage simulated`,
  };
  // The sender's own handshake timeout says how long it waited: its sentence replaces the policy's deadline.
  if (cause === 'connect-timeout' && detail) return `${role} got no answer to its SRT handshake ${detail}`;
  return detail ? `${base[cause]} (${detail})` : base[cause];
}
