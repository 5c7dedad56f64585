// A local model of Gcore's ingest for tests, the benchmark and the rehearsal: a primary and a backup SRT endpoint (real
// libsrt listeners behind packet-reading fronts) sharing one viewer model, plus the API's live/backup_live flags.

import { performance } from 'node:perf_hooks';
import type { SrtTestListenerOptions } from '../srtListener';
import { GcoreIngestModel } from '../../../src/main/ingestModel/gcoreIngestModel';
import type { GcoreIngestRules } from '../../../src/main/ingestModel/gcoreIngestRules';
import type { IngestLiveState, IngestRole, ViewerReport } from '../../../src/main/ingestModel/ingestModelTypes';
import { IngestEndpoint } from './ingestEndpoint';

export interface GcoreIngestOptions {
  /** Platform figures; Gcore's documented values by default (gcoreIngestRules.ts). Tests shorten them. */
  rules?: Partial<GcoreIngestRules>;
  /** Options of both libsrt listeners (latency, passphrase…). */
  listener?: SrtTestListenerOptions;
  /** Per-ingest listener options over `listener` (e.g. one recording file each). */
  listenerFor?: Partial<Record<IngestRole, SrtTestListenerOptions>>;
  /** Stream id each URL accepts (others get an SRT rejection); by default any stream id is accepted. */
  expectedStreamIds?: Partial<Record<IngestRole, string>>;
  /** See IngestEndpointOptions.dataSilenceMs. Default 200. */
  dataSilenceMs?: number;
  /** Monotonic clock, ms. Default performance.now. */
  clock?: () => number;
}

/**
 * Usage:
 * ```ts
 * const ingest = await GcoreIngest.start({ rules: { idleDropMs: 1000 } });
 * // push to ingest.primary.url / ingest.backup.url …
 * ingest.primary.blackhole(5000);
 * ingest.liveState();                               // { live, backup_live } for the fake API
 * ingest.report(performance.now() + 90_000);        // what viewers see, 60 s switch-back included
 * await ingest.close();
 * ```
 */
export class GcoreIngest {
  readonly model: GcoreIngestModel;
  private readonly clock: () => number;

  private constructor(model: GcoreIngestModel, clock: () => number, readonly primary: IngestEndpoint, readonly backup: IngestEndpoint) {
    this.model = model;
    this.clock = clock;
  }

  static async start(options: GcoreIngestOptions = {}): Promise<GcoreIngest> {
    const clock = options.clock ?? (() => performance.now());
    const model = new GcoreIngestModel({ clock, ...(options.rules ? { rules: options.rules } : {}) });
    const endpoint = (role: IngestRole): Promise<IngestEndpoint> => IngestEndpoint.start({
      role, model, clock,
      ...(options.listener || options.listenerFor?.[role] ? { listener: { ...options.listener, ...options.listenerFor?.[role] } } : {}),
      expectedStreamId: options.expectedStreamIds?.[role] ?? null,
      ...(options.dataSilenceMs !== undefined ? { dataSilenceMs: options.dataSilenceMs } : {}),
    });
    const primary = await endpoint('primary');
    try {
      return new GcoreIngest(model, clock, primary, await endpoint('backup'));
    } catch (err) {
      await primary.close();
      throw err;
    }
  }

  endpoint(role: IngestRole): IngestEndpoint {
    return role === 'primary' ? this.primary : this.backup;
  }

  /** The API stream fields now: `live` (primary receiving), `backup_live` (backup receiving). */
  liveState(): IngestLiveState {
    return this.model.liveState(this.clock());
  }

  /** Viewer report up to `atMs` (default now; later times assume the present state continues). */
  report(atMs: number = this.clock()): ViewerReport {
    return this.model.report(atMs);
  }

  /** Ends open connections, closes both fronts and stops both listeners. */
  async close(): Promise<void> {
    await Promise.all([this.primary.close(), this.backup.close()]);
  }
}
