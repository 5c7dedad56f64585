// Pure telemetry of one SRT session seen by the tap: fed every datagram with an injected clock, no I/O (design.md "why a tap").

import { decodeAckPacket } from './packets/ackPacket';
import { decodeDataPacket } from './packets/dataPacket';
import { decodeHandshakePacket, type HandshakePacket } from './packets/handshakePacket';
import { decodeNakPacket } from './packets/nakPacket';
import { rejectionMessage } from './packets/rejection';
import { linearSeqNear, seqRangeLength } from './packets/seq';
import { ControlType, decodeSrtHeader, type SrtHeader } from './packets/srtHeader';
import { clampRttUs, DEFAULT_SILENCE_MS, silenceThresholdMs } from './silenceThreshold';
import { newSession, type Session } from './tapSession';
import { sessionSnapshot } from './tapSnapshot';
import type { TapSnapshot, TapState, TapStateChange, TapStateReason } from './tapTypes';

export type { TapRejection, TapSnapshot, TapState, TapStateChange, TapStateReason } from './tapTypes';
export { DEFAULT_SILENCE_MS } from './silenceThreshold';

/** Direction of a datagram through the tap. */
export type TapDirection = 'toIngest' | 'toSender';

export interface TapStatsOptions {
  /** Data flowing toward the ingest with nothing back for this long → 'silent'. Default DEFAULT_SILENCE_MS. */
  silenceMs?: number;
  /** Window of the recent retransmission and loss percentages. Default 5000 ms. */
  recentWindowMs?: number;
  /** Window of the send-rate and packet-rate figures. Default 1000 ms. */
  rateWindowMs?: number;
  /** RTT is reported as null when no full ACK arrived for this long. Default 2000 ms. */
  rttStaleMs?: number;
}

/** libsrt's initial RTT/RTTVar (srtcore/core.cpp): the first full ACK carries them before any measurement. */
const INITIAL_RTT_US = 100_000;
const INITIAL_RTT_VAR_US = 50_000;
/**
 * Sequence numbers (data, ACK, NAK) more than this many packets away from the session's first unacknowledged one are
 * ignored: libsrt never has more than its flow window (25 600 packets by default) in flight, and 2^20 packets is almost
 * a minute of a 200 Mbit/s stream, while an SRT session breaks after about 5 s without answers. Without this bound one
 * forged or corrupt number unwraps half the 31-bit circle away (`inFlightPkts 2147483649`).
 */
export const SEQ_WINDOW_PKTS = 1 << 20;
/** A gap between two ticks longer than this is an event-loop stall, not a silent ingest (ticks run every 50 ms). */
export const STALLED_TICK_MS = 250;

/**
 * Telemetry state machine of one tap. Call {@link onDatagram} for every datagram forwarded (either direction) and
 * {@link tick} periodically (silence is detected there too); both return the state changes they caused.
 *
 * RTT: the receiver's own smoothed RTT (CIF word 2 of full ACKs, already a 7/8 EWMA in libsrt) is reported as is,
 * latest value, without a second EWMA; full ACKs still carrying libsrt's initial 100 ms / 50 ms are ignored.
 * Silence threshold: max(silenceMs, 2·RTT + 4·RTTVar), RTT clamped and the stretch capped (silenceThreshold.ts), counted
 * from the first data packet sent after the last datagram believed from the ingest, so a sender that pauses never looks
 * like a dead ingest.
 */
export class TapStatsState {
  readonly silenceMs: number;
  readonly rateWindowMs: number;
  readonly recentWindowMs: number;
  readonly rttStaleMs: number;
  private current: TapState = 'idle';
  private s: Session;
  private lastIngestMs: number | null = null;
  private firstUnansweredDataMs: number | null = null;
  private malformed = 0;
  private ignoredForeign = 0;
  private lastTickMs: number | null = null;

  constructor(options: TapStatsOptions = {}) {
    this.silenceMs = options.silenceMs ?? DEFAULT_SILENCE_MS;
    this.rateWindowMs = options.rateWindowMs ?? 1000;
    this.rttStaleMs = options.rttStaleMs ?? 2000;
    this.recentWindowMs = options.recentWindowMs ?? 5000;
    this.s = newSession(this.rateWindowMs, this.recentWindowMs);
  }

  get state(): TapState {
    return this.current;
  }

  /**
   * Accounts for one datagram forwarded in `direction` at `nowMs`. Never throws; malformed datagrams are only counted.
   * From the ingest side only packets the sender's libsrt would accept are believed (see {@link addressedToCaller});
   * any other is counted in `ignoredForeignPkts` and changes nothing, not even the silence clock, so a forged SHUTDOWN,
   * rejection, ACK or NAK (UDP source addresses can be spoofed) that the real sender ignores cannot take the uplink down
   * or hide a dead ingest either.
   */
  onDatagram(direction: TapDirection, datagram: Uint8Array, nowMs: number): TapStateChange[] {
    const changes: TapStateChange[] = [];
    const header = decodeSrtHeader(datagram);
    if (!header.ok) {
      this.malformed++;
      return changes;
    }
    const h = header.value;
    if (direction === 'toSender') {
      if (!this.addressedToCaller(h)) {
        this.ignoredForeign++;
        return changes;
      }
      this.lastIngestMs = nowMs;
      this.firstUnansweredDataMs = null;
      if (this.current === 'silent') this.transition(changes, 'connected', 'ingest-answered', 'the ingest answered again', nowMs);
    }
    if (h.kind === 'data') {
      if (direction === 'toIngest') this.onDataToIngest(datagram, nowMs, changes);
      return changes;
    }
    switch (h.controlType) {
      case ControlType.HANDSHAKE:
        this.onHandshake(direction, datagram, nowMs, changes);
        break;
      case ControlType.ACK:
        if (direction === 'toSender') this.onAck(datagram, nowMs, changes);
        break;
      case ControlType.NAK:
        if (direction === 'toSender') this.onNak(datagram, nowMs);
        break;
      case ControlType.SHUTDOWN:
        if (this.current !== 'closed' && this.current !== 'rejected') {
          const bySender = direction === 'toIngest';
          this.transition(changes, 'closed', bySender ? 'shutdown-by-sender' : 'shutdown-by-ingest',
            bySender ? 'the sender closed the connection' : 'the ingest closed the connection', nowMs);
        }
        break;
      default:
        break; // KEEPALIVE, ACKACK, DROPREQ, user-defined and unknown types carry nothing the tap reports.
    }
    return changes;
  }

  /**
   * Time-based checks (silence). Call it every few tens of milliseconds. A tick that comes more than
   * {@link STALLED_TICK_MS} after the previous one means the event loop stalled: the ingest's datagrams of that time
   * may still wait in the socket, so silence is judged at the next tick, after they were read.
   */
  tick(nowMs: number): TapStateChange[] {
    const changes: TapStateChange[] = [];
    const stalled = this.lastTickMs !== null && nowMs - this.lastTickMs > STALLED_TICK_MS;
    this.lastTickMs = nowMs;
    if (!stalled) this.checkSilence(nowMs, changes);
    return changes;
  }

  /** Current figures; reads only, changes nothing. */
  snapshot(nowMs: number): TapSnapshot {
    return sessionSnapshot(this.s, {
      nowMs, state: this.current, rateWindowMs: this.rateWindowMs, rttStaleMs: this.rttStaleMs, lastIngestMs: this.lastIngestMs,
      malformedPkts: this.malformed, ignoredForeignPkts: this.ignoredForeign,
    });
  }

  private onDataToIngest(datagram: Uint8Array, nowMs: number, changes: TapStateChange[]): void {
    const decoded = decodeDataPacket(datagram);
    if (!decoded.ok) return;
    const s = this.s;
    const pkt = decoded.value;
    s.pktsSent++;
    s.bytesSent += datagram.length;
    s.bytesWindow.add(nowMs, datagram.length);
    s.firstDataMs ??= nowMs;
    s.maxDataDatagramBytes = Math.max(s.maxDataDatagramBytes, datagram.length);
    s.recentSentWindow.add(nowMs, 1);
    this.firstUnansweredDataMs ??= nowMs;
    const ref = s.firstUnackedLinear ?? s.lastSentLinear;
    const linear = ref === null ? pkt.seq : linearSeqNear(pkt.seq, ref, SEQ_WINDOW_PKTS);
    if (linear === null) {
      // Counted as sent (it was forwarded), but a number outside the window says nothing about the sequence.
      this.checkSilence(nowMs, changes);
      return;
    }
    // The R flag marks retransmissions; a sequence number not ahead of the highest sent also is one (peers without REXMITFLG).
    if (pkt.retransmitted || (s.lastSentLinear !== null && linear <= s.lastSentLinear)) {
      s.retransPkts++;
      s.recentRetransWindow.add(nowMs, 1);
    } else {
      s.lastSentLinear = linear;
      s.newPktWindow.add(nowMs, 1);
    }
    this.checkSilence(nowMs, changes);
  }

  private onHandshake(direction: TapDirection, datagram: Uint8Array, nowMs: number, changes: TapStateChange[]): void {
    const decoded = decodeHandshakePacket(datagram);
    if (!decoded.ok) {
      this.malformed++;
      return;
    }
    const hs = decoded.value;
    if (hs.rejectionCode !== null) {
      const by = direction === 'toSender' ? 'ingest' : 'sender';
      this.s.rejection = { code: hs.rejectionCode, message: rejectionMessage(hs.rejectionCode), by };
      if (this.current !== 'rejected') this.transition(changes, 'rejected', 'rejected', this.s.rejection.message, nowMs);
      return;
    }
    if (direction === 'toIngest') this.onSenderHandshake(hs, nowMs, changes);
    else if (hs.typeName === 'conclusion') {
      if (hs.hsrsp) this.s.latencyMs = Math.max(hs.hsrsp.recvLatencyMs, hs.hsrsp.sendLatencyMs);
      if (this.current === 'idle' || this.current === 'handshaking') {
        this.transition(changes, 'connected', 'handshake-completed', 'the ingest accepted the connection', nowMs);
      }
    }
  }

  private onSenderHandshake(hs: HandshakePacket, nowMs: number, changes: TapStateChange[]): void {
    const known = this.s.callerSocketId;
    if (hs.typeName === 'induction') {
      if (this.current === 'idle') {
        this.s.callerSocketId = hs.socketId;
        this.transition(changes, 'handshaking', 'handshake-started', 'the sender started a handshake', nowMs);
      } else if (known !== hs.socketId) {
        // A new caller socket (ffmpeg restarted through the same tap): a new session with fresh counters.
        this.s = newSession(this.rateWindowMs, this.recentWindowMs);
        this.s.callerSocketId = hs.socketId;
        this.firstUnansweredDataMs = null;
        this.transition(changes, 'handshaking', 'new-session', 'a new sender started a handshake', nowMs);
      }
      return;
    }
    if (hs.typeName !== 'conclusion') return;
    this.s.callerSocketId ??= hs.socketId;
    if (hs.streamId !== null) this.s.streamIdSeen = hs.streamId;
    if (hs.hsreq && this.s.latencyMs === null) this.s.latencyMs = Math.max(hs.hsreq.recvLatencyMs, hs.hsreq.sendLatencyMs);
    // Sequence numbers start at the handshake's initial value: nothing is acknowledged before it.
    const sent = this.s.lastSentLinear;
    this.s.firstUnackedLinear ??= sent === null ? hs.initialSeq : linearSeqNear(hs.initialSeq, sent, SEQ_WINDOW_PKTS);
    if (this.current === 'idle') this.transition(changes, 'handshaking', 'handshake-started', 'the sender started a handshake', nowMs);
  }

  private onAck(datagram: Uint8Array, nowMs: number, changes: TapStateChange[]): void {
    const decoded = decodeAckPacket(datagram);
    if (!decoded.ok) {
      this.malformed++;
      return;
    }
    const ack = decoded.value;
    const s = this.s;
    const ref = s.firstUnackedLinear ?? s.lastSentLinear;
    const acked = ref === null ? null : linearSeqNear(ack.lastAckSeq, ref, SEQ_WINDOW_PKTS);
    // Only data sent can be acknowledged: nothing before the first packet, nothing beyond the last one (a larger value
    // is corrupt and must not hide in-flight data).
    if (acked !== null && s.lastSentLinear !== null) {
      const linear = Math.min(acked, s.lastSentLinear + 1);
      if (s.firstUnackedLinear === null || linear > s.firstUnackedLinear) {
        s.firstUnackedLinear = linear;
        s.losses.acknowledge(linear);
        s.lastAckAdvanceMs = nowMs;
      }
    }
    if (ack.kind === 'full' && ack.rttUs !== null) {
      const initial = s.rttUs === null && ack.rttUs === INITIAL_RTT_US && ack.rttVarUs === INITIAL_RTT_VAR_US;
      if (!initial) {
        s.rttUs = clampRttUs(ack.rttUs);
        s.rttVarUs = ack.rttVarUs === null ? null : clampRttUs(ack.rttVarUs);
        s.lastFullAckMs = nowMs;
        if (ack.linkCapacityPktsPerS !== null) s.linkCapacityPktsPerS = ack.linkCapacityPktsPerS;
      }
    }
    if (this.current === 'idle' || this.current === 'handshaking') {
      this.transition(changes, 'connected', 'ack-seen', 'the ingest acknowledges data', nowMs);
    }
  }

  private onNak(datagram: Uint8Array, nowMs: number): void {
    const decoded = decodeNakPacket(datagram);
    if (!decoded.ok) {
      this.malformed++;
      return;
    }
    const s = this.s;
    const low = s.firstUnackedLinear;
    const high = s.lastSentLinear;
    // Nothing sent, or no handshake to anchor the sequence: nothing can have been lost (no `lostPkts 1000000001`).
    if (high === null || low === null) return;
    // A receiver only reports sequence numbers between its ACK point and the newest it has seen, so anything outside
    // [first unacknowledged, last sent] is stale or corrupt and must not inflate the loss count.
    const lostBefore = s.losses.lostPkts;
    for (const range of decoded.value.ranges) {
      const from = linearSeqNear(range.from, low, SEQ_WINDOW_PKTS);
      if (from === null) continue;
      const to = from + seqRangeLength(range.from, range.to) - 1;
      s.losses.report(Math.max(from, low), Math.min(to, high));
    }
    if (s.losses.lostPkts > lostBefore) s.recentLostWindow.add(nowMs, s.losses.lostPkts - lostBefore);
  }

  /**
   * True when a packet from the ingest side is addressed to the caller's socket id, learned from the sender's handshake.
   * While the caller is connecting, libsrt also takes a handshake addressed to socket 0 from its peer's address
   * (srtcore/queue.cpp, CRendezvousQueue::retrieve), so the tap does too, then and only then.
   */
  private addressedToCaller(h: SrtHeader): boolean {
    const caller = this.s.callerSocketId;
    if (caller === null) return false;
    if (h.destSocketId === caller) return true;
    return h.destSocketId === 0 && h.kind === 'control' && h.controlType === ControlType.HANDSHAKE && this.current === 'handshaking';
  }

  private checkSilence(nowMs: number, changes: TapStateChange[]): void {
    if (this.current !== 'connected' || this.firstUnansweredDataMs === null) return;
    const thresholdMs = silenceThresholdMs(this.silenceMs, this.s.rttUs, this.s.rttVarUs);
    const waitedMs = nowMs - this.firstUnansweredDataMs;
    if (waitedMs >= thresholdMs) {
      this.transition(changes, 'silent', 'ingest-silent', `nothing came back from the ingest for ${Math.round(waitedMs)} ms while data was being sent`, nowMs);
    }
  }

  private transition(changes: TapStateChange[], to: TapState, reason: TapStateReason, detail: string, atMs: number): void {
    if (to === this.current) return;
    changes.push({ from: this.current, to, reason, detail, atMs });
    this.current = to;
  }
}
