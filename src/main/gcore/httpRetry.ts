// Pure retry rules for the Gcore client: which failures to retry for which method, and how long to wait.

/** How retries behave; the client's defaults follow Gcore's official SDKs (gcore-api.md §5). */
export interface RetryPolicy {
  /** Retries after the first attempt (so maxRetries + 1 requests at most). */
  maxRetries: number;
  /** First backoff step; doubles each retry. */
  baseDelayMs: number;
  /** Ceiling of the exponential backoff. */
  maxBackoffMs: number;
  /** The longest Retry-After we are willing to sleep; a longer one ends the retries with the server's wait in the error. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxBackoffMs: 8_000, maxRetryAfterMs: 60_000 };

/** What went wrong with one attempt. */
export type AttemptFailure =
  | { kind: 'status'; status: number; headers: { get(name: string): string | null } }
  /** `beforeSend`: the connection was never made (refused, DNS…), so the server cannot have acted on the request. */
  | { kind: 'network'; beforeSend: boolean; transient: boolean }
  | { kind: 'timeout' };

export type RetryDecision =
  | { retry: true; delayMs: number; why: string }
  | { retry: false; why: 'not_retryable' | 'exhausted' | 'retry_after_too_long'; retryAfterMs?: number };

/**
 * Reads `Retry-After-Ms` (milliseconds, as Gcore's SDKs honour), else `Retry-After` as delta-seconds or an HTTP date.
 * Returns null when absent or unreadable; a date in the past gives 0.
 */
export function parseRetryAfterMs(headers: { get(name: string): string | null }, nowMs: number): number | null {
  const ms = headers.get('retry-after-ms')?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const value = headers.get('retry-after')?.trim();
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  // An HTTP date always has a day or month name; Date.parse would also read "-3" as a year.
  const dateMs = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(dateMs)) return null;
  return Math.max(0, dateMs - nowMs);
}

/** Exponential backoff with up to 25 % jitter below the step: min(base·2^n, max) · (1 − 0.25·random). */
export function backoffDelayMs(retryIndex: number, random: () => number, policy: RetryPolicy): number {
  const step = Math.min(policy.baseDelayMs * 2 ** retryIndex, policy.maxBackoffMs);
  return Math.round(step * (1 - 0.25 * Math.min(1, Math.max(0, random()))));
}

/**
 * Retryable HTTP statuses. 501 (not implemented) and 505 are permanent. 408/429 mean "not processed, come back".
 */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/**
 * Whether a failure may be retried for this method.
 *
 * GET, PATCH and DELETE are retried on 408/429/5xx, network errors and timeouts: a GET has no effect, our PATCHes set
 * absolute values, so sending one twice gives the same stream, and a DELETE retried after it took effect meets a 404
 * that the client reads as done. POST (create, reset_push_token) is not idempotent: after a 5xx, a reset
 * connection or a timeout the stream may already exist, and a retry could create a duplicate that holds a key and counts
 * against the account's stream limit. So POST is retried only when the server cannot have acted on it: 429 (refused by
 * the rate limiter) and connection failures before anything was sent. Everything else is reported with a hint to list
 * the streams first. An explicit `x-should-retry: true|false` header (Stainless SDK convention) overrides this.
 */
export function isRetryable(failure: AttemptFailure, method: string): boolean {
  const idempotent = method !== 'POST';
  if (failure.kind === 'status') {
    const hint = failure.headers.get('x-should-retry')?.trim().toLowerCase();
    if (hint === 'true') return true;
    if (hint === 'false') return false;
    if (failure.status === 429) return true;
    return idempotent && isRetryableStatus(failure.status);
  }
  if (failure.kind === 'network') return failure.transient && (idempotent || failure.beforeSend);
  return idempotent;
}

/** Decides the next step after a failed attempt; `retriesDone` counts retries already made (0 after the first attempt). */
export function decideRetry(input: {
  failure: AttemptFailure;
  method: string;
  retriesDone: number;
  policy: RetryPolicy;
  nowMs: number;
  random: () => number;
}): RetryDecision {
  const { failure, policy } = input;
  if (!isRetryable(failure, input.method)) return { retry: false, why: 'not_retryable' };
  if (input.retriesDone >= policy.maxRetries) return { retry: false, why: 'exhausted' };
  const why = failure.kind === 'status' ? `HTTP ${failure.status}` : failure.kind === 'timeout' ? 'timeout' : 'network error';
  if (failure.kind === 'status') {
    const retryAfterMs = parseRetryAfterMs(failure.headers, input.nowMs);
    if (retryAfterMs !== null) {
      if (retryAfterMs > policy.maxRetryAfterMs) return { retry: false, why: 'retry_after_too_long', retryAfterMs };
      return { retry: true, delayMs: retryAfterMs, why };
    }
  }
  return { retry: true, delayMs: backoffDelayMs(input.retriesDone, input.random, policy), why };
}

const NETWORK_REASONS: Record<string, [reason: string, beforeSend: boolean, transient: boolean]> = {
  ECONNREFUSED: ['connection refused', true, true],
  ENOTFOUND: ['host name not found', true, true],
  EAI_AGAIN: ['DNS lookup failed', true, true],
  EHOSTUNREACH: ['no route to host', true, true],
  ENETUNREACH: ['network unreachable', true, true],
  ENETDOWN: ['network is down', true, true],
  UND_ERR_CONNECT_TIMEOUT: ['connection timed out', true, true],
  ETIMEDOUT: ['connection timed out', false, true],
  ECONNRESET: ['connection reset', false, true],
  EPIPE: ['connection closed while sending', false, true],
  UND_ERR_SOCKET: ['connection closed by the server', false, true],
  UND_ERR_CLOSED: ['connection closed', false, true],
};

function errorCodes(err: unknown, depth = 0): string[] {
  if (!err || typeof err !== 'object' || depth > 4) return [];
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  const own = typeof e.code === 'string' ? [e.code] : [];
  const nested = Array.isArray(e.errors) ? e.errors.flatMap((x) => errorCodes(x, depth + 1)) : [];
  return [...own, ...nested, ...errorCodes(e.cause, depth + 1)];
}

/**
 * Reads a fetch failure (undici wraps the socket error in `cause`, sometimes an AggregateError for happy eyeballs).
 * TLS and unknown errors are not transient: retrying a bad certificate does not help.
 */
export function classifyNetworkError(err: unknown): { reason: string; beforeSend: boolean; transient: boolean } {
  for (const code of errorCodes(err)) {
    const known = NETWORK_REASONS[code];
    if (known) return { reason: known[0], beforeSend: known[1], transient: known[2] };
    if (/CERT|TLS|SSL|SELF_SIGNED|ALTNAME/.test(code)) return { reason: `TLS certificate problem: ${code}`, beforeSend: true, transient: false };
  }
  const codes = errorCodes(err);
  return { reason: codes[0] ? `network error ${codes[0]}` : 'network error', beforeSend: false, transient: true };
}

/** AbortSignal.timeout rejects with a DOMException named TimeoutError, both while waiting for headers and the body. */
export function isTimeoutError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'TimeoutError';
}
