// Test relay on 127.0.0.1 between one SRT caller and one listener: applies an optional per-datagram transform (such as
// the tap's encryption) in each direction and records what it received and what it forwarded, for the crypto tests.

import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

/** Per-datagram hooks; `null` drops the datagram. */
export interface DatagramTransform {
  fromCaller(datagram: Buffer): Buffer | null;
  fromIngest(datagram: Buffer): Buffer | null;
}

export interface RelayedDatagram {
  dir: 'c2i' | 'i2c';
  received: Buffer;
  /** What went on (null when the transform dropped it). */
  forwarded: Buffer | null;
}

/** Records at most this many datagrams (a few seconds of a 1.5 Mbit/s test stream fit easily). */
const MAX_RECORDED = 50_000;

export class TransformingUdpRelay {
  readonly recorded: RelayedDatagram[] = [];
  /** Errors thrown by the transform (each one also drops its datagram). */
  readonly transformErrors: Error[] = [];
  private caller: RemoteInfo | null = null;

  private constructor(
    private readonly front: Socket,
    private readonly back: Socket,
    private readonly transform: DatagramTransform | null,
  ) {
    front.on('message', (msg, rinfo) => {
      this.caller = rinfo;
      this.relay('c2i', msg, (out) => back.send(out));
    });
    back.on('message', (msg) => {
      const caller = this.caller;
      if (caller) this.relay('i2c', msg, (out) => front.send(out, caller.port, caller.address));
    });
  }

  /** Binds 127.0.0.1:0 for the caller and connects a second socket to the listener's port. */
  static async open(ingestPort: number, transform: DatagramTransform | null = null): Promise<TransformingUdpRelay> {
    const front = createSocket('udp4');
    const back = createSocket('udp4');
    await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => back.bind(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => back.connect(ingestPort, '127.0.0.1', resolve));
    // ECONNREFUSED after the listener exits is expected at the end of a test.
    front.on('error', () => undefined);
    back.on('error', () => undefined);
    return new TransformingUdpRelay(front, back, transform);
  }

  /** Port the caller connects to. */
  get port(): number {
    return this.front.address().port;
  }

  async close(): Promise<void> {
    await Promise.all([this.front, this.back].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  private relay(dir: 'c2i' | 'i2c', msg: Buffer, send: (out: Buffer) => void): void {
    let out: Buffer | null = msg;
    if (this.transform) {
      try {
        out = dir === 'c2i' ? this.transform.fromCaller(msg) : this.transform.fromIngest(msg);
      } catch (err) {
        this.transformErrors.push(err instanceof Error ? err : new Error(String(err)));
        out = null;
      }
    }
    if (this.recorded.length < MAX_RECORDED) this.recorded.push({ dir, received: msg, forwarded: out });
    if (out) send(out);
  }
}
