// The engine's own SRT sender toward one ingest: MPEG-TS in, SRT datagrams out on one UDP socket, with the same
// telemetry, stream id and encryption as the tap gives an ffmpeg sender, but without the sender process and its loopback
// hop (issue 12: every datagram crossed the loopback twice more than a plain ffmpeg's). Thin I/O around SrtCaller.

import { randomInt } from 'node:crypto';
import type { Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { AppError } from '../appError';
import { peerIpField } from './caller/callerPackets';
import { SrtCaller, type CallerEnd, type SrtCallerCounters } from './caller/srtCaller';
import { TsMessages } from './caller/tsMessages';
import type { TapEncryption, TapEncryptionStatus } from './crypto/tapEncryption';
import { closeSocket, openIngestSocket, type IngestAddress } from './ingestSocket';
import { encodeStreamIdBlock } from './packets/streamIdRewrite';
import { SRT_HEADER_BYTES } from './packets/srtHeader';
import { TapStatsState, type TapStatsOptions } from './tapStats';
import type { TapSnapshot, TapState, TapStateChange } from './tapTypes';

/**
 * How often the caller's timers (handshake retry, keep-alive, drops) and the telemetry's silence check run, ms: as the
 * tap's. Finer buys nothing (the handshake repeats every 250 ms, the silence threshold is 300 ms) and each wake-up of
 * the event loop costs CPU even when nothing is due.
 */
const TICK_MS = 50;
/** How often flush() looks whether everything was acknowledged, ms. */
const FLUSH_POLL_MS = 10;
/** Above this many bytes waiting in the socket's send queue, write() asks the fan-out to hold off. */
const SEND_QUEUE_HIGH_WATER_BYTES = 2 * 1024 * 1024;

export interface SrtSenderOptions extends TapStatsOptions {
  ingestHost: string;
  ingestPort: number;
  /** The SRT stream id (`123#key`, a secret), or null for none. */
  streamId: string | null;
  latencyMs: number;
  connectTimeoutMs: number;
  encryption?: TapEncryption;
  /** Monotonic clock in ms; injectable for tests. Default performance.now. */
  clock?: () => number;
}

export interface SrtSenderEvents {
  /** The session's telemetry state changed (handshaking, connected, rejected, closed, silent…). */
  state: [change: TapStateChange];
  /** The session ended by itself: refused, never answered, the ingest went away (SHUTDOWN or 5 s of silence). */
  ended: [end: CallerEnd];
  /** A socket error; the sender keeps going. Carries no secret. */
  ioError: [error: Error];
  /** write() returned false earlier and the socket's queue has emptied. */
  drain: [];
}

export interface SrtSenderCounters extends SrtCallerCounters {
  /** Bytes of MPEG-TS handed to write(). */
  bytesIn: number;
  datagramsToIngest: number;
  datagramsFromIngest: number;
  ioErrors: number;
  telemetryErrors: number;
  /** Datagrams the encryption held back (data before the key was agreed). */
  encryptionDropped: number;
  /** MPEG-TS bytes given while no session was up (before the handshake finished, after it ended): not sent. */
  bytesNotConnected: number;
}

export class SrtSender extends EventEmitter<SrtSenderEvents> {
  readonly ingest: IngestAddress;
  private readonly caller: SrtCaller;
  private readonly stats: TapStatsState;
  private readonly clock: () => number;
  private readonly timer: NodeJS.Timeout;
  private readonly encryption: TapEncryption | null;
  /** MPEG-TS cut into 1316-byte messages; the remainder waits for more (or the end of the current event-loop turn). */
  private readonly messages = new TsMessages();
  private flushScheduled = false;
  /** Data handed over before the session was up (one fan-out chunk: write returned false, the fan-out queues the rest). */
  private heldUntilConnected: Buffer[] = [];
  private wantsDrain = false;
  /** When the last data packet went out (clock ms), null before any. */
  private lastDataSentMs: number | null = null;
  private closed = false;
  private readonly counters = { bytesIn: 0, datagramsToIngest: 0, datagramsFromIngest: 0, ioErrors: 0, telemetryErrors: 0, encryptionDropped: 0, bytesNotConnected: 0 };

  private constructor(options: SrtSenderOptions, private readonly socket: Socket, ingest: IngestAddress, sidBlock: Buffer | null) {
    super();
    this.ingest = ingest;
    this.clock = options.clock ?? (() => performance.now());
    this.stats = new TapStatsState(options);
    this.encryption = options.encryption ?? null;
    const now = this.clock();
    this.caller = new SrtCaller({
      socketId: randomInt(1, 0x3fffffff),
      initialSeq: randomInt(0, 0x7fffffff),
      peerIp: peerIpField(ingest.address, ingest.family),
      latencyMs: options.latencyMs,
      sidBlock,
      connectTimeoutMs: options.connectTimeoutMs,
    }, (datagram) => this.toIngest(datagram), now);
    socket.on('message', (datagram) => this.fromIngest(datagram));
    socket.on('error', (err) => this.ioFailure(err));
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  /** Starts the handshake (after the listeners are on: its first packet is already a 'handshaking' state change). */
  connect(): void {
    this.caller.connect(this.clock());
  }

  /**
   * Resolves the ingest and opens the socket; connect() then starts the handshake.
   * @throws AppError for an unresolvable host, a socket that cannot be opened, or a stream id SRT cannot carry.
   */
  static async open(options: SrtSenderOptions): Promise<SrtSender> {
    let sidBlock: Buffer | null = null;
    if (options.streamId !== null) {
      const encoded = encodeStreamIdBlock(options.streamId);
      if (!encoded.ok) throw new AppError('config', 'bad_stream_id', `The SRT stream id cannot be used: ${encoded.error}.`);
      sidBlock = encoded.block;
    }
    const { socket, ingest } = await openIngestSocket({ host: options.ingestHost, port: options.ingestPort });
    return new SrtSender(options, socket, ingest, sidBlock);
  }

  get state(): TapState {
    return this.stats.state;
  }

  /** The session's TSBPD latency (the larger of ours and the ingest's once it answered), ms. */
  get latencyMs(): number {
    return this.caller.latencyMs;
  }

  snapshot(): TapSnapshot {
    return this.stats.snapshot(this.clock());
  }

  encryptionStatus(): TapEncryptionStatus | null {
    return this.encryption?.status() ?? null;
  }

  relayCounters(): SrtSenderCounters {
    return { ...this.counters, ...this.caller.stats() };
  }

  /** When the last data packet went out, in the sender's clock (ms); null before any. */
  get lastDataSentAtMs(): number | null {
    return this.lastDataSentMs;
  }

  /** The sender's clock, ms. */
  now(): number {
    return this.clock();
  }

  /** Packets sent and not yet acknowledged by the ingest. */
  get unacknowledged(): number {
    return this.caller.unacknowledged;
  }

  /**
   * Sends MPEG-TS (whole TS packets; the fan-out writes nothing else) as 1316-byte SRT messages; a remainder goes at
   * the end of this event-loop turn unless more data completes it. `false` asks the caller to wait for 'drain' (the
   * chunk was still taken): until the session is up, or while the socket's queue is long.
   */
  write(chunk: Buffer): boolean {
    if (this.closed) return true;
    this.counters.bytesIn += chunk.length;
    if (this.caller.phase !== 'connected') {
      if (this.caller.phase === 'induction' || this.caller.phase === 'conclusion') {
        this.heldUntilConnected.push(chunk);
        this.wantsDrain = true;
        return false;
      }
      this.counters.bytesNotConnected += chunk.length;
      return true;
    }
    this.sendStream(chunk);
    if (this.socket.getSendQueueSize() > SEND_QUEUE_HIGH_WATER_BYTES) {
      this.wantsDrain = true;
      return false;
    }
    return true;
  }

  /**
   * Sends what is still pending as a last (short) message; resolves once the ingest acknowledged everything sent or
   * after `waitMs`, whichever comes first.
   */
  async flush(waitMs: number): Promise<void> {
    this.sendPending();
    const deadline = this.clock() + waitMs;
    while (!this.closed && this.caller.phase === 'connected' && this.caller.unacknowledged > 0 && this.clock() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, FLUSH_POLL_MS));
    }
  }

  /** Ends the session (SHUTDOWN when connected) and closes the socket. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    this.caller.close(this.clock()); // its SHUTDOWN still goes out
    this.closed = true;
    await closeSocket(this.socket);
  }

  private sendStream(chunk: Buffer): void {
    const messages = this.messages.push(chunk);
    if (messages.length > 0) this.sendMessages(messages);
    if (this.messages.pendingBytes > 0 && !this.flushScheduled) {
      // The remainder goes at the end of this event-loop turn unless more data completes it first.
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.sendPending();
      });
    }
  }

  /** Sends the remainder as a short message of whole TS packets (a fragment of one waits for the rest). */
  private sendPending(): void {
    if (this.closed || this.caller.phase !== 'connected') return;
    const last = this.messages.flush();
    if (last) this.sendMessages([last]);
  }

  /** One data packet per message, written into one allocation. */
  private sendMessages(messages: Buffer[]): void {
    const now = this.clock();
    const slab = Buffer.allocUnsafe(messages.reduce((sum, m) => sum + SRT_HEADER_BYTES + m.length, 0));
    let offset = 0;
    for (const message of messages) offset += this.caller.sendMessage(message, now, slab, offset);
    this.lastDataSentMs = now;
  }

  private toIngest(datagram: Buffer): void {
    if (this.closed) return;
    const encryption = this.encryption;
    const out = encryption ? encryption.fromCaller(datagram) : datagram;
    if (out === null) {
      this.counters.encryptionDropped++;
      return;
    }
    this.counters.datagramsToIngest++;
    this.socket.send(out); // errors reach the socket's 'error' listener; no per-datagram callback
    this.account('toIngest', out);
  }

  private fromIngest(datagram: Buffer): void {
    if (this.closed) return;
    this.counters.datagramsFromIngest++;
    const plain = this.encryption ? this.encryption.fromIngest(datagram) : datagram;
    if (plain === null) return;
    this.account('toSender', plain);
    const wasConnected = this.connected();
    const end = this.caller.receive(plain, this.clock());
    if (end) this.emit('ended', end);
    else if (!wasConnected && this.connected()) this.onConnected();
  }

  private connected(): boolean {
    return this.caller.phase === 'connected';
  }

  private onConnected(): void {
    const held = this.heldUntilConnected;
    this.heldUntilConnected = [];
    for (const chunk of held) this.sendStream(chunk);
    this.releaseDrain();
  }

  private tick(): void {
    const now = this.clock();
    const end = this.caller.tick(now);
    if (end) {
      this.heldUntilConnected = [];
      this.emit('ended', end);
    }
    for (const change of this.stats.tick(now)) this.emit('state', change);
    if (this.caller.phase === 'connected' && this.socket.getSendQueueSize() <= SEND_QUEUE_HIGH_WATER_BYTES / 2) this.releaseDrain();
  }

  private releaseDrain(): void {
    if (!this.wantsDrain) return;
    this.wantsDrain = false;
    this.emit('drain');
  }

  private account(direction: 'toIngest' | 'toSender', datagram: Buffer): void {
    let changes: TapStateChange[];
    try {
      changes = this.stats.onDatagram(direction, datagram, this.clock());
    } catch (err) {
      this.counters.telemetryErrors++; // a decoder bug costs one datagram's statistics, never the stream
      if (this.listenerCount('ioError') > 0) this.emit('ioError', err instanceof Error ? err : new Error(String(err)));
      return;
    }
    for (const change of changes) this.emit('state', change);
  }

  private ioFailure(err: Error): void {
    this.counters.ioErrors++;
    if (this.listenerCount('ioError') > 0) this.emit('ioError', err);
  }
}
