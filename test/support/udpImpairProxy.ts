// User-space UDP impairment proxy on 127.0.0.1 (kernel netem is unavailable here): per-direction delay, jitter, seeded
// random loss and a bottleneck (a link rate with a drop-tail queue, as a home router's uplink), plus a run-time
// blackhole, between one client and one target (srt-notes.md §4.2).

import { mulberry32 } from './seededRandom';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

/** Impairment of one direction. */
export interface Impairment {
  /** Fixed one-way delay, ms. */
  delayMs?: number;
  /** Uniform jitter added to the delay, ± ms. Delivery order is kept unless `reorder` is true. */
  jitterMs?: number;
  /** Probability (0..1) of dropping each datagram. */
  lossRate?: number;
  /** Let jitter reorder datagrams (netem's default). Default false: a datagram never overtakes an earlier one. */
  reorder?: boolean;
  /** Bottleneck rate, kbit/s: datagrams leave one after another at this rate. Default 0 (none). */
  rateKbps?: number;
  /** Bytes the bottleneck's queue holds; a datagram that does not fit is dropped (drop-tail). Default 256 KiB. */
  queueBytes?: number;
}

export interface UdpImpairProxyOptions {
  targetPort: number;
  targetHost?: string;
  /** Client → target direction (e.g. sender → ingest). */
  toTarget?: Impairment;
  /** Target → client direction. */
  toClient?: Impairment;
  /** PRNG seed for loss and jitter, so a run's decisions are reproducible. Default 1. */
  seed?: number;
}

export type ProxyDirection = 'toTarget' | 'toClient';

/** Counters per direction. */
export interface ProxyDirectionCounters {
  received: number;
  forwarded: number;
  droppedLoss: number;
  droppedBlackhole: number;
  /** Dropped because the bottleneck's queue was full. */
  droppedQueue: number;
}


interface Lane {
  impairment: Required<Impairment>;
  counters: ProxyDirectionCounters;
  lastDueMs: number;
  /** When the bottleneck has sent everything queued so far, ms. */
  linkFreeMs: number;
  /** In-order delay line: due times never decrease, one timer serves the head. */
  queue: Array<{ dueMs: number; msg: Buffer }>;
  queueTimer: NodeJS.Timeout | null;
  /** Per-datagram timers, used only when reordering is allowed. */
  timers: Set<NodeJS.Timeout>;
}

function lane(i: Impairment | undefined): Lane {
  return {
    impairment: {
      delayMs: i?.delayMs ?? 0, jitterMs: i?.jitterMs ?? 0, lossRate: i?.lossRate ?? 0, reorder: i?.reorder ?? false,
      rateKbps: i?.rateKbps ?? 0, queueBytes: i?.queueBytes ?? 256 * 1024,
    },
    counters: { received: 0, forwarded: 0, droppedLoss: 0, droppedBlackhole: 0, droppedQueue: 0 },
    lastDueMs: 0,
    linkFreeMs: 0,
    queue: [],
    queueTimer: null,
    timers: new Set(),
  };
}

/**
 * Relays datagrams between the latest client that sent to {@link port} and the target. Start it with
 * {@link UdpImpairProxy.start}; change impairments with {@link set} and {@link blackhole} while traffic flows.
 */
export class UdpImpairProxy {
  readonly port: number;
  private readonly random: () => number;
  private readonly lanes: Record<ProxyDirection, Lane>;
  private client: RemoteInfo | null = null;
  /** Every client socket that sent here, with when it was first heard (performance.now()): one per connection attempt. */
  readonly clientsSeen: Array<{ port: number; firstSeenMs: number }> = [];
  private holed = false;
  private closed = false;

  private constructor(
    private readonly front: Socket,
    private readonly back: Socket,
    private readonly options: UdpImpairProxyOptions,
  ) {
    this.port = front.address().port;
    this.random = mulberry32(options.seed ?? 1);
    this.lanes = { toTarget: lane(options.toTarget), toClient: lane(options.toClient) };
    // The latest client wins: a restarted sender (new socket) takes over the path, as a reconnecting encoder would.
    front.on('message', (msg, rinfo) => {
      if (this.client?.port !== rinfo.port && !this.clientsSeen.some((c) => c.port === rinfo.port)) {
        this.clientsSeen.push({ port: rinfo.port, firstSeenMs: performance.now() });
      }
      this.client = rinfo;
      this.pass('toTarget', msg);
    });
    back.on('message', (msg) => this.pass('toClient', msg));
    // Errors such as ECONNREFUSED (target gone) must not crash a test; the datagram is simply lost, as on a network.
    front.on('error', () => undefined);
    back.on('error', () => undefined);
  }

  /** Binds 127.0.0.1:0 and relays to `targetHost:targetPort`. */
  static async start(options: UdpImpairProxyOptions): Promise<UdpImpairProxy> {
    // Large kernel buffers: bursts must be shaped by the configured impairment, not lost in the socket.
    const bufferBytes = 4 * 1024 * 1024;
    const front = createSocket({ type: 'udp4', recvBufferSize: bufferBytes, sendBufferSize: bufferBytes });
    const back = createSocket({ type: 'udp4', recvBufferSize: bufferBytes, sendBufferSize: bufferBytes });
    await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => back.bind(0, '127.0.0.1', resolve));
    return new UdpImpairProxy(front, back, options);
  }

  /** Replaces the impairment of one direction (applies to datagrams arriving from now on). */
  set(direction: ProxyDirection, impairment: Impairment): void {
    this.lanes[direction].impairment = lane(impairment).impairment;
  }

  /** While on, every datagram in both directions is dropped on arrival, like a dead network path. */
  blackhole(on: boolean): void {
    this.holed = on;
  }

  /**
   * Sends `msg` to the client from the proxy's own port, as if the target had sent it (an off-path attacker spoofing the
   * ingest's address looks exactly like this to the client). False when no client has talked to the proxy yet.
   */
  injectToClient(msg: Buffer): boolean {
    if (this.closed || !this.client) return false;
    this.front.send(msg, this.client.port, this.client.address);
    return true;
  }

  counters(direction: ProxyDirection): ProxyDirectionCounters {
    return { ...this.lanes[direction].counters };
  }

  /** Stops relaying, cancels delayed datagrams and closes both sockets. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const l of Object.values(this.lanes)) {
      for (const t of l.timers) clearTimeout(t);
      l.timers.clear();
      if (l.queueTimer) clearTimeout(l.queueTimer);
      l.queue = [];
    }
    await Promise.all([
      new Promise<void>((resolve) => this.front.close(() => resolve())),
      new Promise<void>((resolve) => this.back.close(() => resolve())),
    ]);
  }

  private pass(direction: ProxyDirection, msg: Buffer): void {
    if (this.closed) return;
    const l = this.lanes[direction];
    l.counters.received++;
    if (this.holed) {
      l.counters.droppedBlackhole++;
      return;
    }
    const { delayMs, jitterMs, lossRate, reorder, rateKbps, queueBytes } = l.impairment;
    if (lossRate > 0 && this.random() < lossRate) {
      l.counters.droppedLoss++;
      return;
    }
    const jitter = jitterMs > 0 ? (this.random() * 2 - 1) * jitterMs : 0;
    const nowMs = performance.now();
    let departMs = nowMs;
    if (rateKbps > 0) {
      // What the queue holds is what the link has not sent yet; a datagram that does not fit is lost, as in a router.
      const busyUntilMs = Math.max(nowMs, l.linkFreeMs);
      if (((busyUntilMs - nowMs) * rateKbps) / 8 + msg.length > queueBytes) {
        l.counters.droppedQueue++;
        return;
      }
      l.linkFreeMs = busyUntilMs + (msg.length * 8) / rateKbps;
      departMs = l.linkFreeMs;
    }
    let dueMs = departMs + Math.max(0, delayMs + jitter);
    if (!reorder) dueMs = Math.max(dueMs, l.lastDueMs);
    l.lastDueMs = dueMs;
    if (dueMs <= nowMs && l.queue.length === 0) {
      this.deliver(direction, msg);
      return;
    }
    if (reorder) {
      const timer = setTimeout(() => {
        l.timers.delete(timer);
        this.deliver(direction, msg);
      }, dueMs - nowMs);
      l.timers.add(timer);
      return;
    }
    l.queue.push({ dueMs, msg });
    if (l.queueTimer === null) this.armQueue(direction);
  }

  /** Delivers every queued datagram that is due, in order, then waits for the next one. */
  private armQueue(direction: ProxyDirection): void {
    const l = this.lanes[direction];
    const head = l.queue[0];
    if (!head || this.closed) {
      l.queueTimer = null;
      return;
    }
    l.queueTimer = setTimeout(() => {
      const nowMs = performance.now();
      while (l.queue.length > 0 && (l.queue[0]?.dueMs ?? Infinity) <= nowMs + 0.5) {
        const item = l.queue.shift();
        if (item) this.deliver(direction, item.msg);
      }
      this.armQueue(direction);
    }, Math.max(0, head.dueMs - performance.now()));
  }

  private deliver(direction: ProxyDirection, msg: Buffer): void {
    if (this.closed) return;
    const l = this.lanes[direction];
    if (direction === 'toTarget') {
      this.back.send(msg, this.options.targetPort, this.options.targetHost ?? '127.0.0.1');
    } else if (this.client) {
      this.front.send(msg, this.client.port, this.client.address);
    }
    l.counters.forwarded++;
  }
}
