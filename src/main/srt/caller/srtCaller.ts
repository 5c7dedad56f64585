// The engine's own SRT live-mode caller (sender side only): handshake, sequence and message numbers, TSBPD timestamps,
// retransmission on NAK, ACKACK, keep-alive, the too-late drop and SHUTDOWN, as libsrt 1.5.1 does them in live mode
// (draft-sharabayko-srt §3–4; srt-notes.md). Pure: datagrams go out through `emit`, the clock comes in as arguments.

import { decodeAckPacket } from '../packets/ackPacket';
import { decodeHandshakePacket } from '../packets/handshakePacket';
import { decodeNakPacket } from '../packets/nakPacket';
import { seqAdd, seqDiff } from '../packets/seq';
import { ControlType, decodeSrtHeader } from '../packets/srtHeader';
import {
  asRetransmission, encodeAckAck, encodeConclusion, encodeDropRequest, encodeInduction, encodeKeepalive, encodeShutdown,
  MESSAGE_NO_MASK, writeDataPacket,
} from './callerPackets';
import { SendBuffer } from './sendBuffer';

export type CallerPhase = 'idle' | 'induction' | 'conclusion' | 'connected' | 'rejected' | 'timed-out' | 'broken' | 'closed';

/** Why a caller stopped by itself; each ends the session for good (a new attempt is a new caller). */
export type CallerEnd =
  | { phase: 'rejected'; code: number }
  | { phase: 'timed-out' }
  | { phase: 'broken'; silentMs: number }
  | { phase: 'closed' };

export interface SrtCallerOptions {
  socketId: number;
  /** First data sequence number (random, 31 bits). */
  initialSeq: number;
  /** The ingest's address in the handshake's Peer IP field (callerPackets.peerIpField). */
  peerIp: Uint8Array;
  /** TSBPD latency asked for, ms (the session uses the larger of ours and the listener's). */
  latencyMs: number;
  /** SID block carrying the stream id (streamIdRewrite.encodeStreamIdBlock), or null for none. */
  sidBlock: Buffer | null;
  connectTimeoutMs: number;
  /** Handshake repeated this often while unanswered, ms. libsrt: 250. */
  handshakeRetryMs?: number;
  /** A keep-alive goes out after this long without sending, ms. libsrt: 1000. */
  keepaliveMs?: number;
  /** Nothing from the ingest for this long ends the session, ms (SRTO_PEERIDLETIMEO). libsrt: 5000. */
  peerIdleMs?: number;
}

export interface SrtCallerCounters {
  dataPackets: number;
  retransmittedPackets: number;
  /** Packets dropped unacknowledged because they were older than the drop threshold (too late for the receiver). */
  droppedTooLate: number;
  dropRequests: number;
  ackAcks: number;
  keepalives: number;
}

/** libsrt's sender drop threshold: max(peer latency, 1000 ms) + 2 × the 10 ms ACK interval (core.cpp). */
function dropThresholdMs(latencyMs: number): number {
  return Math.max(latencyMs, 1000) + 20;
}

export class SrtCaller {
  private phaseNow: CallerPhase = 'idle';
  private readonly startMs: number;
  private readonly buffer: SendBuffer;
  private nextSeq: number;
  private nextMessageNo = 1;
  private peerSocketId = 0;
  private cookie = 0;
  private sessionLatencyMs: number;
  private connectStartMs = 0;
  private lastHandshakeMs = 0;
  private lastSentMs = 0;
  private lastHeardMs = 0;
  private end: CallerEnd | null = null;
  private readonly counters: SrtCallerCounters = { dataPackets: 0, retransmittedPackets: 0, droppedTooLate: 0, dropRequests: 0, ackAcks: 0, keepalives: 0 };

  constructor(
    private readonly options: SrtCallerOptions,
    private readonly emit: (datagram: Buffer) => void,
    nowMs: number,
  ) {
    this.startMs = nowMs;
    this.nextSeq = options.initialSeq & 0x7fffffff;
    this.buffer = new SendBuffer(this.nextSeq);
    this.sessionLatencyMs = options.latencyMs;
  }

  get phase(): CallerPhase {
    return this.phaseNow;
  }

  /** The session's TSBPD latency: ours until the listener answers, then the larger of both sides'. */
  get latencyMs(): number {
    return this.sessionLatencyMs;
  }

  /** Packets sent and not yet acknowledged (nor dropped). */
  get unacknowledged(): number {
    return this.buffer.size;
  }

  stats(): SrtCallerCounters {
    return { ...this.counters };
  }

  /** Starts the handshake. */
  connect(nowMs: number): void {
    if (this.phaseNow !== 'idle') return;
    this.phaseNow = 'induction';
    this.connectStartMs = nowMs;
    this.sendHandshake(nowMs);
  }

  /**
   * Sends one message (at most 1316 bytes of MPEG-TS) as one data packet into `slab` at `offset` (callers batch many
   * packets in one allocation). Returns the bytes used in the slab, 0 when not connected (nothing is sent).
   */
  sendMessage(payload: Uint8Array, nowMs: number, slab: Buffer, offset: number): number {
    if (this.phaseNow !== 'connected') return 0;
    const datagram = writeDataPacket(slab, offset, {
      seq: this.nextSeq, messageNo: this.nextMessageNo, timestampUs: this.timestampUs(nowMs), destSocketId: this.peerSocketId,
    }, payload);
    this.buffer.push(datagram, nowMs);
    this.nextSeq = seqAdd(this.nextSeq, 1);
    this.nextMessageNo = (this.nextMessageNo + 1) & MESSAGE_NO_MASK || 1;
    this.counters.dataPackets++;
    this.send(datagram, nowMs);
    return datagram.length;
  }

  /** Handles one datagram from the ingest; returns how the session ended when this datagram ended it. */
  receive(datagram: Buffer, nowMs: number): CallerEnd | null {
    if (this.end) return null;
    const header = decodeSrtHeader(datagram);
    if (!header.ok || header.value.kind !== 'control') return null;
    const h = header.value;
    if (h.controlType === ControlType.HANDSHAKE) return this.onHandshake(datagram, nowMs);
    // Control packets addressed to another socket (a stale session's) are not ours.
    if (this.phaseNow !== 'connected' || h.destSocketId !== this.options.socketId) return null;
    this.lastHeardMs = nowMs;
    switch (h.controlType) {
      case ControlType.ACK: this.onAck(datagram, nowMs); return null;
      case ControlType.NAK: this.onNak(datagram, nowMs); return null;
      case ControlType.SHUTDOWN: return this.finish({ phase: 'closed' });
      default: return null; // KEEPALIVE, ACKACK, DROPREQ, congestion warnings: only proof of life
    }
  }

  /** Handshake retries, connect timeout, keep-alive, the too-late drop and the peer-idle rule. Call every ~10 ms. */
  tick(nowMs: number): CallerEnd | null {
    if (this.end) return null;
    if (this.phaseNow === 'induction' || this.phaseNow === 'conclusion') {
      if (nowMs - this.connectStartMs >= this.options.connectTimeoutMs) return this.finish({ phase: 'timed-out' });
      if (nowMs - this.lastHandshakeMs >= (this.options.handshakeRetryMs ?? 250)) this.sendHandshake(nowMs);
      return null;
    }
    if (this.phaseNow !== 'connected') return null;
    const silentMs = nowMs - this.lastHeardMs;
    if (silentMs >= (this.options.peerIdleMs ?? 5000)) return this.finish({ phase: 'broken', silentMs });
    const dropped = this.buffer.dropOlderThan(nowMs - dropThresholdMs(this.sessionLatencyMs));
    if (dropped) this.counters.droppedTooLate += seqDiff(dropped.last, dropped.first) + 1;
    if (nowMs - this.lastSentMs >= (this.options.keepaliveMs ?? 1000)) {
      this.counters.keepalives++;
      this.send(encodeKeepalive(this.timestampUs(nowMs), this.peerSocketId), nowMs);
    }
    return null;
  }

  /** Ends the session: a connected one says SHUTDOWN (the ingest frees the URL at once). Idempotent. */
  close(nowMs: number): void {
    if (this.phaseNow === 'connected') this.send(encodeShutdown(this.timestampUs(nowMs), this.peerSocketId), nowMs);
    this.finish({ phase: 'closed' });
  }

  private finish(end: CallerEnd): CallerEnd | null {
    if (this.end) return null;
    this.end = end;
    this.phaseNow = end.phase;
    return end;
  }

  private send(datagram: Buffer, nowMs: number): void {
    this.lastSentMs = nowMs;
    this.emit(datagram);
  }

  private timestampUs(nowMs: number): number {
    return Math.round((nowMs - this.startMs) * 1000) >>> 0;
  }

  private sendHandshake(nowMs: number): void {
    this.lastHandshakeMs = nowMs;
    const common = { timestampUs: this.timestampUs(nowMs), socketId: this.options.socketId, initialSeq: this.options.initialSeq, peerIp: this.options.peerIp };
    this.send(this.phaseNow === 'induction'
      ? encodeInduction(common)
      : encodeConclusion({ ...common, cookie: this.cookie, latencyMs: this.options.latencyMs, sidBlock: this.options.sidBlock }), nowMs);
  }

  private onHandshake(datagram: Buffer, nowMs: number): CallerEnd | null {
    const decoded = decodeHandshakePacket(datagram);
    if (!decoded.ok) return null;
    const hs = decoded.value;
    if (hs.destSocketId !== this.options.socketId && hs.destSocketId !== 0) return null;
    if (hs.rejectionCode !== null && (this.phaseNow === 'induction' || this.phaseNow === 'conclusion')) {
      return this.finish({ phase: 'rejected', code: hs.rejectionCode });
    }
    if (this.phaseNow === 'induction' && hs.typeName === 'induction') {
      this.cookie = hs.synCookie;
      this.phaseNow = 'conclusion';
      this.sendHandshake(nowMs);
      return null;
    }
    if (this.phaseNow === 'conclusion' && hs.typeName === 'conclusion') {
      this.peerSocketId = hs.socketId;
      const peer = hs.hsrsp;
      if (peer) this.sessionLatencyMs = Math.max(this.options.latencyMs, peer.recvLatencyMs, peer.sendLatencyMs);
      this.phaseNow = 'connected';
      this.lastHeardMs = nowMs;
    }
    return null;
  }

  private onAck(datagram: Buffer, nowMs: number): void {
    const decoded = decodeAckPacket(datagram);
    if (!decoded.ok) return;
    const ack = decoded.value;
    // Only an acknowledgement of something actually sent moves the buffer (a corrupt one cannot release unsent seqs).
    if (seqDiff(ack.lastAckSeq, this.nextSeq) <= 0) this.buffer.acknowledge(ack.lastAckSeq);
    if (ack.kind === 'full' && ack.ackNo !== 0) {
      this.counters.ackAcks++;
      this.send(encodeAckAck(ack.ackNo, this.timestampUs(nowMs), this.peerSocketId), nowMs);
    }
  }

  private onNak(datagram: Buffer, nowMs: number): void {
    const decoded = decodeNakPacket(datagram);
    if (!decoded.ok) return;
    for (const range of decoded.value.ranges) {
      const count = seqDiff(range.to, range.from) + 1;
      // A range reaching beyond what was sent is corrupt or forged; libsrt ignores such a report too.
      if (count <= 0 || seqDiff(range.to, this.nextSeq) >= 0) continue;
      let missingFrom: number | null = null;
      for (let i = 0; i < count; i++) {
        const seq = seqAdd(range.from, i);
        const held = this.buffer.get(seq);
        if (held) {
          if (missingFrom !== null) this.requestDrop(missingFrom, seqAdd(seq, -1), nowMs);
          missingFrom = null;
          this.counters.retransmittedPackets++;
          this.send(asRetransmission(held), nowMs);
        } else if (missingFrom === null) {
          missingFrom = seq;
        }
      }
      if (missingFrom !== null) this.requestDrop(missingFrom, range.to, nowMs);
    }
  }

  /** The receiver asked again for packets already dropped as too late: tell it to stop waiting for them. */
  private requestDrop(first: number, last: number, nowMs: number): void {
    // Only packets before the buffer's oldest were dropped; anything else missing was acknowledged meanwhile.
    if (seqDiff(first, this.buffer.oldestSeq) >= 0) return;
    const end = seqDiff(last, this.buffer.oldestSeq) < 0 ? last : seqAdd(this.buffer.oldestSeq, -1);
    this.counters.dropRequests++;
    this.send(encodeDropRequest(first, end, this.timestampUs(nowMs), this.peerSocketId), nowMs);
  }
}
