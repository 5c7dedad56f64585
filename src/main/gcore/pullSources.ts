// Pure rules for pull-stream sources (seed page "Main rules of pulling" + gcore-api.md §4) and the PATCH bodies to switch pull.

import { AppError } from '../appError';
import { redact } from '../redact';
import { normaliseHost, whyNotPublic } from './publicHost';
import type { StreamWrite } from './streamSchema';

/** Schemes Gcore pulls from: RTMP/RTMPS, SRT (Gcore is the caller), HLS over HTTP(S), RTSP. */
export const PULL_SCHEMES = ['rtmp', 'rtmps', 'srt', 'http', 'https', 'rtsp'] as const;

// The retry policy and the length bound are plain data the window shows too, so they live in shared/.
export { PULL_URI_MAX_CHARS, describePullRetryPolicy, pullRetryPolicy, type PullRetryBehaviour, type PullRetryPolicy } from '../../shared/pullRetryPolicy';
import { PULL_URI_MAX_CHARS } from '../../shared/pullRetryPolicy';

export type PullProblemCode =
  | 'pull_no_urls'
  | 'pull_space_in_url'
  | 'pull_not_a_url'
  | 'pull_scheme'
  | 'pull_bad_host'
  | 'pull_bad_port'
  | 'pull_not_public'
  | 'pull_srt_mode'
  | 'pull_duplicate'
  | 'pull_too_long';

/** One reason a pull source list is refused; `message` is a full sentence with secrets masked. */
export interface PullProblem {
  code: PullProblemCode;
  message: string;
}

export type PullCheck = { ok: true; uri: string; urls: string[] } | { ok: false; problems: PullProblem[] };

const SCHEME_HINTS: Record<string, string> = {
  udp: 'multicast or UDP MPEG-TS pull is only set up on request by Gcore support',
  rtp: 'multicast or UDP MPEG-TS pull is only set up on request by Gcore support',
  whip: 'WHIP is push-only',
  webrtc: 'WebRTC is push-only',
  rtsps: 'Gcore documents RTSP pull only',
};

/**
 * A pull URL safe to show: stream keys after `#` and passphrases (redact()), a password in `user:pass@`, and common
 * secret query values (`key=`, `token=`…) are masked. Keys embedded in an RTMP path cannot be told apart and stay.
 */
export function maskPullUrl(url: string): string {
  return redact(url)
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#@]*@/i, '$1:****@')
    .replace(/([?&](?:key|token|secret|password|pass|pwd|auth|sig|signature)=)[^&\s#]+/gi, '$1****');
}

function checkOne(url: string, index: number): PullProblem | null {
  const shown = `Pull URL ${index + 1} (${maskPullUrl(url)})`;
  const problem = (code: PullProblemCode, why: string): PullProblem => ({ code, message: `${shown} ${why}.` });
  if (/\s/.test(url)) {
    return problem('pull_space_in_url', 'contains a space; give each URL as its own value, and write a space inside a URL as %20');
  }
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(url);
  if (!m) return problem('pull_not_a_url', 'is not a URL; expected something like srt://host:port?streamid=… or rtmp://host/app/stream');
  const scheme = (m[1] ?? '').toLowerCase();
  if (!(PULL_SCHEMES as readonly string[]).includes(scheme)) {
    const hint = SCHEME_HINTS[scheme] ? ` (${SCHEME_HINTS[scheme]})` : '';
    return problem('pull_scheme', `uses ${scheme}://${hint}; Gcore pulls from ${PULL_SCHEMES.map((s) => `${s}://`).join(', ')}`);
  }
  const authority = m[2] ?? '';
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const hp = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d*))?$/.exec(hostPort);
  if (!hp || !hp[1]) return problem('pull_bad_host', 'has no valid host');
  const port = hp[2];
  if (port !== undefined && port !== '' && (Number(port) < 1 || Number(port) > 65_535)) {
    return problem('pull_bad_port', `has port ${port}; ports are 1–65535`);
  }
  const host = normaliseHost(hp[1]);
  if (host === null) return problem('pull_bad_host', `has an invalid host "${hp[1]}"`);
  const why = whyNotPublic(host);
  if (why) {
    return problem('pull_not_public', `points at ${host}, ${why}; Gcore pulls from the public internet, so use a public address or name`);
  }
  if (scheme === 'srt') {
    // Gcore is the SRT caller when it pulls; a listener (or rendezvous) URL would have it wait for a connection instead.
    const mode = /[?&]mode=([^&#]*)/i.exec(m[3] ?? '')?.[1]?.toLowerCase();
    if (mode && mode !== 'caller' && mode !== 'client') {
      return problem('pull_srt_mode', `asks for mode=${mode}; Gcore connects to the source as an SRT caller, so leave mode out or use mode=caller`);
    }
  }
  return null;
}

/**
 * Checks pull sources without throwing. Blank entries are ignored; every remaining URL is checked and all problems are
 * returned (the CLI shows the first, the UI can mark each field).
 */
export function checkPullSources(urls: readonly string[]): PullCheck {
  const list = urls.map((u) => u.trim()).filter((u) => u !== '');
  if (list.length === 0) {
    return { ok: false, problems: [{ code: 'pull_no_urls', message: 'Give at least one pull URL (rtmp://, rtmps://, srt://, http(s):// HLS or rtsp://).' }] };
  }
  const problems: PullProblem[] = [];
  list.forEach((url, index) => {
    const problem = checkOne(url, index);
    if (problem) problems.push(problem);
    if (list.indexOf(url) !== index) {
      problems.push({ code: 'pull_duplicate', message: `Pull URL ${index + 1} (${maskPullUrl(url)}) is listed twice; each source needs to be listed once.` });
    }
  });
  const uri = list.join(' ');
  if (uri.length > PULL_URI_MAX_CHARS) {
    problems.push({
      code: 'pull_too_long',
      message: `The pull URLs are ${uri.length} characters long joined with spaces; Gcore accepts at most ${PULL_URI_MAX_CHARS}, so remove a URL or shorten one.`,
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, uri, urls: list };
}

/**
 * Validates pull sources and returns Gcore's `uri` value: the URLs joined with single spaces (tried round-robin).
 * @throws AppError('input', <PullProblemCode>) with the first problem's message.
 */
export function validatePullSources(urls: readonly string[]): string {
  const check = checkPullSources(urls);
  if (check.ok) return check.uri;
  const [first, ...rest] = check.problems;
  const more = rest.length > 0 ? ` (${rest.length} more problem${rest.length > 1 ? 's' : ''} in the list.)` : '';
  throw new AppError('input', first?.code ?? 'pull_no_urls', `${first?.message ?? 'Invalid pull URLs.'}${more}`);
}

/**
 * PATCH fields that switch a stream to pull from `urls`. `active: true` because Gcore sets `active` to false after
 * giving up on the sources, and pull only runs on an active stream.
 */
export function pullPatch(urls: readonly string[]): Required<Pick<StreamWrite, 'pull' | 'uri' | 'active'>> {
  return { pull: true, uri: validatePullSources(urls), active: true };
}

/**
 * PATCH fields that turn pull off: the stream goes back to push (`pull: false`) and the sources are cleared
 * (`uri: null`), so a later `pull: true` cannot silently resume old sources and their keys are not left stored.
 * `active` is left as it is: the stream stays enabled for pushing; disabling it is a separate decision.
 */
export function pullOffPatch(): Required<Pick<StreamWrite, 'pull' | 'uri'>> {
  return { pull: false, uri: null };
}

/**
 * The same with the form the specification allows: `createStream` types `uri` as a plain (non-nullable) string, so
 * the sources are cleared with an empty string. Sent once when the API refuses `uri: null` (see turnPullOff); whether
 * the real API wants null or "" is not confirmed.
 */
export function pullOffFallbackPatch(): Required<Pick<StreamWrite, 'pull' | 'uri'>> {
  return { pull: false, uri: '' };
}
