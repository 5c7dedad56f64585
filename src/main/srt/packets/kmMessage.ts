// Encodes and decodes the SRT Key Material message carried by KMREQ/KMRSP (draft-sharabayko-srt §3.2.2 "Key Material";
// Haivision/srt v1.5.1 haicrypt/hcrypt_msg.h, hcrypt_xpt_srt.c, hcrypt_ctx_tx.c hcryptCtx_Tx_AsmKM). Bytes only, no crypto.

import type { DecodeResult } from './srtHeader';

/** Version 1 is the only one libsrt writes or accepts (HCRYPT_MSG_VERSION). */
export const KM_VERSION = 1;
/** Packet type 2 = Keying Material (HCRYPT_MSG_PT_KM). */
export const KM_PACKET_TYPE = 2;
/** Signature 'HAI' as a PnP vendor id: ('H'-'@')<<10 | ('A'-'@')<<5 | ('I'-'@') = 0x2029 (HCRYPT_MSG_SIGN). */
export const KM_SIGN = 0x2029;
/** Cipher 2 = AES-CTR, the only one libsrt 1.5.1 uses (HCRYPT_CIPHER_AES_CTR). */
export const KM_CIPHER_AES_CTR = 2;
/** Stream encapsulation 2 = SRT (HCRYPT_SE_TSSRT); libsrt rejects any other value. */
export const KM_SE_SRT = 2;
/** Length of the fixed part before the salt, bytes (HCRYPT_MSG_KM_OFS_SALT). */
export const KM_HEADER_BYTES = 16;
/** RFC 3394 key wrap adds one 8-byte integrity block (HAICRYPT_WRAPKEY_SIGN_SZ). */
export const KM_WRAP_OVERHEAD_BYTES = 8;

/** Which stream encrypting keys the message carries (KK): 1 even, 2 odd, 3 both (even first). */
export type KmKeyFlags = 1 | 2 | 3;

/** One Key Material message. */
export interface KmMessage {
  keyFlags: KmKeyFlags;
  /** Key encrypting key index; 0 = the passphrase-derived default key. */
  keki: number;
  /** 2 = AES-CTR. */
  cipher: number;
  /** 0 = no authentication. */
  auth: number;
  /** Stream encapsulation, 2 = SRT. */
  se: number;
  /** The salt, 16 bytes in libsrt (its length travels as Slen/4). */
  salt: Uint8Array;
  /** Length of one stream encrypting key, bytes: 16, 24 or 32 (travels as Klen/4). */
  keyLengthBytes: number;
  /** The RFC 3394 wrapped key(s): keyLengthBytes × (1 or 2) + 8 bytes. */
  wrappedKeys: Uint8Array;
}

/** States of a one-word KMRSP (srtcore/srt.h SRT_KM_STATE). */
export const KmState = { UNSECURED: 0, SECURING: 1, SECURED: 2, NOSECRET: 3, BADSECRET: 4 } as const;

function keyCount(keyFlags: KmKeyFlags): number {
  return keyFlags === 3 ? 2 : 1;
}

/**
 * Writes a KM message in network byte order, the layout libsrt's hcryptCtx_Tx_AsmKM produces:
 * `0|Vers(3)|PT(4)` `Sign(16)` `resv(6)|KK(2)`, KEKI(32), Cipher(8) Auth(8) SE(8) Resv1(8), Resv2(16) Slen/4(8) Klen/4(8), salt, wrap.
 */
export function encodeKmMessage(km: KmMessage): Buffer {
  const wrapBytes = km.keyLengthBytes * keyCount(km.keyFlags) + KM_WRAP_OVERHEAD_BYTES;
  if (km.wrappedKeys.length !== wrapBytes) {
    throw new RangeError(`KM wrap of ${km.wrappedKeys.length} bytes does not match ${keyCount(km.keyFlags)} key(s) of ${km.keyLengthBytes} bytes`);
  }
  if (km.salt.length % 4 !== 0 || km.keyLengthBytes % 4 !== 0) throw new RangeError('KM salt and key lengths must be multiples of 4 bytes');
  const out = Buffer.alloc(KM_HEADER_BYTES + km.salt.length + wrapBytes);
  out[0] = (KM_VERSION << 4) | KM_PACKET_TYPE;
  out.writeUInt16BE(KM_SIGN, 1);
  out[3] = km.keyFlags;
  out.writeUInt32BE(km.keki >>> 0, 4);
  out[8] = km.cipher;
  out[9] = km.auth;
  out[10] = km.se;
  out[14] = km.salt.length / 4;
  out[15] = km.keyLengthBytes / 4;
  out.set(km.salt, KM_HEADER_BYTES);
  out.set(km.wrappedKeys, KM_HEADER_BYTES + km.salt.length);
  return out;
}

/** Reads a KM message; fails on a wrong version, type, signature, key flags or a length that does not add up. */
export function decodeKmMessage(bytes: Uint8Array): DecodeResult<KmMessage> {
  if (bytes.length < KM_HEADER_BYTES) return { ok: false, error: `KM message of ${bytes.length} bytes is shorter than its 16-byte header` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = (bytes[0] ?? 0) >> 4;
  const packetType = (bytes[0] ?? 0) & 0xf;
  if (version !== KM_VERSION || packetType !== KM_PACKET_TYPE || view.getUint16(1) !== KM_SIGN) {
    return { ok: false, error: 'not a version 1 Key Material message (version, packet type or signature differ)' };
  }
  const keyFlags = (bytes[3] ?? 0) & 0x3;
  if (keyFlags === 0) return { ok: false, error: 'KM message announces no key (KK = 0)' };
  const saltBytes = (bytes[14] ?? 0) * 4;
  const keyLengthBytes = (bytes[15] ?? 0) * 4;
  const wrapBytes = keyLengthBytes * keyCount(keyFlags as KmKeyFlags) + KM_WRAP_OVERHEAD_BYTES;
  // libsrt pads the message to whole 32-bit words; the wrap length is always a multiple of 8, so no padding occurs.
  if (keyLengthBytes === 0 || bytes.length < KM_HEADER_BYTES + saltBytes + wrapBytes) {
    return { ok: false, error: `KM message of ${bytes.length} bytes is too short for a ${saltBytes}-byte salt and ${keyLengthBytes}-byte key(s)` };
  }
  const wrapStart = KM_HEADER_BYTES + saltBytes;
  return {
    ok: true,
    value: {
      keyFlags: keyFlags as KmKeyFlags,
      keki: view.getUint32(4),
      cipher: bytes[8] ?? 0,
      auth: bytes[9] ?? 0,
      se: bytes[10] ?? 0,
      salt: bytes.slice(KM_HEADER_BYTES, wrapStart),
      keyLengthBytes,
      wrappedKeys: bytes.slice(wrapStart, wrapStart + wrapBytes),
    },
  };
}
