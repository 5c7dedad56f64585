// Pure retry rules: Retry-After parsing, backoff steps, which failures each method retries, network error reading.

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  backoffDelayMs,
  classifyNetworkError,
  decideRetry,
  isRetryable,
  isTimeoutError,
  parseRetryAfterMs,
  type AttemptFailure,
} from '../../src/main/gcore/httpRetry';

function headers(values: Record<string, string>): Headers {
  return new Headers(values);
}

const status = (code: number, h: Record<string, string> = {}): AttemptFailure => ({ kind: 'status', status: code, headers: headers(h) });

describe('parseRetryAfterMs', () => {
  const nowMs = Date.UTC(2026, 4, 1, 8, 30, 0);
  it.each([
    [{ 'retry-after': '5' }, 5000],
    [{ 'retry-after': '0' }, 0],
    [{ 'retry-after': '1.5' }, 1500],
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    [{ 'retry-after': new Date(nowMs + 30_000).toUTCString() }, 30_000],
    [{ 'retry-after': new Date(nowMs - 30_000).toUTCString() }, 0],
  ])('%o → %i ms', (h, expected) => {
    expect(parseRetryAfterMs(headers(h), nowMs)).toBe(expected);
  });

  it.each([[{}], [{ 'retry-after': 'soon' }], [{ 'retry-after': '-3' }], [{ 'retry-after-ms': 'x', 'retry-after': '' }]])(
    'unreadable %o → null',
    (h) => {
      expect(parseRetryAfterMs(headers(h), nowMs)).toBeNull();
    },
  );
});

describe('backoffDelayMs', () => {
  it('doubles from 500 ms up to the 8 s ceiling without jitter', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoffDelayMs(n, () => 0, DEFAULT_RETRY_POLICY))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('jitter takes off at most 25 %', () => {
    expect(backoffDelayMs(2, () => 0.5, DEFAULT_RETRY_POLICY)).toBe(1750);
    expect(backoffDelayMs(2, () => 1, DEFAULT_RETRY_POLICY)).toBe(1500);
    expect(backoffDelayMs(2, () => 7, DEFAULT_RETRY_POLICY)).toBe(1500); // a bad random source is clamped
  });
});

describe('isRetryable', () => {
  const network = (beforeSend: boolean, transient = true): AttemptFailure => ({ kind: 'network', beforeSend, transient });
  it.each<[string, AttemptFailure, boolean, boolean]>([
    // [label, failure, GET/PATCH retry, POST retry]
    ['408', status(408), true, false],
    ['429', status(429), true, true],
    ['500', status(500), true, false],
    ['502', status(502), true, false],
    ['503', status(503), true, false],
    ['501', status(501), false, false],
    ['400', status(400), false, false],
    ['401', status(401), false, false],
    ['404', status(404), false, false],
    ['422', status(422), false, false],
    ['x-should-retry: true on 409', status(409, { 'x-should-retry': 'true' }), true, true],
    ['x-should-retry: false on 503', status(503, { 'x-should-retry': 'false' }), false, false],
    ['connection refused', network(true), true, true],
    ['connection reset', network(false), true, false],
    ['bad certificate', network(true, false), false, false],
    ['timeout', { kind: 'timeout' }, true, false],
  ])('%s', (_label, failure, idempotent, post) => {
    expect(isRetryable(failure, 'GET')).toBe(idempotent);
    expect(isRetryable(failure, 'PATCH')).toBe(idempotent);
    expect(isRetryable(failure, 'POST')).toBe(post);
  });
});

describe('decideRetry', () => {
  const base = { method: 'GET', policy: DEFAULT_RETRY_POLICY, nowMs: 0, random: () => 0 };
  it('stops after maxRetries', () => {
    expect(decideRetry({ ...base, failure: status(500), retriesDone: 2 })).toEqual({ retry: true, delayMs: 2000, why: 'HTTP 500' });
    expect(decideRetry({ ...base, failure: status(500), retriesDone: 3 })).toEqual({ retry: false, why: 'exhausted' });
  });

  it('uses Retry-After over backoff, and refuses one above the cap', () => {
    expect(decideRetry({ ...base, failure: status(429, { 'retry-after': '20' }), retriesDone: 0 })).toMatchObject({ retry: true, delayMs: 20_000 });
    expect(decideRetry({ ...base, failure: status(429, { 'retry-after': '61' }), retriesDone: 0 })).toEqual({
      retry: false,
      why: 'retry_after_too_long',
      retryAfterMs: 61_000,
    });
  });

  it('does not retry what is not retryable', () => {
    expect(decideRetry({ ...base, failure: status(404), retriesDone: 0 })).toEqual({ retry: false, why: 'not_retryable' });
  });
});

describe('classifyNetworkError', () => {
  const fetchFailed = (cause: unknown): Error => new TypeError('fetch failed', { cause });
  const withCode = (code: string): Error => Object.assign(new Error(code), { code });

  it('reads the code from undici’s cause', () => {
    expect(classifyNetworkError(fetchFailed(withCode('ECONNREFUSED')))).toEqual({ reason: 'connection refused', beforeSend: true, transient: true });
    expect(classifyNetworkError(fetchFailed(withCode('ECONNRESET')))).toEqual({ reason: 'connection reset', beforeSend: false, transient: true });
    expect(classifyNetworkError(fetchFailed(withCode('ENOTFOUND'))).reason).toBe('host name not found');
  });

  it('looks inside an AggregateError (happy eyeballs)', () => {
    const agg = Object.assign(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]), { code: undefined });
    expect(classifyNetworkError(fetchFailed(agg)).reason).toBe('connection refused');
  });

  it('a certificate problem is not transient', () => {
    expect(classifyNetworkError(fetchFailed(withCode('CERT_HAS_EXPIRED')))).toEqual({
      reason: 'TLS certificate problem: CERT_HAS_EXPIRED',
      beforeSend: true,
      transient: false,
    });
  });

  it('an unknown failure is a retryable generic network error', () => {
    expect(classifyNetworkError(new Error('weird'))).toEqual({ reason: 'network error', beforeSend: false, transient: true });
  });

  it('isTimeoutError recognises AbortSignal.timeout’s reason', async () => {
    const signal = AbortSignal.timeout(1);
    await new Promise((resolve) => signal.addEventListener('abort', resolve));
    expect(isTimeoutError(signal.reason)).toBe(true);
    expect(isTimeoutError(new Error('x'))).toBe(false);
  });
});
