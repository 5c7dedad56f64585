// A pass-through UDP relay placed right in front of a test listener: it times every new SRT data packet on arrival,
// so "first byte at the ingest" and per-byte arrival times are exact (the listener's own stats lines are periodic).

import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import type { CounterSample } from './benchMath';

const SRT_HEADER_BYTES = 16;
/** Data packet, word 1: the R (retransmitted) flag. */
const REXMIT_FLAG = 0x04000000;

/** Relays between the latest client and `targetPort`; counts the payload of first transmissions toward the target. */
export class SrtWireMeter {
  readonly port: number;
  /** Cumulative payload bytes of new (non-retransmitted) data packets, at each packet's arrival (performance.now()). */
  readonly timeline: CounterSample[] = [];
  retransmittedPkts = 0;
  private total = 0;
  private client: RemoteInfo | null = null;
  private closed = false;

  private constructor(private readonly front: Socket, private readonly back: Socket, targetPort: number) {
    this.port = front.address().port;
    front.on('message', (msg, rinfo) => {
      const atMs = performance.now();
      this.client = rinfo;
      this.count(msg, atMs);
      if (!this.closed) back.send(msg, targetPort, '127.0.0.1');
    });
    back.on('message', (msg) => {
      if (!this.closed && this.client) front.send(msg, this.client.port, this.client.address);
    });
    front.on('error', () => undefined);
    back.on('error', () => undefined);
  }

  static async start(targetPort: number): Promise<SrtWireMeter> {
    const bufferBytes = 4 * 1024 * 1024;
    const front = createSocket({ type: 'udp4', recvBufferSize: bufferBytes, sendBufferSize: bufferBytes });
    const back = createSocket({ type: 'udp4', recvBufferSize: bufferBytes, sendBufferSize: bufferBytes });
    await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => back.bind(0, '127.0.0.1', resolve));
    return new SrtWireMeter(front, back, targetPort);
  }

  /** Arrival time of the first data packet; null before. */
  get firstDataAtMs(): number | null {
    return this.timeline[0]?.tMs ?? null;
  }

  get payloadBytes(): number {
    return this.total;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([
      new Promise<void>((resolve) => this.front.close(() => resolve())),
      new Promise<void>((resolve) => this.back.close(() => resolve())),
    ]);
  }

  private count(msg: Buffer, atMs: number): void {
    if (msg.length <= SRT_HEADER_BYTES || (msg[0]! & 0x80) !== 0) return; // control packet
    if ((msg.readUInt32BE(4) & REXMIT_FLAG) !== 0) {
      this.retransmittedPkts++;
      return;
    }
    this.total += msg.length - SRT_HEADER_BYTES;
    this.timeline.push({ tMs: atMs, value: this.total });
  }
}
