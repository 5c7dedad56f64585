// Per-session telemetry fields of the SRT tap: everything here restarts when a new caller socket starts a handshake.

import { LossTracker } from './lossTracker';
import { SlidingWindowSum } from './slidingWindowSum';
import type { TapRejection } from './tapTypes';

/** Per-session telemetry; every field restarts when a new caller socket starts a handshake. */
export interface Session {
  losses: LossTracker;
  bytesWindow: SlidingWindowSum;
  newPktWindow: SlidingWindowSum;
  /** Data packets sent (new and retransmitted), retransmissions, and packets reported lost, over the recent window. */
  recentSentWindow: SlidingWindowSum;
  recentRetransWindow: SlidingWindowSum;
  recentLostWindow: SlidingWindowSum;
  /** Clock (ms) when an ACK last moved the acknowledged point forward: the ingest is taking our data. */
  lastAckAdvanceMs: number | null;
  callerSocketId: number | null;
  firstDataMs: number | null;
  /** Highest sequence number sent and first unacknowledged one, on the linear scale anchored at the handshake's initial value. */
  lastSentLinear: number | null;
  firstUnackedLinear: number | null;
  /** Receiver's smoothed RTT, microseconds. */
  rttUs: number | null;
  /** Receiver's RTT variance, microseconds. */
  rttVarUs: number | null;
  /** Clock (ms) of the last full ACK with a real RTT. */
  lastFullAckMs: number | null;
  linkCapacityPktsPerS: number | null;
  maxDataDatagramBytes: number;
  /** Agreed TSBPD latency, milliseconds. */
  latencyMs: number | null;
  streamIdSeen: string | null;
  rejection: TapRejection | null;
  bytesSent: number;
  pktsSent: number;
  retransPkts: number;
}

/** Resolution of the recent-window counters: 50 ms keeps a 5 s window at about 100 samples whatever the bitrate. */
const RECENT_RESOLUTION_MS = 50;

/** Fresh session state; `rateWindowMs` sizes the send-rate windows, `recentWindowMs` the loss and retransmission ones. */
export function newSession(rateWindowMs: number, recentWindowMs: number): Session {
  return {
    losses: new LossTracker(),
    bytesWindow: new SlidingWindowSum(rateWindowMs),
    newPktWindow: new SlidingWindowSum(rateWindowMs),
    recentSentWindow: new SlidingWindowSum(recentWindowMs, RECENT_RESOLUTION_MS),
    recentRetransWindow: new SlidingWindowSum(recentWindowMs, RECENT_RESOLUTION_MS),
    recentLostWindow: new SlidingWindowSum(recentWindowMs, RECENT_RESOLUTION_MS),
    lastAckAdvanceMs: null,
    callerSocketId: null,
    firstDataMs: null,
    lastSentLinear: null,
    firstUnackedLinear: null,
    rttUs: null,
    rttVarUs: null,
    lastFullAckMs: null,
    linkCapacityPktsPerS: null,
    maxDataDatagramBytes: 0,
    latencyMs: null,
    streamIdSeen: null,
    rejection: null,
    bytesSent: 0,
    pktsSent: 0,
    retransPkts: 0,
  };
}

