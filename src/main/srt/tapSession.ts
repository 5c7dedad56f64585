// Per-session telemetry fields of the SRT tap: everything here restarts when a new caller socket starts a handshake.

import { LossTracker } from './lossTracker';
import { SeqUnwrapper } from './packets/seq';
import { SlidingWindowSum } from './slidingWindowSum';
import type { TapRejection } from './tapTypes';

/** Per-session telemetry; every field restarts when a new caller socket starts a handshake. */
export interface Session {
  seq: SeqUnwrapper;
  losses: LossTracker;
  bytesWindow: SlidingWindowSum;
  newPktWindow: SlidingWindowSum;
  callerSocketId: number | null;
  firstDataMs: number | null;
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

/** Fresh session state; `rateWindowMs` sizes the send-rate windows. */
export function newSession(rateWindowMs: number): Session {
  return {
    seq: new SeqUnwrapper(),
    losses: new LossTracker(),
    bytesWindow: new SlidingWindowSum(rateWindowMs),
    newPktWindow: new SlidingWindowSum(rateWindowMs),
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

