// Writes the real stream id into a caller's CONCLUSION handshake (SID extension, draft-sharabayko-srt §3.2.1.3), so the
// sender ffmpeg only ever holds a placeholder and the stream key is on no command line (issue 10 item 1). Pure.

import { HandshakeExtType, HandshakeType } from './handshakePacket';
import { ControlType, SRT_HEADER_BYTES } from './srtHeader';

/** What the sender ffmpeg is given as `-srt_streamid`; the tap replaces it before the handshake leaves the machine. */
export const SENDER_STREAM_ID_PLACEHOLDER = 'srt-companion-tap-sets-the-stream-id';

/** libsrt refuses a SID extension longer than this (CSrtConfig::MAX_SID_LENGTH), bytes. */
export const MAX_STREAM_ID_BYTES = 512;

/** Extension field flag of a CONCLUSION: CONFIG blocks (SID, CONGESTION, FILTER, GROUP) follow (libsrt HS_EXT_CONFIG). */
const HS_EXT_CONFIG = 0x4;
const HS_FIXED_CIF_BYTES = 48;
const EXTENSIONS_START = SRT_HEADER_BYTES + HS_FIXED_CIF_BYTES;
/** Offset of the 16-bit extension field (CIF word 1, low half) and of the handshake type (CIF word 5) in the datagram. */
const EXTENSION_FIELD_AT = SRT_HEADER_BYTES + 6;
const HANDSHAKE_TYPE_AT = SRT_HEADER_BYTES + 20;

export type StreamIdBlockResult = { ok: true; block: Buffer } | { ok: false; error: string };

/** Outcome of {@link rewriteCallerStreamId}; `failed` datagrams should be forwarded unchanged (the ingest then refuses the placeholder). */
export type StreamIdRewrite =
  | { kind: 'not-conclusion' }
  | { kind: 'rewritten'; datagram: Buffer }
  | { kind: 'failed'; error: string };

/**
 * Encodes a SID extension block as libsrt's fillHsExtConfigString does: type 5, length in 4-byte words, the UTF-8 bytes
 * NUL-padded to a multiple of 4 and each 32-bit word stored little-endian in the big-endian packet (so every 4-byte group
 * is reversed: "STREAM" → "ERTS\0\0MA"). Errors never contain the id.
 */
export function encodeStreamIdBlock(streamId: string): StreamIdBlockResult {
  const raw = Buffer.from(streamId, 'utf8');
  if (raw.length === 0 || raw.length > MAX_STREAM_ID_BYTES) {
    return { ok: false, error: `a stream id of ${raw.length} bytes cannot be sent: SRT takes 1 to ${MAX_STREAM_ID_BYTES}` };
  }
  // The listener reads the id up to the first NUL, so an embedded one would silently shorten it.
  if (raw.includes(0)) return { ok: false, error: 'a stream id with a NUL byte cannot be sent' };
  const words = Math.ceil(raw.length / 4);
  const block = Buffer.alloc(4 + words * 4);
  block.writeUInt16BE(HandshakeExtType.SID, 0);
  block.writeUInt16BE(words, 2);
  for (let i = 0; i < words * 4; i++) {
    const word = i - (i % 4);
    block[4 + word + 3 - (i % 4)] = raw[i] ?? 0;
  }
  return { ok: true, block };
}

function isHandshake(datagram: Uint8Array): boolean {
  if (datagram.length < SRT_HEADER_BYTES || ((datagram[0] ?? 0) & 0x80) === 0) return false;
  return ((((datagram[0] ?? 0) & 0x7f) << 8) | (datagram[1] ?? 0)) === ControlType.HANDSHAKE;
}

/**
 * When `datagram` is a caller's HSv5 CONCLUSION, returns a copy whose SID extension carries `streamId` (replacing any SID
 * the caller sent, or appended when it sent none) with HS_EXT_CONFIG set; every other extension block is kept byte for
 * byte and in order. Every other datagram is `not-conclusion`. Call it only for datagrams from the caller.
 */
export function rewriteCallerStreamId(datagram: Uint8Array, streamId: string): StreamIdRewrite {
  if (!isHandshake(datagram) || datagram.length < EXTENSIONS_START) return { kind: 'not-conclusion' };
  const buf = Buffer.from(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  if (buf.readUInt32BE(HANDSHAKE_TYPE_AT) !== HandshakeType.CONCLUSION) return { kind: 'not-conclusion' };
  if (buf.readUInt32BE(SRT_HEADER_BYTES) < 5) return { kind: 'failed', error: 'an HSv4 conclusion cannot carry a stream id' };
  const sid = encodeStreamIdBlock(streamId);
  if (!sid.ok) return { kind: 'failed', error: sid.error };

  const parts: Buffer[] = [Buffer.from(buf.subarray(0, EXTENSIONS_START))];
  let placed = false;
  let off = EXTENSIONS_START;
  while (off < buf.length) {
    if (off + 4 > buf.length) return { kind: 'failed', error: `${buf.length - off} stray bytes after the handshake extensions` };
    const type = buf.readUInt16BE(off);
    const end = off + 4 + buf.readUInt16BE(off + 2) * 4;
    if (end > buf.length) return { kind: 'failed', error: `handshake extension ${type} overruns the datagram` };
    if (type !== HandshakeExtType.SID) parts.push(buf.subarray(off, end));
    else if (!placed) {
      parts.push(sid.block); // the real id takes the place of the placeholder
      placed = true;
    }
    off = end;
  }
  if (!placed) parts.push(sid.block);
  const out = Buffer.concat(parts);
  out.writeUInt16BE(out.readUInt16BE(EXTENSION_FIELD_AT) | HS_EXT_CONFIG, EXTENSION_FIELD_AT);
  return { kind: 'rewritten', datagram: out };
}
