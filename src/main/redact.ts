// Removes secrets (API token, stream keys, SRT passphrases) from any text before it is logged or shown.

const MASK = '****';

/** `=` as typed, URL-encoded once (`%3D`) or twice (`%253D`). */
const EQUALS = '(?:=|%3D|%253D)';
/** `#` as typed, URL-encoded once (`%23`) or twice (`%2523`): ffmpeg 7 and some tools decode the stream id. */
const HASH = '(?:#|%23|%2523)';

/**
 * The key of a `streamid=ID#KEY` (also `%23`/`%2523` for `#`, `%3D` for `=`): everything after the `#` up to the
 * next `&` or the end of the text. Not stopped by whitespace or quotes, which a key may contain; a log line may lose
 * its tail to the mask, which is the safe side. The id before the `#` is bounded by libsrt's 512-byte stream id, which
 * also keeps the scan linear on hostile text (an unbounded lazy scan made 40,000 `streamid=` take seconds).
 */
const STREAM_KEY = new RegExp(`(streamid${EQUALS}[^#&]{0,512}?${HASH})[^&]*`, 'gi');
/** An ffmpeg `-srt_streamid ID#KEY` argument in a logged command line: one argument, so it ends at whitespace or a quote. */
const SRT_STREAMID_ARG = new RegExp(`(srt_streamid\\s+['"]?[^#\\s'"]*?${HASH})[^\\s'"]+`, 'gi');
/** A `passphrase=` query value, up to the next `&` or the end, for the same reason. */
const PASSPHRASE_QUERY = new RegExp(`(passphrase${EQUALS})[^&]*`, 'gi');

/**
 * Masks the stream key of SRT push URLs and stream ids (`…streamid=123#08cd54f0` → `…streamid=123#****`),
 * `passphrase=` query values and `-passphrase VALUE` arguments, and every literal secret given.
 */
export function redact(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would mask ordinary words; real tokens, keys and passphrases are longer.
    if (secret && secret.length >= 4) out = out.split(secret).join(MASK);
  }
  return out
    .replace(STREAM_KEY, `$1${MASK}`)
    .replace(SRT_STREAMID_ARG, `$1${MASK}`)
    .replace(PASSPHRASE_QUERY, `$1${MASK}`)
    .replace(/(-passphrase\s+['"]?)[^\s'"]+/gi, `$1${MASK}`)
    .replace(/(APIKey\s+)\S+/g, `$1${MASK}`);
}

/**
 * Masks the key of a bare SRT stream id (`123#08cd54f0` → `123#****`, also after `%23`/`%2523`), as the tap reads it
 * from a handshake: redact() finds keys only after `streamid=`. An id without `#` is masked whole, as it may be a key.
 */
export function maskStreamId(streamId: string): string {
  const hash = new RegExp(HASH, 'i').exec(streamId);
  if (!hash) return MASK;
  return `${streamId.slice(0, hash.index + hash[0].length)}${MASK}`;
}

/** Masks the secret part of an SRT push URL for display: host and stream number stay readable. */
export function maskPushUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  return redact(url);
}
