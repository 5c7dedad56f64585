// Thin UDP relay between the local SRT sender (ffmpeg) and one ingest: forwards every datagram unchanged and feeds a
// copy of each to the pure TapStatsState for live telemetry (design.md "Why a sender per ingest, and why a tap").

import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { AppError } from '../appError';
import { bindSocket, closeSocket, DEFAULT_SOCKET_BUFFER_BYTES, openIngestSocket, type IngestAddress } from './ingestSocket';
import { decodeHandshakePacket } from './packets/handshakePacket';
import { rewriteCallerStreamId } from './packets/streamIdRewrite';
import type { TapEncryption, TapEncryptionStatus } from './crypto/tapEncryption';
import { TapStatsState, type TapDirection, type TapStatsOptions } from './tapStats';
import type { TapSnapshot, TapState, TapStateChange } from './tapTypes';

export interface SrtTapOptions extends TapStatsOptions {
  /** Ingest host name or IP address (resolved once, IPv4 or IPv6). */
  ingestHost: string;
  ingestPort: number;
  /** How often silence is checked, ms. Default 50. */
  tickMs?: number;
  /** Monotonic clock in ms; injectable for tests. Default performance.now. */
  clock?: () => number;
  /** Kernel socket buffer size requested for both sockets, bytes (the kernel may cap it). Default 4 MiB. */
  socketBufferBytes?: number;
  /**
   * The real SRT stream id (`123#key`, a secret): written into every CONCLUSION the sender sends, whose own id is only a
   * placeholder, so the key is on no command line. Null or absent forwards the sender's id as it is.
   */
  streamId?: string | null;
  /**
   * SRT encryption done here rather than by the sender (whose passphrase would be on its command line): the sender
   * connects without one, and this adds the key material to its handshake and encrypts its data (crypto/tapEncryption.ts).
   */
  encryption?: TapEncryption;
}

/** Relay counters (I/O side); the SRT telemetry is in {@link SrtTap.snapshot}. */
export interface SrtTapCounters {
  datagramsToIngest: number;
  datagramsToSender: number;
  /** Ingest datagrams that arrived before any sender was known (nowhere to send them). */
  droppedNoSender: number;
  /**
   * Datagrams from the front side that were not forwarded: anything before the sender's first SRT INDUCTION, and anything
   * from another local address that reached the socket before it was connected to the sender (after that the kernel
   * drops them unseen).
   */
  foreignDatagrams: number;
  /** Failed sends and socket errors (e.g. ECONNREFUSED after ICMP port-unreachable from the ingest). */
  ioErrors: number;
  /** Datagrams whose telemetry update threw (a bug); they were forwarded all the same. */
  telemetryErrors: number;
  /** Sender CONCLUSIONs the real stream id could not be written into (malformed); forwarded unchanged. */
  streamIdRewriteFailures: number;
  /** Datagrams the encryption held back: sender data before the key was agreed or after a refusal, KM refreshes. */
  encryptionDropped: number;
}

export interface SrtTapEvents {
  /** The session state changed (handshaking, connected, rejected, closed, silent…), with a reason. */
  state: [change: TapStateChange];
  /** A socket or send error (or a telemetry bug); the tap keeps relaying. Carries no secret. */
  ioError: [error: Error];
}

function isInduction(datagram: Buffer): boolean {
  const hs = decodeHandshakePacket(datagram);
  return hs.ok && hs.value.typeName === 'induction';
}

/**
 * One tap per uplink: ffmpeg connects to `srt://127.0.0.1:<port>` as if it were the ingest. Nothing the tap sees can stop
 * the stream: unparseable datagrams are counted and forwarded. The tap itself never delays or drops the session's traffic.
 *
 * A tap serves one sender, once: the first local socket that sends it an SRT INDUCTION becomes its sender and the front
 * socket is connected to it, so the kernel delivers nothing from any other local socket (issue 10, finding 3: a second
 * induction used to take the ingest's replies over). A restarted sender gets a new tap (uplink.ts opens one per start).
 */
export class SrtTap extends EventEmitter<SrtTapEvents> {
  /** Local UDP port the sender must connect to (on 127.0.0.1). */
  readonly port: number;
  /** Resolved ingest address. */
  readonly ingest: IngestAddress;
  private readonly stats: TapStatsState;
  private readonly clock: () => number;
  private readonly front: Socket;
  private readonly upstream: Socket;
  private readonly timer: NodeJS.Timeout;
  private sender: RemoteInfo | null = null;
  /** True once the front socket is connected to the sender: replies then go without an address. */
  private frontConnected = false;
  /**
   * Replies that arrived while the connect was under way (Node queues a send made then and fails it with EISCONN once the
   * connect lands); flushed by the connect callback. The connect completes within the tick, so this stays tiny.
   */
  private repliesDuringConnect: Buffer[] | null = null;
  /** Decides whether a local port is the sender's own (set once the sender is spawned); absent: the first caller wins. */
  private senderCheck: ((port: number) => Promise<boolean>) | null = null;
  /** Datagrams of a would-be sender held while its port is checked (one check at a time; a few datagrams at most). */
  private checking: { key: string; held: Buffer[] } | null = null;
  private closed = false;
  private readonly counters: SrtTapCounters = {
    datagramsToIngest: 0,
    datagramsToSender: 0,
    droppedNoSender: 0,
    foreignDatagrams: 0,
    ioErrors: 0,
    telemetryErrors: 0,
    streamIdRewriteFailures: 0,
    encryptionDropped: 0,
  };
  private readonly streamId: string | null;
  private readonly encryption: TapEncryption | null;

  private constructor(init: {
    options: SrtTapOptions;
    front: Socket;
    upstream: Socket;
    ingest: IngestAddress;
  }) {
    super();
    const { options, front, upstream } = init;
    this.stats = new TapStatsState(options);
    this.clock = options.clock ?? (() => performance.now());
    this.front = front;
    this.upstream = upstream;
    this.ingest = init.ingest;
    this.streamId = options.streamId ?? null;
    this.encryption = options.encryption ?? null;
    this.port = front.address().port;
    front.on('message', (msg, rinfo) => this.fromSender(msg, rinfo));
    upstream.on('message', (msg) => this.fromIngest(msg));
    front.on('error', (err) => this.frontFailure(err));
    upstream.on('error', (err) => this.ioFailure(err));
    this.timer = setInterval(() => this.emitChanges(this.stats.tick(this.clock())), options.tickMs ?? 50);
    this.timer.unref();
  }

  /**
   * Resolves the ingest host once, binds 127.0.0.1:0 for the sender and an ephemeral socket toward the ingest.
   * @throws AppError `unreachable`/`ingest_dns_failed` when the host does not resolve, `config`/`tap_bind_failed` when a socket cannot be opened.
   */
  static async open(options: SrtTapOptions): Promise<SrtTap> {
    const bufferBytes = options.socketBufferBytes ?? DEFAULT_SOCKET_BUFFER_BYTES;
    const { socket: upstream, ingest } = await openIngestSocket({ host: options.ingestHost, port: options.ingestPort, bufferBytes });
    const front = createSocket({ type: 'udp4', recvBufferSize: bufferBytes, sendBufferSize: bufferBytes });
    try {
      await bindSocket(front, 0, '127.0.0.1');
    } catch (cause) {
      front.close();
      upstream.close();
      throw new AppError('config', 'tap_bind_failed', 'Could not open the local UDP sockets of the SRT tap: check that the firewall allows local UDP.', { cause });
    }
    return new SrtTap({ options, front, upstream, ingest });
  }

  /** Current telemetry of the SRT session. */
  snapshot(): TapSnapshot {
    return this.stats.snapshot(this.clock());
  }

  get state(): TapState {
    return this.stats.state;
  }

  /** Relay counters (copies). */
  relayCounters(): SrtTapCounters {
    return { ...this.counters };
  }

  /** Stops relaying and releases both sockets. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await Promise.all([closeSocket(this.front), closeSocket(this.upstream)]);
  }

  /**
   * From now on the tap binds only to a local socket that `isSender(port)` confirms (the uplink checks the port belongs
   * to the sender process it started): another local program that reads the tap's port from the sender's command line
   * and sends an INDUCTION first gets nothing, instead of the real stream id and the encryption key written for it.
   */
  expectSender(isSender: (port: number) => Promise<boolean>): void {
    this.senderCheck = isSender;
  }

  private fromSender(msg: Buffer, rinfo: RemoteInfo): void {
    if (this.closed) return;
    const known = this.sender;
    if (known === null) {
      this.fromCandidate(msg, rinfo);
      return;
    }
    if (known.address !== rinfo.address || known.port !== rinfo.port) {
      this.counters.foreignDatagrams++; // queued before the connect took effect
      return;
    }
    this.forward(msg);
  }

  /** Before the session: only an SRT caller's first packet may bind the tap (a port scan or a stray datagram must not). */
  private fromCandidate(msg: Buffer, rinfo: RemoteInfo): void {
    const key = `${rinfo.address}:${rinfo.port}`;
    if (this.checking) {
      if (this.checking.key === key && this.checking.held.length < 16) this.checking.held.push(msg);
      else this.counters.foreignDatagrams++;
      return;
    }
    if (!isInduction(msg)) {
      this.counters.foreignDatagrams++;
      return;
    }
    const check = this.senderCheck;
    if (!check) {
      this.bindToSender(rinfo);
      this.forward(msg);
      return;
    }
    // Held, not dropped, while /proc is read (about a millisecond): the caller's next INDUCTION would come 250 ms later.
    const checking = { key, held: [msg] };
    this.checking = checking;
    void check(rinfo.port).catch(() => false).then((ours) => {
      this.checking = null;
      if (this.closed || this.sender !== null) return;
      if (!ours) {
        this.counters.foreignDatagrams += checking.held.length;
        return;
      }
      this.bindToSender(rinfo);
      for (const held of checking.held) this.forward(held);
    });
  }

  private forward(msg: Buffer): void {
    const toIngest = this.encrypted('fromCaller', this.withRealStreamId(msg));
    if (toIngest === null) return;
    this.counters.datagramsToIngest++;
    // No callback: a send error reaches the socket's 'error' listener (ioFailure) all the same, and a send without one
    // costs no request object and no completion callback per datagram.
    this.upstream.send(toIngest);
    this.account('toIngest', toIngest);
  }

  /** The sender's CONCLUSION with the real stream id in place of its placeholder; every other datagram as it came. */
  private withRealStreamId(msg: Buffer): Buffer {
    if (this.streamId === null) return msg;
    const rewrite = rewriteCallerStreamId(msg, this.streamId);
    if (rewrite.kind === 'failed') this.counters.streamIdRewriteFailures++;
    return rewrite.kind === 'rewritten' ? rewrite.datagram : msg;
  }

  private fromIngest(msg: Buffer): void {
    if (this.closed) return;
    const sender = this.sender;
    if (sender === null) {
      this.counters.droppedNoSender++;
      return;
    }
    // The sender sees (and the telemetry reads) the ingest's answers without their encryption parts.
    const toSender = this.encrypted('fromIngest', msg);
    if (toSender === null) return;
    this.counters.datagramsToSender++;
    this.replyToSender(toSender, sender);
    this.account('toSender', toSender);
  }

  /** The datagram as the tap's encryption passes it on (itself without encryption), or null when it is held back. */
  private encrypted(direction: 'fromCaller' | 'fromIngest', msg: Buffer): Buffer | null {
    const { encryption } = this;
    if (!encryption) return msg;
    const out = encryption[direction](msg);
    if (out === null) this.counters.encryptionDropped++;
    return out;
  }

  /** Whether the ingest accepted the tap's key ('ok'), has not answered yet, or refused the passphrase (with why). */
  encryptionStatus(): TapEncryptionStatus | null {
    return this.encryption?.status() ?? null;
  }

  private replyToSender(msg: Buffer, sender: RemoteInfo): void {
    if (this.repliesDuringConnect !== null) {
      this.repliesDuringConnect.push(msg);
      return;
    }
    // Errors go to the front socket's 'error' listener (frontFailure), as for the upstream sends.
    if (this.frontConnected) this.front.send(msg);
    else this.front.send(msg, sender.port, sender.address);
  }

  /** Locks the tap onto its one sender: from the connect on, the kernel drops datagrams from any other address. */
  private bindToSender(rinfo: RemoteInfo): void {
    this.sender = rinfo;
    this.repliesDuringConnect = [];
    this.front.connect(rinfo.port, rinfo.address, (err?: Error) => {
      // On failure replies keep going out with the address; foreign datagrams are still filtered by address.
      if (err) this.ioFailure(err);
      else this.frontConnected = true;
      const waiting = this.repliesDuringConnect ?? [];
      this.repliesDuringConnect = null;
      if (!this.closed) for (const msg of waiting) this.replyToSender(msg, rinfo);
    });
  }

  private account(direction: TapDirection, msg: Buffer): void {
    let changes: TapStateChange[];
    try {
      changes = this.stats.onDatagram(direction, msg, this.clock());
    } catch (err) {
      // Telemetry must never take the relay (or the app) down: a decoder bug costs one datagram's statistics.
      this.counters.telemetryErrors++;
      if (this.listenerCount('ioError') > 0) this.emit('ioError', err instanceof Error ? err : new Error(String(err)));
      return;
    }
    this.emitChanges(changes);
  }

  private emitChanges(changes: TapStateChange[]): void {
    for (const change of changes) this.emit('state', change);
  }

  private ioFailure(err: Error): void {
    this.counters.ioErrors++;
    if (this.listenerCount('ioError') > 0) this.emit('ioError', err);
  }

  /**
   * Errors of the front socket. Now that it is connected, the kernel reports the sender's port closing (ICMP port
   * unreachable → ECONNREFUSED) when ingest replies reach an exited ffmpeg; that exit is the process supervisor's to
   * report, so it is only counted here.
   */
  private frontFailure(err: Error): void {
    if ((err as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
      this.counters.ioErrors++;
      return;
    }
    this.ioFailure(err);
  }
}
