// Test support: one ingest URL of the Gcore model with a real libsrt listener behind the product's ingest front
// (src/main/rehearsal/ingestFront.ts); the listener can be swapped for one with another passphrase.

import type { Socket } from 'node:dgram';
import { IngestFront, type IngestFrontOptions } from '../../../src/main/rehearsal/ingestFront';
import { SrtTestListener, type SrtTestListenerOptions } from '../srtListener';

export interface IngestEndpointOptions extends Omit<IngestFrontOptions, 'upstreamPort'> {
  /** Options of the libsrt listener behind the front (latency, passphrase…). Default latency 120 ms. */
  listener?: SrtTestListenerOptions;
}

export class IngestEndpoint extends IngestFront {
  /** Listeners replaced by setPassphrase, stopped at close() (a connection admitted before keeps its own). */
  private readonly retiredListeners: SrtTestListener[] = [];

  private constructor(
    options: IngestFrontOptions,
    front: Socket,
    /** The libsrt listener new connections go to (setPassphrase replaces it; open connections keep theirs). */
    public listener: SrtTestListener,
    private listenerOptions: SrtTestListenerOptions,
  ) {
    super(options, front);
  }

  /** Starts the libsrt listener and binds the front on 127.0.0.1:0. */
  static async start(options: IngestEndpointOptions): Promise<IngestEndpoint> {
    const { listener: listenerOptions = {}, ...frontOptions } = options;
    const listener = await SrtTestListener.start({ latencyMs: 120, ...listenerOptions });
    const holder: { endpoint: IngestEndpoint | null } = { endpoint: null };
    const upstreamPort = (): number => holder.endpoint?.listener.port ?? listener.port;
    holder.endpoint = new IngestEndpoint({ ...frontOptions, upstreamPort }, await IngestFront.bindSocket(), listener, listenerOptions);
    return holder.endpoint;
  }

  /**
   * The stream's SRT passphrase changed (null: none): new connections go to a fresh libsrt listener that requires it, so a
   * caller with another passphrase is refused by libsrt itself; an open connection keeps its listener and its keys.
   */
  async setPassphrase(passphrase: string | null): Promise<void> {
    const { passphrase: _old, ...rest } = this.listenerOptions;
    const options = { ...rest, ...(passphrase !== null ? { passphrase } : {}) };
    const next = await SrtTestListener.start({ latencyMs: 120, ...options });
    this.listenerOptions = options;
    this.retiredListeners.push(this.listener);
    this.listener = next;
  }

  override async close(): Promise<void> {
    await super.close();
    await this.listener.stop();
    await Promise.all(this.retiredListeners.map((l) => l.stop()));
  }
}
