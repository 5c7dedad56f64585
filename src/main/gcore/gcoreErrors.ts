// Gcore API failures as AppErrors: one actionable sentence per HTTP status / network fault, secrets scrubbed.

import { AppError } from '../appError';
import { redact } from '../redact';

/** Stable codes the CLI and UI switch on. */
export type GcoreErrorCode =
  | 'token_rejected' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'validation' // 422
  | 'request_rejected' // any other 4xx (400, 405, 409…)
  | 'rate_limited' // 429, still after the retries
  | 'server_error' // 5xx, still after the retries
  | 'network_unreachable' // DNS, refused, reset…
  | 'timeout' // no complete answer within timeoutMs
  | 'malformed_response' // not JSON, or not the documented shape
  | 'response_too_large' // a body above the client's byte cap, refused unread
  | 'too_many_pages'; // the list never ended

/** A failed Gcore API call. `message` is safe to show and log: it never contains the token, a stream key or a passphrase. */
export class GcoreApiError extends AppError {
  declare readonly code: GcoreErrorCode;
  /** HTTP status, or null when no response arrived. */
  readonly status: number | null;
  /** `METHOD /path`, e.g. `GET /streaming/streams/12`. */
  readonly endpoint: string;
  /** The server's own explanation, scrubbed of secrets and shortened; null when it gave none. */
  readonly serverMessage: string | null;
  /** Field → messages from a 422 `{errors:{field:[msg]}}` body (scrubbed). */
  readonly fieldErrors: Readonly<Record<string, readonly string[]>>;

  constructor(init: {
    code: GcoreErrorCode;
    message: string;
    endpoint: string;
    status?: number | null;
    serverMessage?: string | null;
    fieldErrors?: Record<string, string[]>;
    cause?: unknown;
    /** The desktop app's sentence when `message` names a CLI command or setting (see AppError.appMessage). */
    appMessage?: string;
  }) {
    super('api', init.code, init.message, {
      ...(init.cause === undefined ? {} : { cause: init.cause }),
      ...(init.appMessage === undefined ? {} : { appMessage: init.appMessage }),
    });
    this.name = 'GcoreApiError';
    this.status = init.status ?? null;
    this.endpoint = init.endpoint;
    this.serverMessage = init.serverMessage ?? null;
    this.fieldErrors = init.fieldErrors ?? {};
  }
}

export function isGcoreApiError(value: unknown): value is GcoreApiError {
  return value instanceof GcoreApiError;
}

const MAX_SERVER_TEXT = 200;

/**
 * Removes the token from text a server sent back, including a truncated copy of it (Gcore's
 * `Bad permanent token: …` echoes part of a bad token), then stream keys and passphrases via redact().
 */
export function scrubSecrets(text: string, token: string, extraSecrets: readonly string[] = []): string {
  let out = redact(text, [token, ...extraSecrets]);
  if (token.length >= 8) {
    // Any run of 6+ token-ish characters that is a piece of the token is masked too.
    out = out.replace(/[A-Za-z0-9_$.+/=-]{6,}/g, (run) => (token.includes(run) ? '****' : run));
  }
  return out;
}

function tidy(text: string, token: string, extraSecrets: readonly string[] = []): string {
  const flat = scrubSecrets(text, token, extraSecrets).replace(/\s+/g, ' ').trim();
  return flat.length > MAX_SERVER_TEXT ? `${flat.slice(0, MAX_SERVER_TEXT - 1)}…` : flat;
}

function asStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(asStrings);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    // FastAPI/DRF-style detail items: {loc, msg} or {message}
    if (typeof o.msg === 'string') return [o.msg];
    if (typeof o.message === 'string') return [o.message];
  }
  return [];
}

function collectFields(value: unknown, into: Record<string, string[]>): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return;
  for (const [key, messages] of Object.entries(value as Record<string, unknown>)) {
    const list = asStrings(messages);
    if (list.length > 0) into[key] = [...(into[key] ?? []), ...list];
  }
}

/** A server's short message (e.g. a 202's `message`) made safe to show: secrets masked, whitespace flattened, shortened. */
export function safeServerText(text: string, token: string, extraSecrets: readonly string[] = []): string {
  return tidy(text, token, extraSecrets);
}

/**
 * Reads any of the error shapes Gcore services use (gcore-api.md §5): `{error}`, Rails `{errors:{field:[msg]}}`,
 * `{message}`, DRF `{detail}`, Cloud `{exception_class, message, invalid_fields}`, or plain text. Never throws.
 * `extraSecrets` (a passphrase the request carried) are masked like the token.
 */
export function parseErrorBody(
  text: string,
  token: string,
  extraSecrets: readonly string[] = [],
): { serverMessage: string | null; fieldErrors: Record<string, string[]> } {
  // No prototype: a field the server names `valueOf`, `constructor` or `__proto__` must be just a key (with `{}` it
  // read Object.prototype's members and threw "not iterable").
  const fieldErrors: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  const trimmed = text.trim();
  if (trimmed === '') return { serverMessage: null, fieldErrors };
  let data: unknown;
  try {
    data = JSON.parse(trimmed);
  } catch {
    // A proxy's HTML error page says nothing useful; short plain text might.
    const plain = trimmed.startsWith('<') ? null : tidy(trimmed, token, extraSecrets);
    return { serverMessage: plain, fieldErrors };
  }
  const parts: string[] = [];
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const o = data as Record<string, unknown>;
    if (o.errors && typeof o.errors === 'object' && !Array.isArray(o.errors)) collectFields(o.errors, fieldErrors);
    else parts.push(...asStrings(o.errors));
    collectFields(o.invalid_fields, fieldErrors);
    for (const key of ['error', 'message', 'detail']) parts.push(...asStrings(o[key]));
    if (parts.length === 0 && typeof o.exception_class === 'string') parts.push(o.exception_class);
  } else {
    parts.push(...asStrings(data));
  }
  for (const key of Object.keys(fieldErrors)) fieldErrors[key] = (fieldErrors[key] ?? []).map((m) => tidy(m, token, extraSecrets));
  const unique = [...new Set(parts.map((p) => p.trim()).filter((p) => p !== ''))];
  return { serverMessage: unique.length > 0 ? tidy(unique.join('; '), token, extraSecrets) : null, fieldErrors };
}

/** What the caller knew about the failed request. */
export interface FailedRequest {
  /** `METHOD /path` */
  endpoint: string;
  /** Host of the API base URL, named in network errors. */
  host: string;
  /** The stream the request was about, for "Stream N not found". */
  streamId?: number;
  /** How many times the request was sent. */
  attempts: number;
  /** True for a POST that failed in a way that may still have taken effect. */
  mayHaveApplied?: boolean;
  /** What to tell the user then; default: the create hint (list the streams before creating again). */
  appliedHint?: string;
  /** Secrets the request carried (an SRT passphrase): masked in anything the server sends back. */
  secrets?: readonly string[];
}

/** Where the API address is changed, per surface: the CLI's settings name, the app's screen. */
const API_ADDRESS_CLI = 'the API URL setting';
const API_ADDRESS_APP = 'the API address under Diagnostics › Settings';

/** Both sentences for a message that ends by pointing at the API address. */
function pointingAtApiAddress(sentence: (where: string) => string): { message: string; appMessage: string } {
  return { message: sentence(API_ADDRESS_CLI), appMessage: sentence(API_ADDRESS_APP) };
}

const CREATE_HINT = 'The stream may have been created anyway: list the streams before creating it again.';

function maybeApplied(req: FailedRequest): string {
  return req.mayHaveApplied ? ` ${req.appliedHint ?? CREATE_HINT}` : '';
}

function said(serverMessage: string | null): string {
  return serverMessage ? ` (Gcore said: ${serverMessage.replace(/[.\s]+$/, '')})` : '';
}

function tries(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : '';
}

/** Turns a non-2xx response into a GcoreApiError with one actionable sentence. */
export function errorFromResponse(req: FailedRequest, status: number, bodyText: string, token: string): GcoreApiError {
  const { serverMessage, fieldErrors } = parseErrorBody(bodyText, token, req.secrets ?? []);
  const base = { endpoint: req.endpoint, status, serverMessage, fieldErrors };
  if (status === 401) {
    return new GcoreApiError({
      ...base,
      code: 'token_rejected',
      message: 'The Gcore API rejected the API token; set a new one with `srt-companion token set`.',
      appMessage: 'The Gcore API rejected the API token: sign out, then sign in under Account with a new token.',
    });
  }
  if (status === 403) {
    return new GcoreApiError({
      ...base,
      code: 'forbidden',
      message:
        `The API token is not allowed to do ${req.endpoint}${said(serverMessage)}; it needs the Streaming role: ` +
        'create a token with it in the Gcore Customer Portal (Profile → API tokens) and set it with `srt-companion token set`.',
      appMessage:
        `The API token is not allowed to do ${req.endpoint}${said(serverMessage)}; it needs the Streaming role: ` +
        'create a token with it in the Gcore Customer Portal (Profile → API tokens), then sign out and sign in under Account with it.',
    });
  }
  if (status === 404) {
    const words =
      req.streamId !== undefined
        ? { message: `Stream ${req.streamId} not found in this Gcore account.` }
        : pointingAtApiAddress((where) => `The Gcore API at ${req.host} has no ${req.endpoint} (HTTP 404); check ${where}.`);
    return new GcoreApiError({ ...base, code: 'not_found', ...words });
  }
  if (status === 422) {
    const fields = Object.entries(fieldErrors).map(([field, messages]) => `${field} ${messages.join(', ')}`);
    const what = fields.length > 0 ? fields.join('; ') : (serverMessage ?? 'no reason given');
    return new GcoreApiError({
      ...base,
      code: 'validation',
      message: `Gcore refused the stream settings: ${what.replace(/[.\s]+$/, '')}.`,
    });
  }
  if (status === 429) {
    return new GcoreApiError({
      ...base,
      code: 'rate_limited',
      message: `The Gcore API is rate-limiting requests (HTTP 429 on ${req.endpoint}${tries(req.attempts)}); wait a minute and try again.`,
    });
  }
  if (status >= 500) {
    const maybe = maybeApplied(req);
    return new GcoreApiError({
      ...base,
      code: 'server_error',
      message: `The Gcore API failed with HTTP ${status} on ${req.endpoint}${tries(req.attempts)}${said(serverMessage)}; try again in a few minutes.${maybe}`,
    });
  }
  if (status >= 300 && status < 400) {
    return new GcoreApiError({
      ...base,
      code: 'request_rejected',
      // Not followed on purpose: a redirect could carry the Authorization header to another host.
      ...pointingAtApiAddress((where) => `The API at ${req.host} redirected ${req.endpoint} (HTTP ${status}), which Gcore's API does not do; check ${where}.`),
    });
  }
  return new GcoreApiError({
    ...base,
    code: 'request_rejected',
    message: `The Gcore API refused ${req.endpoint} with HTTP ${status}${said(serverMessage)}.`,
  });
}

/** The request never got a complete answer: `reason` is a short phrase such as "connection refused". */
export function networkError(req: FailedRequest, reason: string, cause: unknown): GcoreApiError {
  const maybe = maybeApplied(req);
  return new GcoreApiError({
    code: 'network_unreachable',
    endpoint: req.endpoint,
    ...pointingAtApiAddress((where) => `Cannot reach the Gcore API at ${req.host} (${reason}${tries(req.attempts)}); check the network connection and ${where}.${maybe}`),
    cause,
  });
}

export function timeoutError(req: FailedRequest, timeoutMs: number): GcoreApiError {
  const maybe = maybeApplied(req);
  const seconds = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 100) / 10} s` : `${timeoutMs} ms`;
  return new GcoreApiError({
    code: 'timeout',
    endpoint: req.endpoint,
    message: `The Gcore API at ${req.host} did not answer ${req.endpoint} within ${seconds}${tries(req.attempts)}; check the network connection or try again later.${maybe}`,
  });
}

/** `detail` says what was wrong (never the body itself, which may hold stream keys). */
export function malformedResponse(req: Pick<FailedRequest, 'endpoint' | 'host'>, status: number, detail: string): GcoreApiError {
  return new GcoreApiError({
    code: 'malformed_response',
    endpoint: req.endpoint,
    status,
    message: `The Gcore API at ${req.host} sent an unexpected response to ${req.endpoint} (${detail}); the API may have changed, or the API URL points at another service.`,
    appMessage: `The Gcore API at ${req.host} sent an unexpected response to ${req.endpoint} (${detail}); the API may have changed, or ${API_ADDRESS_APP} points at another service.`,
  });
}

/** The body passed the client's byte cap and was not read further (a real Gcore answer is far smaller). */
export function responseTooLarge(req: Pick<FailedRequest, 'endpoint' | 'host'>, status: number, maxBytes: number): GcoreApiError {
  const limit = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / (1024 * 1024))} MB` : `${maxBytes} bytes`;
  return new GcoreApiError({
    code: 'response_too_large',
    endpoint: req.endpoint,
    status,
    ...pointingAtApiAddress((where) => `The Gcore API at ${req.host} sent more than ${limit} in answer to ${req.endpoint}, so the response was refused; check ${where}.`),
  });
}
