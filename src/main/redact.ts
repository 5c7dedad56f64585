// Removes secrets (API token, stream keys, SRT passphrases) from any text before it is logged or shown.

const MASK = '****';

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
    .replace(/(streamid=[^#\s&'"]*#)[^\s&'"]+/gi, `$1${MASK}`)
    .replace(/(srt_streamid\s+['"]?[^#\s'"]*#)[^\s'"]+/gi, `$1${MASK}`)
    .replace(/(passphrase=)[^\s&'"]+/gi, `$1${MASK}`)
    .replace(/(-passphrase\s+['"]?)[^\s'"]+/gi, `$1${MASK}`)
    .replace(/(APIKey\s+)\S+/g, `$1${MASK}`);
}

/** Masks the secret part of an SRT push URL for display: host and stream number stay readable. */
export function maskPushUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  return redact(url);
}
