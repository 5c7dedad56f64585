// Test helpers: short builders for the ingest model's facts, so scenario tables read like timelines.

import type { IngestFact, IngestRole } from '../../src/main/ingestModel/ingestModelTypes';

/** Latency of the test senders (ffmpeg `latency=200000`). */
export const LATENCY_MS = 200;

/** A caller connects at `atMs` and data starts at once: attempt, accepted, data. */
export function connect(role: IngestRole, caller: string, atMs: number, latencyMs = LATENCY_MS): IngestFact[] {
  return [
    { kind: 'attempt', role, caller, atMs },
    { kind: 'accepted', role, caller, atMs, latencyMs },
    { kind: 'data', role, caller, atMs },
  ];
}

/** The last data packet arrived at `atMs`. */
export function stop(role: IngestRole, caller: string, atMs: number): IngestFact {
  return { kind: 'dataStopped', role, caller, atMs };
}

/** Data arrives again at `atMs` on the same connection. */
export function resume(role: IngestRole, caller: string, atMs: number): IngestFact {
  return { kind: 'data', role, caller, atMs };
}

export function attempt(role: IngestRole, caller: string, atMs: number): IngestFact {
  return { kind: 'attempt', role, caller, atMs };
}

export function shutdown(role: IngestRole, caller: string, atMs: number): IngestFact[] {
  return [stop(role, caller, atMs), { kind: 'dropped', role, caller, atMs, reason: 'shutdown-by-sender' }];
}
