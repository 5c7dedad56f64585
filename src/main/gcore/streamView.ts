// Turns a validated Gcore Stream into the plain StreamView the CLI and renderer see, masking stream keys.

import { maskPushUrl } from '../redact';
import type { StreamView } from '../../shared/streams';
import { maskPullUrl } from './pullSources';
import type { GcoreStream } from './streamSchema';

/**
 * Maps a stream for display. Unless `reveal` is true (an explicit user request such as `--reveal`), the stream key
 * after `#` in the SRT push URLs and secrets in pull URLs are masked. The passphrase and the push token are never
 * copied, revealed or not: only `hasPassphrase` says whether one is set.
 */
export function toStreamView(stream: GcoreStream, options: { reveal: boolean }): StreamView {
  const push = (url: string | null | undefined): string | null => (url ? (options.reveal ? url : maskPushUrl(url)) : null);
  const pullSources = (stream.uri ?? '')
    .split(/\s+/)
    .filter((u) => u !== '')
    .map((u) => (options.reveal ? u : maskPullUrl(u)));
  return {
    id: stream.id,
    name: stream.name,
    active: stream.active === true,
    pull: stream.pull === true,
    pullSources,
    live: stream.live === true,
    backupLive: stream.backup_live === true,
    pushUrlSrt: push(stream.push_url_srt),
    backupPushUrlSrt: push(stream.backup_push_url_srt),
    hasPassphrase: typeof stream.srt_passphrase === 'string' && stream.srt_passphrase !== '',
    playbackUrl: stream.hls_cmaf_url || stream.iframe_url || null,
    createdAt: stream.created_at ?? null,
  };
}
