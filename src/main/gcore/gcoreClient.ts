// Thin typed client for Gcore's live-stream REST API (gcore-api.md §2): timeouts, retries, validated responses.

import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { AppError } from '../appError';
import {
  GcoreApiError,
  errorFromResponse,
  malformedResponse,
  networkError,
  responseTooLarge,
  safeServerText,
  timeoutError,
  type FailedRequest,
} from './gcoreErrors';
import {
  DEFAULT_RETRY_POLICY,
  classifyNetworkError,
  decideRetry,
  isTimeoutError,
  type AttemptFailure,
  type RetryPolicy,
} from './httpRetry';
import { DEFAULT_MAX_RESPONSE_BYTES, readCappedBody } from './readCappedBody';
import { streamListSchema, streamSchema, type GcoreStream, type StreamCreate, type StreamWrite } from './streamSchema';

/** Reported before each retry, e.g. for a log line ("retrying GET … in 2 s after HTTP 503"). */
export interface RetryEvent {
  endpoint: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  delayMs: number;
  /** `HTTP 503`, `timeout`, `network error`. */
  reason: string;
}

export interface GcoreClientOptions {
  /** From resolveApiBaseUrl(): no trailing slash. */
  baseUrl: string;
  /** Permanent API token, sent as `Authorization: APIKey <token>`. */
  token: string;
  /** Bound on each attempt, headers and body together. */
  timeoutMs?: number;
  /** Retries after the first attempt. */
  maxRetries?: number;
  /** How many list pages to read before giving up (the list is expected to end long before). */
  maxPages?: number;
  /** Cap on one response body; a longer one is refused ('response_too_large') without being read to the end. */
  maxResponseBytes?: number;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** [0, 1) source for backoff jitter. */
  random?: () => number;
  /** Clock for `Retry-After` HTTP dates. */
  now?: () => number;
  onRetry?: (event: RetryEvent) => void;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

interface RequestSpec<T> {
  method: Method;
  path: string;
  body?: unknown;
  /** Checks a 2xx body; a function when the shape depends on the status (reset_push_token: 200 stream, 202 message). */
  schema: z.ZodType<T> | ((status: number) => z.ZodType<T>);
  /** A 2xx without a body is expected (DELETE's 204): the schema then sees `null`. */
  emptyBodyOk?: boolean;
  streamId?: number;
  /** Secrets in the request body (an SRT passphrase): masked in whatever error text the server sends back. */
  secrets?: readonly string[];
  /** Told after a POST failure that may have reached the server (default: the create hint). */
  appliedHint?: string;
}

/**
 * What `POST …/reset_push_token` did (gcore-api.md §2, §3): the old key is dead at once either way.
 * `reset`: 200 with the stream and its new key; the platform ended the connections that used the old key.
 * `ingest_not_ended`: 202; the key was reset but the platform could not end the live ingest, so the encoder must be
 * restarted with the new key. `message` is the platform's explanation, scrubbed of secrets.
 */
export type PushTokenReset = { kind: 'reset'; stream: GcoreStream } | { kind: 'ingest_not_ended'; message: string | null };

/** 202 body of reset_push_token: `{message}`; tolerated empty. */
const resetAcceptedSchema = z.looseObject({ message: z.string().nullish() }).nullable();

type Outcome =
  | { kind: 'response'; status: number; headers: Headers; text: string }
  | { kind: 'timeout' }
  | { kind: 'too_large'; status: number }
  | { kind: 'network'; reason: string; beforeSend: boolean; transient: boolean; cause: unknown };

/** The first few schema problems as `path: message`; never the offending values (they may hold stream keys). */
function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    return `${path ? `body${path}` : 'body'}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? `, and ${error.issues.length - 3} more` : '';
  return `${shown.join('; ')}${more}`;
}

function assertStreamId(id: number): void {
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new AppError('input', 'bad_gcore_stream_id', `Invalid stream id "${String(id)}": it must be a positive whole number.`);
  }
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    throw new AppError('config', 'bad_api_url', 'The Gcore API URL is not a valid URL; use https://api.gcore.com or clear the setting.');
  }
}

/**
 * The token is opaque (gcore-api.md §1) but must fit in an HTTP header; otherwise fetch would throw a TypeError that
 * looks like a network failure and be retried. Never echoed.
 */
function checkToken(token: string): string {
  if (token === '') {
    throw new AppError('config', 'token_missing', 'No Gcore API token is set; run `srt-companion token set`.', { appMessage: 'You are not signed in: sign in under Account with your Gcore API token.' });
  }
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new AppError(
      'config',
      'bad_token',
      'The Gcore API token contains spaces, line breaks or non-ASCII characters, so it cannot be sent; set it again with `srt-companion token set`.',
      { appMessage: 'The stored Gcore API token contains spaces, line breaks or non-ASCII characters, so it cannot be sent: sign out and sign in again under Account.' },
    );
  }
  return token;
}

/**
 * Gcore Video Streaming API client (plain Node, global fetch). Every method throws GcoreApiError (kind 'api') for API
 * and network failures, AppError('input') for arguments that cannot be sent; messages never contain the token.
 */
export class GcoreClient {
  private readonly baseUrl: string;
  private readonly host: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly maxPages: number;
  private readonly maxResponseBytes: number;
  private readonly policy: RetryPolicy;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly onRetry: ((event: RetryEvent) => void) | undefined;

  constructor(options: GcoreClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.host = hostOf(this.baseUrl);
    this.token = checkToken(options.token);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxPages = options.maxPages ?? 100;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.policy = { ...DEFAULT_RETRY_POLICY, maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries };
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.sleep = options.sleep ?? ((ms) => delay(ms));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.onRetry = options.onRetry;
  }

  /**
   * All streams of the account. The API documents only `page` (no size, no count), so pages 1, 2, … are read until an
   * empty page or a page that brings no stream not already seen (a server that ignores `page` repeats page 1).
   * Streams are de-duplicated by id, in first-seen order.
   * @throws GcoreApiError 'too_many_pages' when the list has not ended after `maxPages` pages.
   */
  async listStreams(): Promise<GcoreStream[]> {
    const all: GcoreStream[] = [];
    const seen = new Set<number>();
    for (let page = 1; page <= this.maxPages; page++) {
      const items = await this.send({ method: 'GET', path: `/streaming/streams?page=${page}`, schema: streamListSchema });
      const fresh = items.filter((s) => !seen.has(s.id));
      if (fresh.length === 0) return all;
      for (const stream of fresh) {
        seen.add(stream.id);
        all.push(stream);
      }
    }
    throw new GcoreApiError({
      code: 'too_many_pages',
      endpoint: 'GET /streaming/streams',
      message: `The Gcore stream list did not end after ${this.maxPages} pages (${all.length} streams read); the API's paging may have changed, so the list was not used.`,
    });
  }

  /** One stream. @throws GcoreApiError 'not_found' ("Stream N not found…") for an unknown id. */
  async getStream(id: number): Promise<GcoreStream> {
    assertStreamId(id);
    return this.send({ method: 'GET', path: `/streaming/streams/${id}`, schema: streamSchema, streamId: id });
  }

  /**
   * Creates a stream: flat POST body, only `name` required. The API defaults `active` to false; pass `active: true`
   * to push right away. Not retried after a 5xx, timeout or broken connection (see isRetryable in httpRetry.ts).
   */
  async createStream(input: StreamCreate): Promise<GcoreStream> {
    return this.send({ method: 'POST', path: '/streaming/streams', body: input, schema: streamSchema });
  }

  /** Changes some fields: PATCH with the body wrapped as `{stream: {...}}`; returns the full updated stream. */
  async updateStream(id: number, patch: StreamWrite): Promise<GcoreStream> {
    assertStreamId(id);
    if (Object.keys(patch).length === 0) throw new AppError('input', 'empty_patch', `Nothing to change on stream ${id}.`);
    return this.send({ method: 'PATCH', path: `/streaming/streams/${id}`, body: { stream: patch }, schema: streamSchema, streamId: id });
  }

  /** Switches a stream on or off (`{stream:{active}}`): when off, pushes are rejected and pulling stops. */
  async setActive(id: number, active: boolean): Promise<GcoreStream> {
    return this.updateStream(id, { active });
  }

  /**
   * Sets (or with `null` clears) the SRT passphrase. The value is masked in any error text the server sends back.
   * Its format is the caller's to check (validatePassphrase), so a wrong one never reaches the API.
   */
  async setSrtPassphrase(id: number, passphrase: string | null): Promise<GcoreStream> {
    assertStreamId(id);
    return this.send({
      method: 'PATCH',
      path: `/streaming/streams/${id}`,
      body: { stream: { srt_passphrase: passphrase } },
      schema: streamSchema,
      streamId: id,
      ...(passphrase !== null ? { secrets: [passphrase] } : {}),
    });
  }

  /**
   * Gives the stream a new push key (`POST …/reset_push_token`, no body). Not retried after a 5xx or timeout: a
   * second reset would kill the key the first one made.
   */
  async resetPushToken(id: number): Promise<PushTokenReset> {
    assertStreamId(id);
    const stream = streamSchema.transform((s): PushTokenReset => ({ kind: 'reset', stream: s }));
    const accepted = resetAcceptedSchema.transform((b): PushTokenReset => ({
      kind: 'ingest_not_ended',
      message: b?.message ? safeServerText(b.message, this.token) : null,
    }));
    return this.send<PushTokenReset>({
      method: 'POST',
      path: `/streaming/streams/${id}/reset_push_token`,
      schema: (status) => (status === 202 ? accepted : stream),
      emptyBodyOk: true,
      streamId: id,
      appliedHint: `The key may have been reset anyway: check with \`srt-companion streams show ${id}\` before resetting it again.`,
    });
  }

  /**
   * Deletes a stream for good (`DELETE`, 204): settings, push and playback links go; recordings stay as Videos.
   * A 404 on a retry (the first attempt's answer was lost) means it is gone, which is what was asked.
   */
  async deleteStream(id: number): Promise<void> {
    assertStreamId(id);
    await this.send({ method: 'DELETE', path: `/streaming/streams/${id}`, schema: z.unknown(), emptyBodyOk: true, streamId: id });
  }

  /**
   * Checks that the token works for Streaming with `GET /streaming/streams?page=1` (a Streaming-only token may not be
   * allowed on IAM's /iam/clients/me, gcore-api.md §1). Resolves when accepted.
   * @throws GcoreApiError 'token_rejected' (401), 'forbidden' (403, no Streaming role), or a network/API error.
   */
  async verifyToken(): Promise<void> {
    await this.send({ method: 'GET', path: '/streaming/streams?page=1', schema: z.array(z.unknown()) });
  }

  private async send<T>(spec: RequestSpec<T>): Promise<T> {
    const endpoint = `${spec.method} ${spec.path}`;
    const req: FailedRequest = { endpoint, host: this.host, attempts: 0 };
    if (spec.streamId !== undefined) req.streamId = spec.streamId;
    if (spec.secrets) req.secrets = spec.secrets;
    if (spec.appliedHint) req.appliedHint = spec.appliedHint;
    for (let attempt = 1; ; attempt++) {
      req.attempts = attempt;
      const outcome = await this.attempt(spec);
      // Not retried: a server that answers with this much is misconfigured or hostile, not busy.
      if (outcome.kind === 'too_large') throw responseTooLarge(req, outcome.status, this.maxResponseBytes);
      if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
        const schema = typeof spec.schema === 'function' ? spec.schema(outcome.status) : spec.schema;
        return this.parse(schema, outcome.text, outcome.status, req, spec.emptyBodyOk === true);
      }
      if (spec.method === 'DELETE' && attempt > 1 && outcome.kind === 'response' && outcome.status === 404) {
        // An earlier attempt was answered by a 5xx or lost, yet the stream is gone now: done, as asked.
        return (typeof spec.schema === 'function' ? spec.schema(204) : spec.schema).parse(null);
      }
      const failure: AttemptFailure =
        outcome.kind === 'response'
          ? { kind: 'status', status: outcome.status, headers: outcome.headers }
          : outcome.kind === 'timeout'
            ? { kind: 'timeout' }
            : { kind: 'network', beforeSend: outcome.beforeSend, transient: outcome.transient };
      const decision = decideRetry({
        failure,
        method: spec.method,
        retriesDone: attempt - 1,
        policy: this.policy,
        nowMs: this.now(),
        random: this.random,
      });
      if (decision.retry) {
        this.onRetry?.({ endpoint, attempt, delayMs: decision.delayMs, reason: decision.why });
        await this.sleep(decision.delayMs);
        continue;
      }
      // A create that may have reached the server must not be blindly repeated by the user either.
      if (spec.method === 'POST') {
        req.mayHaveApplied = outcome.kind === 'timeout' || (outcome.kind === 'network' && !outcome.beforeSend) || (outcome.kind === 'response' && outcome.status >= 500);
      }
      if (outcome.kind === 'timeout') throw timeoutError(req, this.timeoutMs);
      if (outcome.kind === 'network') throw networkError(req, outcome.reason, outcome.cause);
      const error = errorFromResponse(req, outcome.status, outcome.text, this.token);
      if (decision.why === 'retry_after_too_long' && decision.retryAfterMs !== undefined) {
        throw new GcoreApiError({
          code: error.code,
          endpoint,
          status: outcome.status,
          serverMessage: error.serverMessage,
          message: `The Gcore API is busy (HTTP ${outcome.status} on ${endpoint}) and asks to wait ${Math.ceil(decision.retryAfterMs / 1000)} s; try again after that.`,
        });
      }
      throw error;
    }
  }

  /** One HTTP exchange, headers and body bounded together by timeoutMs. Redirects are not followed (see errors). */
  private async attempt<T>(spec: RequestSpec<T>): Promise<Outcome> {
    const headers: Record<string, string> = {
      Authorization: `APIKey ${this.token}`,
      // DELETE answers 204 without a body; Gcore's SDK sends */* there.
      Accept: spec.method === 'DELETE' ? '*/*' : 'application/json',
      'User-Agent': 'srt-companion',
    };
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      const res = await this.fetchImpl(`${this.baseUrl}${spec.path}`, {
        method: spec.method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: AbortSignal.timeout(this.timeoutMs),
        // A redirect could carry the Authorization header to another host; the API has no reason to redirect.
        redirect: 'manual',
      });
      const body = await readCappedBody(res, this.maxResponseBytes);
      if (!body.ok) return { kind: 'too_large', status: res.status };
      return { kind: 'response', status: res.status, headers: res.headers, text: body.text };
    } catch (err) {
      if (isTimeoutError(err)) return { kind: 'timeout' };
      return { kind: 'network', ...classifyNetworkError(err), cause: err };
    }
  }

  private parse<T>(schema: z.ZodType<T>, text: string, status: number, req: FailedRequest, emptyOk: boolean): T {
    let data: unknown = null;
    try {
      if (!(emptyOk && text.trim() === '')) data = JSON.parse(text);
    } catch {
      throw malformedResponse(req, status, text.trim() === '' ? 'an empty body instead of JSON' : 'the body is not valid JSON');
    }
    const result = schema.safeParse(data);
    if (!result.success) throw malformedResponse(req, status, describeIssues(result.error));
    return result.data;
  }
}
