// The figures of one tap session at a given time (rates, percentages, send-buffer depth): pure, reads the session only.

import type { Session } from './tapSession';
import type { TapSnapshot, TapState } from './tapTypes';

/** IPv4 (20) + UDP (8) header bytes, added as libsrt does when turning packets/s into a bit rate. */
const IP_UDP_HEADER_BYTES = 28;

/** What the snapshot needs besides the session: the clock, the state machine's state and its counters. */
export interface SnapshotContext {
  nowMs: number;
  state: TapState;
  rateWindowMs: number;
  rttStaleMs: number;
  /** Clock (ms) of the last datagram believed from the ingest, or null. */
  lastIngestMs: number | null;
  malformedPkts: number;
  ignoredForeignPkts: number;
}

/** Current figures of session `s`; changes nothing but the windows' expiry of old samples. */
export function sessionSnapshot(s: Session, c: SnapshotContext): TapSnapshot {
  const { nowMs } = c;
  const rttFresh = s.lastFullAckMs !== null && nowMs - s.lastFullAckMs <= c.rttStaleMs;
  const spanMs = s.firstDataMs === null ? c.rateWindowMs : Math.min(c.rateWindowMs, Math.max(100, nowMs - s.firstDataMs));
  const bytesInWindow = s.bytesWindow.sum(nowMs);
  const newPktsPerS = (s.newPktWindow.sum(nowMs) * 1000) / spanMs;
  const inFlightPkts =
    s.lastSentLinear === null || s.firstUnackedLinear === null ? null : Math.max(0, s.lastSentLinear + 1 - s.firstUnackedLinear);
  const recentSent = s.recentSentWindow.sum(nowMs);
  let sendBufferMs: number | null = null;
  if (inFlightPkts === 0) sendBufferMs = 0;
  else if (inFlightPkts !== null && newPktsPerS > 0) sendBufferMs = (inFlightPkts * 1000) / newPktsPerS;
  return {
    state: c.state,
    rttMs: rttFresh && s.rttUs !== null ? s.rttUs / 1000 : null,
    rttVarMs: rttFresh && s.rttVarUs !== null ? s.rttVarUs / 1000 : null,
    sendKbps: (bytesInWindow * 8) / spanMs,
    retransPct: s.pktsSent === 0 ? 0 : (s.retransPkts * 100) / s.pktsSent,
    recentRetransPct: recentSent === 0 ? 0 : (s.recentRetransWindow.sum(nowMs) * 100) / recentSent,
    recentLossPct: recentSent === 0 ? 0 : Math.min(100, (s.recentLostWindow.sum(nowMs) * 100) / recentSent),
    ackAdvancedAgoMs: s.lastAckAdvanceMs === null ? null : nowMs - s.lastAckAdvanceMs,
    retransPkts: s.retransPkts,
    lostPkts: s.losses.lostPkts,
    linkCapacityKbps:
      s.linkCapacityPktsPerS === null || s.maxDataDatagramBytes === 0
        ? null
        : (s.linkCapacityPktsPerS * (s.maxDataDatagramBytes + IP_UDP_HEADER_BYTES) * 8) / 1000,
    inFlightPkts,
    sendBufferMs,
    latencyMs: s.latencyMs,
    streamIdSeen: s.streamIdSeen,
    rejection: s.rejection,
    lastIngestPacketAgoMs: c.lastIngestMs === null ? null : nowMs - c.lastIngestMs,
    bytesSent: s.bytesSent,
    pktsSent: s.pktsSent,
    malformedPkts: c.malformedPkts,
    ignoredForeignPkts: c.ignoredForeignPkts,
  };
}
