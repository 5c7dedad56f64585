// Plain-language warnings from the recent stats snapshots: RTT near latency, send buffer filling, slow encoder, uplink down.

import type { StatsSnapshot } from '../../../shared/broadcastTypes';

/** RTT above this share of the SRT latency leaves too little room for retransmissions. */
export const RTT_WARN_FRACTION = 0.4;
/** Unacknowledged data above this share of the latency: the uplink is not keeping up. */
export const SEND_BUFFER_WARN_FRACTION = 0.5;
/** Encoder speed below this (1.0 = real time) counts as falling behind. */
export const SLOW_SPEED = 0.95;
/** How many consecutive 1 Hz snapshots must be slow before warning (one slow second is normal at start). */
export const SLOW_SPEED_SNAPSHOTS = 5;

export interface BroadcastWarning {
  /** Stable key for React and tests. */
  id: string;
  text: string;
}

/** Warnings for the newest snapshot of `snapshots` (oldest first), judged against the SRT latency in use. */
export function broadcastWarnings(snapshots: readonly StatsSnapshot[], latencyMs: number): BroadcastWarning[] {
  const latest = snapshots.at(-1);
  if (latest === undefined) return [];
  const warnings: BroadcastWarning[] = [];
  for (const u of latest.uplinks) {
    if (u.state === 'down') {
      const onOther = latest.active !== null && latest.active !== u.role ? `; streaming continues on ${latest.active}` : '';
      warnings.push({ id: `down-${u.role}`, text: `The ${u.role} uplink is down${onOther}.` });
      continue;
    }
    if (u.rttMs !== null && u.rttMs > latencyMs * RTT_WARN_FRACTION) {
      warnings.push({
        id: `rtt-${u.role}`,
        text: `${capitalise(u.role)}: RTT is nearing the SRT latency (${Math.round(u.rttMs)} of ${latencyMs} ms); raise latency or check the network.`,
      });
    }
    if (u.sendBufferMs !== null && u.sendBufferMs > latencyMs * SEND_BUFFER_WARN_FRACTION) {
      warnings.push({
        id: `buffer-${u.role}`,
        text: `${capitalise(u.role)}: the send buffer holds ${Math.round(u.sendBufferMs)} ms, over half the SRT latency; the uplink is not keeping up: lower the bitrate or check the network.`,
      });
    }
  }
  const recent = snapshots.slice(-SLOW_SPEED_SNAPSHOTS);
  if (recent.length === SLOW_SPEED_SNAPSHOTS && recent.every((s) => s.encoder.speed < SLOW_SPEED)) {
    warnings.push({
      id: 'encoder-slow',
      text: `The encoder is falling behind real time (speed ${latest.encoder.speed.toFixed(2)}×): lower size/fps/bitrate or use a hardware encoder.`,
    });
  }
  return warnings;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
