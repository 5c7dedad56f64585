// Test-only encoders for synthetic SRT datagrams (layouts as in draft-sharabayko-srt §3 and srt-notes.md §3).

function words(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
}

/** Socket id of the caller in the synthetic sessions: {@link handshake}'s default, and the default dest id of {@link control}. */
export const CALLER_SOCKET_ID = 0x11223344;

/**
 * A control packet: header (F=1, type, subtype, type-specific, timestamp, dest id) + CIF words. The dest id defaults to
 * {@link CALLER_SOCKET_ID}, as on every packet a libsrt listener sends its caller (the tap believes no other).
 */
export function control(type: number, typeSpecific: number, cif: number[] = [], opts: { subtype?: number; timestampUs?: number; destSocketId?: number } = {}): Buffer {
  const header = words((0x80000000 | (type << 16) | (opts.subtype ?? 0)) >>> 0, typeSpecific, opts.timestampUs ?? 0, opts.destSocketId ?? CALLER_SOCKET_ID);
  return Buffer.concat([header, words(...cif)]);
}

/** A data packet of `sizeBytes` in total (header included). */
export function data(seq: number, opts: { retransmitted?: boolean; keyFlag?: 0 | 1 | 2; position?: 0 | 1 | 2 | 3; inOrder?: boolean; messageNo?: number; sizeBytes?: number } = {}): Buffer {
  const word1 =
    ((opts.position ?? 3) << 30) | ((opts.inOrder ?? true ? 1 : 0) << 29) | ((opts.keyFlag ?? 0) << 27) |
    ((opts.retransmitted ? 1 : 0) << 26) | ((opts.messageNo ?? 1) & 0x03ffffff);
  const b = Buffer.alloc(opts.sizeBytes ?? 1332);
  words(seq & 0x7fffffff, word1 >>> 0, 0, 42).copy(b);
  return b;
}

/** A full ACK (7-word CIF). */
export function fullAck(ackNo: number, lastAckSeq: number, rttUs: number, rttVarUs: number, linkCapacityPktsPerS = 10_000): Buffer {
  return control(2, ackNo, [lastAckSeq, rttUs, rttVarUs, 8000, 150, linkCapacityPktsPerS, 200_000]);
}

export function lightAck(lastAckSeq: number): Buffer {
  return control(2, 0, [lastAckSeq]);
}

/** A NAK from loss-list entries: numbers are single losses, [a, b] pairs are ranges. */
export function nak(entries: Array<number | [number, number]>): Buffer {
  const list: number[] = [];
  for (const e of entries) {
    if (Array.isArray(e)) list.push((e[0] | 0x80000000) >>> 0, e[1]);
    else list.push(e);
  }
  return control(3, 0, list);
}

export const HS_INDUCTION = 1;
export const HS_CONCLUSION = 0xffffffff;

/** A handshake with the 48-byte fixed CIF and optional raw extension bytes. */
export function handshake(opts: { type: number; version?: number; socketId?: number; initialSeq?: number; extField?: number; encryption?: number; extensions?: Buffer }): Buffer {
  const fixed = words(
    opts.version ?? 5,
    ((opts.encryption ?? 0) << 16) | (opts.extField ?? 0),
    opts.initialSeq ?? 1000,
    1500,
    8192,
    opts.type,
    opts.socketId ?? CALLER_SOCKET_ID,
    0,
    0x0100007f, 0, 0, 0,
  );
  return Buffer.concat([control(0, 0, []), fixed, opts.extensions ?? Buffer.alloc(0)]);
}

/** An extension block: type, length in words, contents padded to 4 bytes. */
export function extension(type: number, contents: Buffer): Buffer {
  const padded = Buffer.alloc(Math.ceil(contents.length / 4) * 4);
  contents.copy(padded);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(type, 0);
  head.writeUInt16BE(padded.length / 4, 2);
  return Buffer.concat([head, padded]);
}

/** SID contents as libsrt writes them: NUL-padded, each 4-byte group reversed. */
export function sidContents(streamId: string): Buffer {
  const raw = Buffer.from(streamId, 'utf8');
  const padded = Buffer.alloc(Math.ceil(raw.length / 4) * 4);
  raw.copy(padded);
  for (let i = 0; i < padded.length; i += 4) padded.subarray(i, i + 4).reverse();
  return padded;
}

export function hsreq(latencyMs: number): Buffer {
  return words(0x010501, 0xbf, ((latencyMs & 0xffff) << 16) | (latencyMs & 0xffff));
}

export const shutdown = (): Buffer => control(5, 0, [0]);
export const keepalive = (): Buffer => control(1, 0, [0]);
