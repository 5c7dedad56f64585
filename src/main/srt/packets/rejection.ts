// Turns SRT handshake rejection codes into plain sentences (draft-sharabayko-srt §3.2.1 "Handshake Type" rejection values;
// Haivision/srt docs/API/rejection-codes.md, srtcore/srt.h SRT_REJ_*, srtcore/access_control.h SRT_REJX_*; srt-notes.md §3.6).

/** A Handshake Type of 1000 or more (below the named negative values) rejects the connection. */
export const REJECTION_BASE = 1000;

/**
 * On the wire the Handshake Type is 1000 + reason. libsrt reasons (SRT_REJ_*, 0–16) appear as 1000–1016; server codes
 * set by a listener callback (SRT_REJX_*, 1000–1999, HTTP-like) appear as 2000–2999; application codes (≥ 2000) as ≥ 3000.
 */
export function isRejectionType(handshakeType: number): boolean {
  return handshakeType >= REJECTION_BASE && handshakeType < 0xfffffff0;
}

/** The value libsrt's `srt_getrejectreason()` reports for a wire rejection code (wire − 1000). */
export function rejectReasonOf(code: number): number {
  return code - REJECTION_BASE;
}

const MESSAGES: ReadonlyMap<number, string> = new Map([
  // libsrt's own reasons (SRT_REJ_*), wire 1000 + enum value.
  [1000, 'the ingest rejected the connection without giving a reason'],
  [1001, 'the ingest rejected the connection because of a system error on its side'],
  [1002, 'the ingest refused the connection'],
  [1003, 'the ingest is out of resources and refused the connection'],
  [1004, 'the ingest found the handshake malformed'],
  [1005, 'the ingest has too many pending connections and refused this one'],
  [1006, 'the ingest hit an internal error and refused the connection'],
  [1007, 'the ingest is shutting down and refused the connection'],
  [1008, 'the ingest requires a newer SRT version than this sender uses'],
  [1009, 'the rendezvous connection failed because both sides picked the same cookie'],
  [1010, 'the ingest rejected the passphrase'],
  [1011, 'encryption mismatch: one side uses a passphrase and the other does not'],
  [1012, 'the ingest and the sender disagree on the transmission mode (message or stream API)'],
  [1013, 'the ingest does not accept this congestion control type'],
  [1014, 'the ingest does not accept this packet filter (FEC) configuration'],
  [1015, 'the ingest does not accept this connection group type'],
  [1016, 'the connection attempt timed out'],
  // Server codes (SRT_REJX_*), wire 1000 + 1000–1999.
  [2000, 'the ingest rejected the stream without a specific reason'],
  [2001, 'the ingest does not support a key used in the stream id'],
  [2002, 'the ingest rejected the resource path in the stream id'],
  [2003, 'the ingest does not know the host named in the stream id'],
  [2400, 'the ingest found the stream id malformed'],
  [2401, 'the ingest did not accept the stream key (unauthorized)'],
  [2402, 'the ingest is overloaded or the account has run out of credit'],
  [2403, 'the ingest refused this stream id or key (forbidden)'],
  [2404, 'the ingest does not know this stream id (not found)'],
  [2405, 'the ingest does not support the mode requested in the stream id'],
  [2406, 'the ingest cannot accept the parameters requested in the stream id'],
  [2409, 'the stream is already being published by another connection'],
  [2415, 'the ingest does not support the media type requested in the stream id'],
  [2423, 'the stream is locked on the ingest'],
  [2424, 'the session this stream depends on has disconnected'],
  [2500, 'the ingest hit an internal server error'],
  [2501, 'the ingest does not implement what this connection requested'],
  [2502, 'the ingest acts as a gateway and its upstream refused the connection'],
  [2503, 'the ingest service is temporarily down'],
  [2505, 'the ingest does not support this SRT version'],
  [2507, 'the ingest has no storage room for this stream'],
]);

/**
 * A plain sentence for a wire rejection code (the handshake's Handshake Type, e.g. 1010 or 2403), starting in lower case
 * so callers can prefix it ("Rejected: the ingest rejected the passphrase"). Unknown codes still get a sentence.
 */
export function rejectionMessage(code: number): string {
  const known = MESSAGES.get(code);
  if (known) return known;
  if (code >= 3000) return `the ingest rejected the connection with application code ${code - 1000}`;
  if (code >= 2000) return `the ingest rejected the connection with server code ${code - 1000}`;
  return `the ingest rejected the connection (SRT reason ${rejectReasonOf(code)})`;
}

/**
 * Rejections that retrying cannot cure: the stream id, key or passphrase is wrong, or the ingest does not know or
 * accept the stream (libsrt's passphrase and encryption-mismatch reasons; the server's 400/401/403/404 family and the
 * stream-id checks). Everything else (overload, busy, a conflicting publisher, a timeout, server errors, unknown codes)
 * may pass, so it keeps the normal back-off.
 */
const PERMANENT = new Set([1010, 1011, 2001, 2002, 2003, 2400, 2401, 2403, 2404, 2405, 2406, 2415]);

export function isPermanentRejection(code: number): boolean {
  return PERMANENT.has(code);
}
