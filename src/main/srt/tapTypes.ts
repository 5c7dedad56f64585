// Plain data types of the SRT tap's telemetry: states, state changes and the per-session snapshot.

/**
 * Session state as seen by the tap.
 * - idle: nothing seen yet; handshaking: the sender started a handshake; connected: the ingest accepted it (or ACKs flow);
 * - rejected: the ingest answered the handshake with a rejection code; closed: SHUTDOWN from either side;
 * - silent: data is flowing toward the ingest but nothing has come back for the silence threshold.
 */
export type TapState = 'idle' | 'handshaking' | 'connected' | 'rejected' | 'closed' | 'silent';

/** Why the state changed. */
export type TapStateReason =
  | 'handshake-started' // first INDUCTION from the sender
  | 'new-session' // an INDUCTION from a new sender socket after an earlier session
  | 'handshake-completed' // the ingest's CONCLUSION accepted the caller
  | 'ack-seen' // ACKs arrive although the handshake was not seen (tap started mid-session)
  | 'rejected' // a handshake carried a rejection code
  | 'shutdown-by-sender'
  | 'shutdown-by-ingest'
  | 'ingest-silent' // data sent, nothing back within the silence threshold
  | 'ingest-answered'; // a packet from the ingest arrived again after silence

/** One state transition, with a plain sentence (never containing the stream key or passphrase). */
export interface TapStateChange {
  from: TapState;
  to: TapState;
  reason: TapStateReason;
  detail: string;
  /** Clock value (ms) passed in by the caller when the change happened. */
  atMs: number;
}

/** A handshake rejection: the wire code (e.g. 1010, 2403), a plain sentence, and which side sent it. */
export interface TapRejection {
  code: number;
  message: string;
  by: 'ingest' | 'sender';
}

/** Telemetry of the current SRT session through one tap. Counters restart when a new session starts. */
export interface TapSnapshot {
  state: TapState;
  /** Receiver's smoothed RTT from the latest full ACK (ms); null before the first real sample or when ACKs went stale. */
  rttMs: number | null;
  /** Receiver's RTT variance from the latest full ACK (ms). */
  rttVarMs: number | null;
  /** Data packets forwarded sender→ingest over the rate window, UDP payload bytes (SRT header included), kbit/s. */
  sendKbps: number;
  /** Retransmitted data packets as a percentage of all data packets sent in this session. */
  retransPct: number;
  /** The same over the recent window (default the last 5 s): what the path does now, not since the start. */
  recentRetransPct: number;
  /** Packets the ingest reported lost (NAK) over the recent window, as a percentage of the data packets sent in it. */
  recentLossPct: number;
  /** Time since an ACK last moved the acknowledged point forward (ms): the ingest is taking our data; null before. */
  ackAdvancedAgoMs: number | null;
  /** Data packets sent with the retransmission flag (or an already-sent sequence number). */
  retransPkts: number;
  /** Distinct sequence numbers the ingest reported lost in NAKs. */
  lostPkts: number;
  /** Receiver's link capacity estimate converted to kbit/s with the largest data datagram seen plus IPv4/UDP headers. */
  linkCapacityKbps: number | null;
  /** Last sequence number sent minus last acknowledged: packets the sender still holds. */
  inFlightPkts: number | null;
  /** In-flight packets expressed in ms at the current packet rate: compare with latencyMs. */
  sendBufferMs: number | null;
  /** SRT latency agreed in the handshake (ms), from HSRSP (or the caller's HSREQ). */
  latencyMs: number | null;
  /** Stream id from the sender's CONCLUSION. It CONTAINS THE STREAM KEY: redact before logging or display. */
  streamIdSeen: string | null;
  rejection: TapRejection | null;
  /** Time since the last datagram from the ingest (ms); null when none arrived. */
  lastIngestPacketAgoMs: number | null;
  /** UDP payload bytes of data packets forwarded sender→ingest (retransmissions included). */
  bytesSent: number;
  /** Data packets forwarded sender→ingest (retransmissions included). */
  pktsSent: number;
  /** Datagrams (either direction) that were not valid SRT; they were forwarded anyway. */
  malformedPkts: number;
  /**
   * SRT packets from the ingest side not addressed to the caller's socket id learned from its handshake (forged, stray,
   * or before any handshake): forwarded, but believed for nothing (no state change, RTT, loss or "ingest answered").
   */
  ignoredForeignPkts: number;
}
