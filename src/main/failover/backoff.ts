// Retry back-off for ingest reconnects: exponential growth with jitter, and the ingest's minimum gap between attempts.

/** Exponential back-off settings; every field in milliseconds except the dimensionless factor and ratio. */
export interface RetryBackoff {
  /** Delay before the first retry after a failure. */
  initialMs: number;
  /** Growth per consecutive failure (≥ 1). */
  factor: number;
  /** Upper bound of any delay, jitter included. */
  maxMs: number;
  /** ± fraction of the delay drawn at random, so two apps do not retry in lockstep (0 ≤ ratio < 1). */
  jitterRatio: number;
}

export const DEFAULT_RETRY_BACKOFF: Readonly<RetryBackoff> = Object.freeze({
  initialMs: 10_000,
  factor: 2,
  maxMs: 120_000,
  jitterRatio: 0.1,
});

/**
 * Delay before retry number `attempt` (1 = first retry after the first failure):
 * `initialMs · factor^(attempt-1)`, capped at `maxMs`, then scaled by a jitter in `[1-jitterRatio, 1+jitterRatio)`
 * drawn from `random()` (a value in [0, 1)), capped at `maxMs` again and rounded to whole milliseconds.
 * Attempts below 1 are treated as 1. Pure: the same inputs always give the same delay.
 */
export function nextRetryDelayMs(attempt: number, backoff: RetryBackoff, random: () => number): number {
  const n = Math.max(1, Math.floor(Number.isFinite(attempt) ? attempt : 1));
  // Cap the exponent before Math.pow so a long outage cannot overflow to Infinity.
  const growth = backoff.factor <= 1 ? 1 : Math.pow(backoff.factor, Math.min(n - 1, 64));
  const baseMs = Math.min(backoff.maxMs, backoff.initialMs * growth);
  const r = Math.min(Math.max(random(), 0), 1);
  const jittered = baseMs * (1 + backoff.jitterRatio * (2 * r - 1));
  return Math.round(Math.min(backoff.maxMs, Math.max(0, jittered)));
}

/**
 * When the next attempt on one URL may start: `failedAtMs + delayMs`, but never sooner than `minIntervalMs`
 * after the previous attempt on that URL (Gcore's ingest rate-limits connection attempts, gcore-api.md §3).
 */
export function earliestRetryAtMs(options: {
  failedAtMs: number;
  delayMs: number;
  lastAttemptAtMs: number | null;
  minIntervalMs: number;
}): number {
  const byBackoff = options.failedAtMs + options.delayMs;
  if (options.lastAttemptAtMs === null) return byBackoff;
  return Math.max(byBackoff, options.lastAttemptAtMs + options.minIntervalMs);
}
