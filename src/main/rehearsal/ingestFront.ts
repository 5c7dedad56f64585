// One ingest URL of the Gcore model: a UDP front on 127.0.0.1 before a real SRT listener (the rehearsal's ffmpeg, the
// tests' libsrt listener). It reads the SRT packets passing (handshakes, data, SHUTDOWN), enforces the platform's
// connection rules, feeds the model, and injects faults.

import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { handshakeRejection, type HandshakePacket } from '../srt/packets/handshakePacket';
import { ControlType } from '../srt/packets/srtHeader';
import { FrontFaults, REFUSED_KEY_CODE, type FrontDirection, type LossBurst } from './frontFaults';
import type { GcoreIngestModel } from '../ingestModel/gcoreIngestModel';
import type { DropReason, IngestRole } from '../ingestModel/ingestModelTypes';
import { handshakeOf, packetKindOf, rejectionFor, shutdownPacket } from './ingestFrontPackets';

export interface IngestFrontOptions {
  role: IngestRole;
  model: GcoreIngestModel;
  clock: () => number;
  /**
   * UDP port on 127.0.0.1 of the SRT listener a new connection is relayed to, asked at each admission (a connection
   * keeps the listener it started with).
   */
  upstreamPort: () => number;
  /** Refuse (SRT rejection REFUSED_KEY_CODE) callers whose stream id differs; null (default) accepts any. */
  expectedStreamId?: string | null;
  /**
   * A data gap longer than this is reported to the model as stopped (back-dated to the last packet). Default 200: shorter
   * gaps go unreported, which costs nothing at the test senders' 200 ms SRT latency (see viewerTimeline.ts).
   */
  dataSilenceMs?: number;
  /** Seed of the loss-burst PRNG. Default 1. */
  seed?: number;
}

/** What the front did with datagrams, for assertions. */
export interface EndpointCounters {
  dataPackets: number;
  /** UDP payload bytes of those data packets (SRT header and retransmissions included). */
  dataBytes: number;
  droppedBusy: number;
  droppedRateLimited: number;
  /** From a caller whose connection the platform already ended (idle drop, refusal, outage). */
  droppedAfterEnd: number;
  /** Not a handshake start and from no known caller. */
  droppedStray: number;
  droppedByFault: number;
  rejectionsSent: number;
  idleDrops: number;
}

interface FrontSession {
  addr: string;
  client: RemoteInfo;
  /** The model's name of this caller: "address:port/socketId". */
  caller: string;
  callerSocketId: number;
  listenerSocketId: number | null;
  upstream: Socket;
  accepted: boolean;
  flowing: boolean;
  admittedAtMs: number;
  lastDataAtMs: number | null;
  streamId: string | null;
  /** The listener this connection talks to (the one current when it was admitted). */
  listenerPort: number;
}

const TICK_MS = 20;

export class IngestFront {
  readonly role: IngestRole;
  /** The caller connects to srt://127.0.0.1:<port>. */
  readonly port: number;
  readonly faults: FrontFaults;
  /** Stream ids of the handshakes seen (they contain the key: test use only). */
  readonly streamIdsSeen: string[] = [];
  /** Called with every data packet of an admitted connection as it arrives (the benchmark times keyframes with it). */
  onDataPacket: ((packet: Buffer, atMs: number) => void) | null = null;
  /** Rejections the front sent, decoded back with the project's codec (wire code and its sentence). */
  readonly rejectionsSent: Array<{ atMs: number; code: number; message: string }> = [];
  private readonly counters: EndpointCounters = {
    dataPackets: 0, dataBytes: 0, droppedBusy: 0, droppedRateLimited: 0, droppedAfterEnd: 0, droppedStray: 0, droppedByFault: 0,
    rejectionsSent: 0, idleDrops: 0,
  };
  private session: FrontSession | null = null;
  /** Callers whose connection ended, by address: their datagrams are dropped; a refused one gets its rejection again. */
  private readonly ended = new Map<string, { callerSocketId: number; rejection: Buffer | null }>();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  protected constructor(private readonly options: IngestFrontOptions, private readonly front: Socket) {
    this.role = options.role;
    this.port = front.address().port;
    this.faults = new FrontFaults(options.seed ?? 1);
    front.on('message', (msg, rinfo) => this.fromCaller(msg, rinfo));
    front.on('error', () => undefined); // a send to a vanished caller: lost, as on a network
    this.timer = setInterval(() => this.tick(this.options.clock()), TICK_MS);
    this.timer.unref();
  }

  /** Binds the front on 127.0.0.1 (an ephemeral port). */
  static async bind(options: IngestFrontOptions): Promise<IngestFront> {
    return new IngestFront(options, await IngestFront.bindSocket());
  }

  protected static async bindSocket(): Promise<Socket> {
    const front = createSocket({ type: 'udp4', recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 });
    await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', resolve));
    return front;
  }

  get url(): string {
    return `srt://127.0.0.1:${this.port}`;
  }

  stats(): EndpointCounters {
    return { ...this.counters };
  }

  /** Drops everything both ways for `durationMs`; the platform's idle drop cuts the connection if it lasts ≥ idleDropMs. */
  blackhole(durationMs: number): void {
    this.faults.blackhole(this.options.clock(), durationMs);
  }

  /** Hard outage: the ingest dies (the connection ends at once, the caller hears nothing) until `outage(false)`. */
  outage(down: boolean): void {
    this.faults.outage = down;
    if (down && this.session) this.end(this.session, this.options.clock(), 'outage');
  }

  /** From now on every new caller's handshake is answered with an SRT rejection (`code`), or accepted again with null. */
  refuseKey(code: number | null = REFUSED_KEY_CODE): void {
    this.faults.refuseCode = code;
  }

  /**
   * The platform's key reset: from now on only `streamId` is accepted (null: any). `endOthers` (the platform managed to
   * end the ingest, reset_push_token's 200) also ends an open connection that used another stream id, telling its
   * caller with a SHUTDOWN; without it (the 202) that connection goes on until it ends by itself.
   */
  setExpectedStreamId(streamId: string | null, options: { endOthers?: boolean } = {}): void {
    this.options.expectedStreamId = streamId;
    const s = this.session;
    if (options.endOthers && s && streamId !== null && s.streamId !== streamId) this.end(s, this.options.clock(), 'closed');
  }

  /** The platform drops the open connection (the stream was disabled or deleted), telling its caller with a SHUTDOWN. */
  dropConnection(): void {
    if (this.session) this.end(this.session, this.options.clock(), 'closed');
  }

  lossBurst(burst: LossBurst): void {
    this.faults.lossBurst(this.options.clock(), burst);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.session) this.end(this.session, this.options.clock(), 'closed');
    this.closed = true;
    clearInterval(this.timer);
    await new Promise<void>((resolve) => this.front.close(() => resolve()));
  }

  /** Whether a caller's connection is open now (admitted and not ended). */
  get connected(): boolean {
    return this.session !== null;
  }

  /** Silence and idle checks: run on a timer and before every datagram, so facts are recorded in time order. */
  private tick(nowMs: number): void {
    const s = this.session;
    if (!s || this.closed) return;
    const { model } = this.options;
    if (s.flowing && s.lastDataAtMs !== null && nowMs - s.lastDataAtMs >= (this.options.dataSilenceMs ?? 200)) {
      s.flowing = false;
      model.record({ kind: 'dataStopped', role: this.role, caller: s.caller, atMs: s.lastDataAtMs });
    }
    const idleSinceMs = s.flowing ? null : (s.lastDataAtMs ?? s.admittedAtMs);
    if (idleSinceMs !== null && nowMs - idleSinceMs >= model.rules.idleDropMs) {
      this.counters.idleDrops++;
      this.end(s, idleSinceMs + model.rules.idleDropMs, 'idle');
    }
  }

  private fromCaller(msg: Buffer, rinfo: RemoteInfo): void {
    if (this.closed) return;
    const nowMs = this.options.clock();
    this.tick(nowMs);
    if (this.faults.dropCause('toIngest', nowMs)) {
      this.counters.droppedByFault++;
      return;
    }
    const addr = `${rinfo.address}:${rinfo.port}`;
    const hs = handshakeOf(msg);
    const s = this.session;
    const newSocket = hs?.typeName === 'induction' && s !== null && hs.socketId !== s.callerSocketId;
    if (s && s.addr === addr && !newSocket) {
      this.inSession(s, msg, hs, nowMs);
      return;
    }
    const ended = this.ended.get(addr);
    if (ended && (!hs || hs.socketId === ended.callerSocketId)) {
      this.counters.droppedAfterEnd++;
      // libsrt repeats its CONCLUSION until it gets an answer: a refused caller hears its rejection again.
      if (hs?.typeName === 'conclusion' && ended.rejection) this.toCaller(rinfo, ended.rejection, nowMs);
      return;
    }
    if (hs?.typeName !== 'induction') {
      if (s) this.counters.droppedBusy++;
      else this.counters.droppedStray++;
      return;
    }
    const caller = `${addr}/${hs.socketId}`;
    const verdict = this.options.model.record({ kind: 'attempt', role: this.role, caller, atMs: nowMs });
    if (verdict !== 'admitted') {
      if (verdict === 'busy') this.counters.droppedBusy++;
      else this.counters.droppedRateLimited++;
      return;
    }
    if (s) this.end(s, nowMs, 'closed'); // the model saw it end already; keep the front in step
    this.session = this.open(addr, rinfo, caller, hs.socketId, nowMs);
    this.session.upstream.send(msg, this.session.listenerPort, '127.0.0.1');
  }

  private open(addr: string, client: RemoteInfo, caller: string, callerSocketId: number, nowMs: number): FrontSession {
    // One upstream socket per connection, so the listener sees each caller as its own peer.
    const upstream = createSocket('udp4');
    upstream.on('error', () => undefined);
    upstream.bind(0, '127.0.0.1');
    const s: FrontSession = { addr, client, caller, callerSocketId, listenerSocketId: null, upstream, accepted: false, listenerPort: this.options.upstreamPort(),
      flowing: false, admittedAtMs: nowMs, lastDataAtMs: null, streamId: null };
    upstream.on('message', (msg) => this.fromListener(s, msg));
    return s;
  }

  private inSession(s: FrontSession, msg: Buffer, hs: HandshakePacket | null, nowMs: number): void {
    const type = packetKindOf(msg);
    if (hs?.typeName === 'conclusion') {
      if (hs.streamId !== null && s.streamId === null) {
        s.streamId = hs.streamId;
        this.streamIdsSeen.push(hs.streamId);
      }
      const expected = this.options.expectedStreamId ?? null;
      const code = this.faults.refuseCode ?? (expected !== null && hs.streamId !== expected ? REFUSED_KEY_CODE : null);
      if (code !== null && !s.accepted) {
        const rejection = rejectionFor(msg, code, s.callerSocketId);
        const decoded = rejection ? handshakeOf(rejection) : null;
        const sent = decoded ? handshakeRejection(decoded) : null;
        if (rejection && sent) {
          this.counters.rejectionsSent++;
          this.rejectionsSent.push({ atMs: nowMs, ...sent });
          this.toCaller(s.client, rejection, nowMs);
        }
        this.end(s, nowMs, 'refused', rejection);
        return;
      }
    } else if (type === 'data') {
      this.counters.dataPackets++;
      this.counters.dataBytes += msg.length;
      this.onDataPacket?.(msg, nowMs);
      s.lastDataAtMs = nowMs;
      if (s.accepted && !s.flowing) {
        s.flowing = true;
        this.options.model.record({ kind: 'data', role: this.role, caller: s.caller, atMs: nowMs });
      }
    }
    s.upstream.send(msg, s.listenerPort, '127.0.0.1');
    if (type === ControlType.SHUTDOWN) this.end(s, nowMs, 'shutdown-by-sender');
  }

  private fromListener(s: FrontSession, msg: Buffer): void {
    if (this.closed || s !== this.session) return;
    const nowMs = this.options.clock();
    this.tick(nowMs);
    if (s !== this.session) return; // the tick ended it
    const hs = handshakeOf(msg);
    if (hs?.typeName === 'conclusion' && !s.accepted) {
      s.accepted = true;
      s.listenerSocketId = hs.socketId;
      const latencyMs = hs.hsrsp?.recvLatencyMs;
      this.options.model.record({ kind: 'accepted', role: this.role, caller: s.caller, atMs: nowMs, ...(latencyMs ? { latencyMs } : {}) });
    }
    this.toCaller(s.client, msg, nowMs);
    if (hs?.typeName === 'rejection') this.end(s, nowMs, 'refused');
    else if (packetKindOf(msg) === ControlType.SHUTDOWN) this.end(s, nowMs, 'shutdown-by-ingest');
  }

  private toCaller(client: RemoteInfo, msg: Buffer, nowMs: number): void {
    if (this.faults.dropCause('toCaller', nowMs)) {
      this.counters.droppedByFault++;
      return;
    }
    this.front.send(msg, client.port, client.address);
  }

  /** Ends the connection for the model and the listener; the platform's own cut (idle) also tells the caller. */
  private end(s: FrontSession, atMs: number, reason: DropReason, rejection: Buffer | null = null): void {
    const { model } = this.options;
    if (s.flowing && s.lastDataAtMs !== null) model.record({ kind: 'dataStopped', role: this.role, caller: s.caller, atMs: s.lastDataAtMs });
    model.record({ kind: 'dropped', role: this.role, caller: s.caller, atMs, reason });
    this.session = null;
    this.ended.set(s.addr, { callerSocketId: s.callerSocketId, rejection });
    if (this.ended.size > 100) this.ended.delete(this.ended.keys().next().value ?? '');
    const nowMs = this.options.clock();
    if (reason === 'idle' || reason === 'closed') this.toCaller(s.client, shutdownPacket(s.callerSocketId), nowMs);
    // Free the listener at once (it would otherwise wait for libsrt's 5 s peer-idle timeout), then drop the socket.
    const freeListener = reason === 'idle' || reason === 'outage' || reason === 'closed';
    const closeUpstream = (): void => {
      try {
        s.upstream.close();
      } catch {
        // already closed
      }
    };
    if (freeListener && s.listenerSocketId !== null) {
      s.upstream.send(shutdownPacket(s.listenerSocketId), s.listenerPort, '127.0.0.1', closeUpstream);
    } else {
      setTimeout(closeUpstream, 100).unref();
    }
  }
}

export type { FrontDirection, LossBurst };

