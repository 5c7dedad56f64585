// What the on-air bar and the backup banner say, from the engine's own state only (pure): on air or not and why, the
// carrying ingest, the link's health from main's warnings, and while on the backup the reason and the countdowns.

import type { BroadcastEvent, IngestRole, StatsSnapshot, WarningSeverity } from '../../../shared/broadcastTypes';
import type { BroadcastStatus } from '../../../shared/ipcContract';

export type OnAirTone = 'onAir' | 'notOnAir' | 'starting' | 'stopped';

export interface OnAirView {
  tone: OnAirTone;
  /** In capitals, read from across the desk. */
  label: string;
  /** Why not on air (the engine's sentence), or null. */
  reason: string | null;
  /** What to do about it, or null. */
  fix: string | null;
  /** Whether a broadcast runs (elapsed time, ingest, bitrate and health are shown). */
  running: boolean;
}

/** What to do for a not-on-air reason the engine gave; a plain next step, never a terminal command. */
export function fixForReason(reason: string): string {
  if (/refused/i.test(reason)) return 'Check the stream key: reset it under Streams, check that the stream is active, then Go live again.';
  if (/disabled|deleted|pull/i.test(reason)) return 'Switch the stream back on (or back to push) under Streams, or pick another stream.';
  if (/acknowledged/i.test(reason)) return 'The ingest is not taking the data: check the upload connection, or lower the bitrate.';
  if (/encoder/i.test(reason)) return 'Check the source and the encoder under Diagnostics, then Go live again.';
  if (/connecting|reconnecting/i.test(reason)) return 'Wait a few seconds; if it stays, check the network connection.';
  return 'See the events on the Broadcast screen; Stop and Go live again if it does not come back.';
}

/**
 * The reason's first clause, for the bar read from across the desk: the engine's sentences carry nested details and
 * the CLI's own advice after a semicolon (the bar gives the app's fix instead); the whole sentence stays in the bar's
 * tooltip, the event log and the session report.
 */
export function reasonHeadline(reason: string): string {
  const cut = reason.search(/ \(|; /);
  return (cut > 0 ? reason.slice(0, cut) : reason).replace(/\.$/, '');
}

/** The bar's verdict. Between state changes the latest snapshot's `onAir` decides (it is the ACK-based truth). */
export function onAirView(status: BroadcastStatus | null, latest: StatsSnapshot | undefined): OnAirView {
  const notOnAir = (reason: string | null, running: boolean): OnAirView => ({
    tone: 'notOnAir',
    label: 'NOT ON AIR',
    reason,
    fix: reason === null ? null : fixForReason(reason),
    running,
  });
  if (status === null) return { tone: 'stopped', label: 'CHECKING…', reason: null, fix: null, running: false };
  switch (status.state) {
    case 'starting':
      return { tone: 'starting', label: 'STARTING', reason: status.reason, fix: null, running: true };
    case 'live':
    case 'notOnAir': {
      const onAir = latest !== undefined && (latest.state === 'live' || latest.state === 'notOnAir') ? latest.onAir : status.state === 'live';
      if (onAir) return { tone: 'onAir', label: 'ON AIR', reason: null, fix: null, running: true };
      return notOnAir(latest?.onAirReason ?? status.reason ?? 'no ingest carries the stream', true);
    }
    case 'stopping':
      return { tone: 'stopped', label: 'STOPPING', reason: null, fix: null, running: true };
    case 'failed':
      // It ended by itself (every ingest refused the key, the encoder died): not on air, with the reason.
      return notOnAir(status.reason ?? 'the broadcast ended', false);
    default:
      return { tone: 'stopped', label: 'STOPPED', reason: null, fix: null, running: false };
  }
}

/** The carrying ingest as the bar colours it: primary green, backup amber, none red. */
export function ingestTone(active: IngestRole | null): 'good' | 'warn' | 'bad' {
  return active === 'primary' ? 'good' : active === 'backup' ? 'warn' : 'bad';
}

/** The worst severity among main's warnings, or null when all is well. */
export function worstSeverity(severities: readonly WarningSeverity[]): WarningSeverity | null {
  if (severities.includes('critical')) return 'critical';
  if (severities.includes('warning')) return 'warning';
  return severities.includes('info') ? 'info' : null;
}

export interface BackupView {
  /** The failover event's sentence: why the backup carries the stream. */
  reason: string | null;
  primaryRetryInS: number | null;
  backToPrimaryInS: number | null;
  /** The newest event of the broadcast (not a state change): what happened last. */
  latestEvent: BroadcastEvent | null;
}

const SWITCHES: ReadonlySet<BroadcastEvent['kind']> = new Set(['failover', 'failback']);

/**
 * Set from the failover until the failback: while the backup carries the stream, or after a failover that no failback
 * has answered yet and the primary does not carry it (the primary "connecting" again is not the end of it).
 */
export function backupView(running: boolean, latest: StatsSnapshot | undefined, events: readonly BroadcastEvent[]): BackupView | null {
  if (!running || latest === undefined || latest.active === 'primary') return null;
  const lastSwitch = events.findLast((e) => SWITCHES.has(e.kind));
  if (latest.active !== 'backup' && lastSwitch?.kind !== 'failover') return null;
  return {
    // What broke, without the rest of the engine's sentence ("the backup carries the stream; primary retry now"): the
    // banner says that itself and counts the retry down, so a frozen "retry now" would contradict it.
    reason: lastSwitch?.kind === 'failover' ? (lastSwitch.detail.split('; ')[0] ?? lastSwitch.detail) : null,
    primaryRetryInS: latest.failback?.primaryRetryInS ?? null,
    backToPrimaryInS: latest.failback?.backToPrimaryInS ?? null,
    // Not the failover itself: "Why" already says it.
    latestEvent: events.findLast((e) => e.kind !== 'state' && e !== lastSwitch) ?? null,
  };
}
