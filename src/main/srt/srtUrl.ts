// Parses SRT push URLs without a WHATWG URL parser, which would drop the `#stream-key` part of Gcore's stream ids.

import { AppError } from '../appError';

/** An SRT caller target: where to connect and what to send in the handshake. */
export interface SrtTarget {
  host: string;
  port: number;
  /** Stream id exactly as in the URL, `#` and key included (e.g. `123#08cd54f0`); null when absent. */
  srtStreamId: string | null;
  /** Passphrase from `passphrase=` in the URL, if any. */
  passphrase: string | null;
  /** Other query parameters in URL order (latency etc.), values verbatim. */
  params: ReadonlyArray<readonly [string, string]>;
}

const HOST_RE = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)$/;

function bad(url: string, why: string): AppError {
  // Only the part before `?` is quoted: the query may carry the stream key.
  const shown = url.split('?')[0] ?? '';
  return new AppError('input', 'bad_srt_url', `Invalid SRT URL "${shown}": ${why}. Expected srt://HOST:PORT?streamid=ID.`);
}

/**
 * Parses `srt://host:port[?k=v&…]`. The `streamid` value runs to the next `&` or the end of the string, so
 * `streamid=123#key` keeps `#key` (Gcore's "stream id and key divided by '#'"). A `#` anywhere else is not a fragment
 * either. Values are taken verbatim: no percent-decoding, as ffmpeg ≤ 6.1 and OBS do.
 */
export function parseSrtUrl(url: string): SrtTarget {
  const trimmed = url.trim();
  const m = /^srt:\/\/([^/?#]*)(\/?)(?:\?(.*))?$/i.exec(trimmed);
  if (!m) {
    if (!/^srt:\/\//i.test(trimmed)) throw bad(trimmed, 'it must start with srt://');
    throw bad(trimmed, 'it has a path; SRT URLs carry everything in the query');
  }
  const authority = m[1] ?? '';
  const hp = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(authority);
  if (!hp) throw bad(trimmed, 'host and port are required');
  const host = hp[1] ?? '';
  const port = Number(hp[2]);
  if (!HOST_RE.test(host)) throw bad(trimmed, `"${host}" is not a valid host name`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw bad(trimmed, 'the port must be 1–65535');

  let srtStreamId: string | null = null;
  let passphrase: string | null = null;
  const params: Array<readonly [string, string]> = [];
  const query = m[3];
  if (query !== undefined && query !== '') {
    for (const part of query.split('&')) {
      const eq = part.indexOf('=');
      const key = (eq < 0 ? part : part.slice(0, eq)).toLowerCase();
      const value = eq < 0 ? '' : part.slice(eq + 1);
      if (key === '') continue;
      if (key === 'streamid') srtStreamId = value;
      else if (key === 'passphrase') passphrase = value;
      else params.push([key, value] as const);
    }
  }
  return { host, port, srtStreamId, passphrase, params };
}


/** The URL handed to ffmpeg: host and port only; the id and passphrase travel as separate options. */
export function srtCallerUrl(target: Pick<SrtTarget, 'host' | 'port'>, extra: Record<string, string | number> = {}): string {
  const q = Object.entries(extra)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return `srt://${target.host}:${target.port}${q ? `?${q}` : ''}`;
}
