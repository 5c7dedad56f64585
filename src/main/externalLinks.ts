// Which links may leave the app for the system browser: Gcore's portal, docs and playback pages over https, nothing else.

/** Gcore's portal, docs and hosted player open in the system browser. Compared with a URL parser, not prefixes. */
const EXTERNAL_HOSTS = new Set(['gcore.com', 'portal.gcore.com', 'api.gcore.com', 'accounts.gcore.com', 'player.gvideo.co']);

/**
 * Gcore's playback domain: each account's player pages and HLS/DASH links live on a subdomain of it (`12345.gvideo.io`,
 * `demo-public.gvideo.io`). Only a subdomain: the bare domain serves no stream.
 */
export const PLAYBACK_DOMAIN = 'gvideo.io';

function isPlaybackHost(hostname: string): boolean {
  const suffix = `.${PLAYBACK_DOMAIN}`;
  return hostname.endsWith(suffix) && hostname.length > suffix.length;
}

/**
 * Whitespace (the URL parser silently drops tabs and newlines), control characters, bidi controls and backslashes
 * (which the URL parser reads as `/` but another parser may not): a link with any of them is refused, not repaired.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the purpose of this pattern
const REFUSED_CHARS = /[\s\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * The URL to hand to the system browser, or null when it may not leave the app. What is returned is the parser's own
 * serialisation of the URL that was checked (`new URL(raw).href`), never the raw string, so the browser cannot read a
 * different host out of it than the one allowed here (`https://gcore.com\@evil.example/` is refused outright).
 */
export function externalUrlToOpen(raw: string): string | null {
  if (REFUSED_CHARS.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const allowed = url.protocol === 'https:' && url.username === '' && url.password === '' && url.port === '' && (EXTERNAL_HOSTS.has(url.hostname) || isPlaybackHost(url.hostname));
  return allowed ? url.href : null;
}
