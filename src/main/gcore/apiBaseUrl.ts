// Chooses the Gcore API base URL (setting → GCORE_API_URL → https://api.gcore.com) and refuses ones that would leak the token.

import { AppError } from '../appError';

/** Gcore's public API (gcore-api.md §1). */
export const DEFAULT_API_BASE_URL = 'https://api.gcore.com';

/** Hosts where plain http is allowed: the local fake API. The token never leaves the machine there. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Returns the API base URL without a trailing slash. The first non-blank of `setting` and `env.GCORE_API_URL` wins,
 * else Gcore's default. Only `https:` is accepted, except `http:` on 127.0.0.1 / localhost / [::1] (the fake API).
 * A URL with credentials, a query or a fragment is refused: the client appends `/streaming/…` paths to it.
 * @throws AppError('config', 'bad_api_url') naming where the URL came from.
 */
export function resolveApiBaseUrl(input: { setting?: string | null; env: NodeJS.ProcessEnv }): string {
  const fromSetting = input.setting?.trim();
  const fromEnv = input.env.GCORE_API_URL?.trim();
  let raw: string;
  let source: string;
  if (fromSetting) {
    raw = fromSetting;
    source = 'the API URL setting';
  } else if (fromEnv) {
    raw = fromEnv;
    source = 'GCORE_API_URL';
  } else {
    return DEFAULT_API_BASE_URL;
  }
  return checkApiBaseUrl(raw, source);
}

/**
 * Checks one API base URL and returns it without a trailing slash: `https:`, or `http:` only on 127.0.0.1 / localhost /
 * [::1]; no credentials, query or fragment. `source` names where it came from in the message ("the API URL setting").
 * @throws AppError('config', 'bad_api_url')
 */
export function checkApiBaseUrl(raw: string, source: string): string {
  const fail = (why: string): AppError =>
    new AppError('config', 'bad_api_url', `The Gcore API URL from ${source} ${why}; use https://api.gcore.com or clear it.`);

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not echoed: an unparsable value may hold anything, including a pasted token.
    throw fail('is not a valid URL');
  }
  // Never echo userinfo: it could be a password.
  if (url.username || url.password) throw fail('contains a user name or password');
  const shown = `${url.protocol}//${url.host}`;
  if (url.protocol === 'http:') {
    if (!LOOPBACK_HOSTS.has(url.hostname)) {
      throw fail(
        `(${shown}) uses plain http, which would send the API token unencrypted; only https is allowed, or http on 127.0.0.1/localhost for the local fake API`,
      );
    }
  } else if (url.protocol !== 'https:') {
    throw fail(`(${shown}) must start with https://`);
  }
  if (url.search || url.hash || raw.includes('#') || raw.includes('?')) throw fail(`(${shown}) must not have a query or fragment`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
