// Reads and rewrites the extension blocks and type fields of an HSv5 handshake datagram, so a relay can add or remove an
// extension (draft-sharabayko-srt §3.2.1 "Handshake": 48-byte fixed CIF, then Ext Type(16) | Ext Length(16, words) | contents).

import { decodeHandshakePacket } from './handshakePacket';
import { SRT_HEADER_BYTES, type DecodeResult } from './srtHeader';

/** Bytes of the common header plus the fixed handshake CIF; extension blocks start here. */
export const HANDSHAKE_FIXED_BYTES = SRT_HEADER_BYTES + 48;
const ENCRYPTION_OFFSET = SRT_HEADER_BYTES + 4;
const EXTENSION_FIELD_OFFSET = SRT_HEADER_BYTES + 6;
const HANDSHAKE_TYPE_OFFSET = SRT_HEADER_BYTES + 20;

/** Flag bits of a CONCLUSION's Extension Field (draft §3.2.1, HS_EXT_*). */
export const HandshakeExtFlag = { HSREQ: 0x1, KMREQ: 0x2, CONFIG: 0x4 } as const;

/** One extension block; `contents` excludes the 4-byte type/length word and is a whole number of 32-bit words. */
export interface HandshakeBlock {
  type: number;
  contents: Uint8Array;
}

/** The extension blocks of an HSv5 handshake (none for HSv4); fails for non-handshakes and blocks overrunning the datagram. */
export function readHandshakeBlocks(datagram: Uint8Array): DecodeResult<HandshakeBlock[]> {
  const hs = decodeHandshakePacket(datagram);
  if (!hs.ok) return hs;
  const blocks: HandshakeBlock[] = [];
  if (hs.value.version < 5) return { ok: true, value: blocks };
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  let off = HANDSHAKE_FIXED_BYTES;
  // decodeHandshakePacket already checked that every block fits; a trailing fragment under 4 bytes is ignored as it does.
  while (off + 4 <= datagram.length) {
    const type = view.getUint16(off);
    const end = off + 4 + view.getUint16(off + 2) * 4;
    blocks.push({ type, contents: datagram.slice(off + 4, end) });
    off = end;
  }
  return { ok: true, value: blocks };
}

/** Changes {@link writeHandshake} applies; a field left undefined keeps the original value. */
export interface HandshakeChanges {
  /** Encryption Field (upper 16 bits of the type word): 0 none, 2/3/4 = AES-128/192/256. */
  encryption?: number;
  /** Extension Field (lower 16 bits): the HS_EXT_* flags in a CONCLUSION. */
  extensionField?: number;
  /** Handshake Type, e.g. a rejection code (1000 + SRT_REJ_*). */
  handshakeType?: number;
  /** Replacement extension blocks (written in this order); undefined keeps the original bytes after the fixed part. */
  blocks?: readonly HandshakeBlock[];
}

/** A copy of a handshake datagram (at least {@link HANDSHAKE_FIXED_BYTES} long) with `changes` applied. */
export function writeHandshake(datagram: Uint8Array, changes: HandshakeChanges): Buffer {
  const fixed = Buffer.from(datagram.subarray(0, HANDSHAKE_FIXED_BYTES));
  if (changes.encryption !== undefined) fixed.writeUInt16BE(changes.encryption, ENCRYPTION_OFFSET);
  if (changes.extensionField !== undefined) fixed.writeUInt16BE(changes.extensionField, EXTENSION_FIELD_OFFSET);
  if (changes.handshakeType !== undefined) fixed.writeUInt32BE(changes.handshakeType >>> 0, HANDSHAKE_TYPE_OFFSET);
  if (changes.blocks === undefined) return Buffer.concat([fixed, datagram.subarray(HANDSHAKE_FIXED_BYTES)]);
  const parts: Uint8Array[] = [fixed];
  for (const block of changes.blocks) {
    if (block.contents.length % 4 !== 0) throw new RangeError(`handshake extension ${block.type} is not a whole number of 32-bit words`);
    const head = Buffer.alloc(4);
    head.writeUInt16BE(block.type, 0);
    head.writeUInt16BE(block.contents.length / 4, 2);
    parts.push(head, block.contents);
  }
  return Buffer.concat(parts);
}
