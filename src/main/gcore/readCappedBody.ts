// Reads an HTTP response body as text, streamed, and stops at a byte cap so a hostile or broken server cannot fill memory.

/** The body as text, or how far reading got before the cap was passed (the rest is never read). */
export type CappedBody = { ok: true; text: string } | { ok: false; bytesRead: number; declaredBytes: number | null };

/** Default cap on one Gcore API response: a page of streams is tens of kilobytes, so 16 MiB is far above any real answer. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

function declaredLength(headers: Headers): number | null {
  const raw = headers.get('content-length');
  if (raw === null || !/^\d+$/.test(raw.trim())) return null;
  return Number(raw.trim());
}

/**
 * Reads `res.body` chunk by chunk and cancels it (which closes the connection) once more than `maxBytes` arrived,
 * or at once when `Content-Length` already says so. At most `maxBytes` plus one chunk is ever held in memory.
 */
export async function readCappedBody(res: Response, maxBytes: number): Promise<CappedBody> {
  const declaredBytes = declaredLength(res.headers);
  if (declaredBytes !== null && declaredBytes > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    return { ok: false, bytesRead: 0, declaredBytes };
  }
  if (!res.body) return { ok: true, text: '' };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytesRead = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytesRead += value.byteLength;
    if (bytesRead > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, bytesRead, declaredBytes };
    }
    chunks.push(value);
  }
  return { ok: true, text: new TextDecoder().decode(Buffer.concat(chunks)) };
}
