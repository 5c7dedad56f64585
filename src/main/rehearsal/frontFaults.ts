// Faults an ingest front injects on demand: blackhole for N ms, hard outage, loss burst (seeded), a refused key.
// Pure state with the clock passed in; the front asks it about every datagram, its own packets included.

import { mulberry32 } from './seededRandom';

export type FrontDirection = 'toIngest' | 'toCaller';

/** Wire code of the rejection sent for a refused key: SRT_REJX_FORBIDDEN 1403 → 2403 (srt-notes.md §3.6, §2.4). */
export const REFUSED_KEY_CODE = 2403;

export interface LossBurst {
  durationMs: number;
  /** Probability (0..1) of dropping each datagram. */
  lossRate: number;
  /** Default 'both'. */
  direction?: FrontDirection | 'both';
}

export class FrontFaults {
  /** While true the ingest is down: every datagram is dropped, nothing is answered. */
  outage = false;
  /** Wire rejection code answered to every new caller's CONCLUSION, or null to accept keys. */
  refuseCode: number | null = null;
  private blackholeWindow = { fromMs: 0, untilMs: 0 };
  private loss: (Required<LossBurst> & { fromMs: number; untilMs: number }) | null = null;
  private readonly random: () => number;

  constructor(seed = 1) {
    this.random = mulberry32(seed);
  }

  /** Drops every datagram, both ways, from `nowMs` for `durationMs` (a dead network path; the ingest stays up). */
  blackhole(nowMs: number, durationMs: number): void {
    this.blackholeWindow = { fromMs: nowMs, untilMs: nowMs + durationMs };
  }

  lossBurst(nowMs: number, burst: LossBurst): void {
    this.loss = { durationMs: burst.durationMs, lossRate: burst.lossRate, direction: burst.direction ?? 'both', fromMs: nowMs,
      untilMs: nowMs + burst.durationMs };
  }

  /** Which fault (if any) eats a datagram travelling `direction` at `nowMs`. */
  dropCause(direction: FrontDirection, nowMs: number): 'outage' | 'blackhole' | 'loss' | null {
    if (this.outage) return 'outage';
    const b = this.blackholeWindow;
    if (nowMs >= b.fromMs && nowMs < b.untilMs) return 'blackhole';
    const l = this.loss;
    if (l && nowMs >= l.fromMs && nowMs < l.untilMs && (l.direction === 'both' || l.direction === direction) && this.random() < l.lossRate) return 'loss';
    return null;
  }
}
