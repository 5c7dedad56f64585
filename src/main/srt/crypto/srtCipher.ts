// SRT's passphrase-based payload encryption, as libsrt 1.5.1 does it (haicrypt/hcrypt_sa.c hcryptCtx_GenSecret,
// cryspr-openssl-evp.c, hcrypt.h hcrypt_SetCtrIV; draft-sharabayko-srt §6 "Encryption"): PBKDF2 key derivation,
// RFC 3394 key wrap and AES-CTR with an IV made of the salt and the packet sequence number. node:crypto only, no I/O.

import { type Cipher, createCipheriv, createDecipheriv, pbkdf2Sync } from 'node:crypto';

/** Stream encrypting key lengths SRT allows (SRTO_PBKEYLEN), bytes. */
export type SrtKeyLengthBytes = 16 | 24 | 32;

/** PBKDF2 iterations (HAICRYPT_PBKDF2_ITER_CNT). */
export const PBKDF2_ITERATIONS = 2048;
/** PBKDF2 uses the last 8 bytes of the salt (HAICRYPT_PBKDF2_SALT_LEN, "LSB(64, Salt)"). */
export const PBKDF2_SALT_BYTES = 8;
/** libsrt's salt length, bytes (HAICRYPT_SALT_SZ). */
export const SRT_SALT_BYTES = 16;
/** RFC 3394 default initial value A6A6A6A6A6A6A6A6 (libsrt passes a NULL IV to OpenSSL's AES_wrap_key). */
const KEY_WRAP_IV = Buffer.alloc(8, 0xa6);

export function isSrtKeyLength(n: number): n is SrtKeyLengthBytes {
  return n === 16 || n === 24 || n === 32;
}

/** The handshake Encryption Field for a key length: 2 = AES-128, 3 = AES-192, 4 = AES-256 (SRT_PBKEYLEN_BITS). */
export function encryptionFieldOf(keyLengthBytes: SrtKeyLengthBytes): number {
  return keyLengthBytes / 8;
}

/** The key length a handshake Encryption Field advertises, or null for 0 and values outside 2–4. */
export function keyLengthOfEncryptionField(field: number): SrtKeyLengthBytes | null {
  const bytes = field * 8;
  return isSrtKeyLength(bytes) ? bytes : null;
}

/** KEK = PBKDF2-HMAC-SHA1(passphrase, last 8 bytes of the salt, 2048 iterations, key length). */
export function deriveKek(passphrase: string, salt: Uint8Array, keyLengthBytes: SrtKeyLengthBytes): Buffer {
  const pbkdfSalt = salt.subarray(Math.max(0, salt.length - PBKDF2_SALT_BYTES));
  return pbkdf2Sync(Buffer.from(passphrase, 'utf8'), pbkdfSalt, PBKDF2_ITERATIONS, keyLengthBytes, 'sha1');
}

function wrapAlgorithm(kek: Uint8Array): string {
  if (!isSrtKeyLength(kek.length)) throw new RangeError(`a key encrypting key has 16, 24 or 32 bytes, not ${kek.length}`);
  return `id-aes${kek.length * 8}-wrap`;
}

/** RFC 3394 AES key wrap of one or two stream encrypting keys (8 bytes longer than its input). */
export function wrapKeys(kek: Uint8Array, keys: Uint8Array): Buffer {
  const cipher = createCipheriv(wrapAlgorithm(kek), kek, KEY_WRAP_IV);
  return Buffer.concat([cipher.update(keys), cipher.final()]);
}

/** Unwraps RFC 3394 wrapped keys; null when the integrity check fails (a wrong passphrase gives a wrong KEK). */
export function unwrapKeys(kek: Uint8Array, wrapped: Uint8Array): Buffer | null {
  try {
    const decipher = createDecipheriv(wrapAlgorithm(kek), kek, KEY_WRAP_IV);
    return Buffer.concat([decipher.update(wrapped), decipher.final()]);
  } catch {
    return null;
  }
}

/**
 * The AES-CTR IV of one data packet: 16 zero bytes, the 32-bit packet sequence number big-endian at bytes 10–13, then
 * bytes 0–13 XORed with the first 14 bytes of the salt; bytes 14–15 are the block counter, starting at 0.
 */
export function srtCtrIv(salt: Uint8Array, seq: number): Buffer {
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(seq >>> 0, 10);
  for (let i = 0; i < 14; i++) iv[i] = (iv[i] ?? 0) ^ (salt[i] ?? 0);
  return iv;
}

/**
 * Encrypts (or, CTR being symmetric, decrypts) one data packet payload. The same key, salt and sequence number always
 * give the same bytes, so a retransmission carries the same ciphertext as the original. A payload is at most ~1456
 * bytes (91 blocks), so the 16-bit block counter never carries into the sequence number bytes.
 */
export function cryptPayload(sek: Uint8Array, salt: Uint8Array, seq: number, payload: Uint8Array): Buffer {
  if (!isSrtKeyLength(sek.length)) throw new RangeError(`a stream encrypting key has 16, 24 or 32 bytes, not ${sek.length}`);
  const cipher = createCipheriv(`aes-${sek.length * 8}-ctr`, sek, srtCtrIv(salt, seq));
  return Buffer.concat([cipher.update(payload), cipher.final()]);
}

/** The most AES blocks a payload can span: an SRT payload is at most 1456 bytes. */
const MAX_PAYLOAD_BLOCKS = 92;

/**
 * {@link cryptPayload} for one key, without a new cipher per packet: the packet's counter blocks (its IV with block
 * counters 0, 1, 2…) go through one AES-ECB cipher made once, and the keystream is XORed onto the payload. Same bytes
 * as cryptPayload (a test holds them equal), for two thirds of its CPU (BENCH_ONLY=cipher: 10.5 against 15.4 µs).
 */
export class SrtPayloadCipher {
  private readonly ecb: Cipher;
  /**
   * The counter blocks of a packet: bytes 0–9 are the salt's (the same for every packet), 10–13 the salt XOR the
   * sequence number (written per packet), 14–15 the block counter (the same for every packet).
   */
  private readonly counters = Buffer.alloc(MAX_PAYLOAD_BLOCKS * 16);
  private readonly saltWord: number;

  constructor(sek: Uint8Array, salt: Uint8Array) {
    if (!isSrtKeyLength(sek.length)) throw new RangeError(`a stream encrypting key has 16, 24 or 32 bytes, not ${sek.length}`);
    this.ecb = createCipheriv(`aes-${sek.length * 8}-ecb`, sek, null);
    this.ecb.setAutoPadding(false);
    const prefix = srtCtrIv(salt, 0);
    for (let b = 0; b < MAX_PAYLOAD_BLOCKS; b++) {
      prefix.copy(this.counters, b * 16, 0, 10);
      this.counters.writeUInt16BE(b, b * 16 + 14);
    }
    this.saltWord = prefix.readUInt32BE(10);
  }

  /** Encrypts (or decrypts) one data packet's payload: a new buffer. */
  crypt(seq: number, payload: Uint8Array): Buffer {
    const out = Buffer.allocUnsafe(payload.length);
    this.cryptInto(seq, payload, out, 0);
    return out;
  }

  /** Writes the encrypted (or decrypted) `payload` into `out` at `offset` (a datagram after its header, say). */
  cryptInto(seq: number, payload: Uint8Array, out: Uint8Array, offset: number): void {
    const blocks = Math.ceil(payload.length / 16);
    if (blocks > MAX_PAYLOAD_BLOCKS) throw new RangeError(`an SRT payload has at most ${MAX_PAYLOAD_BLOCKS * 16} bytes, not ${payload.length}`);
    const word = (this.saltWord ^ seq) >>> 0;
    const counters = this.counters;
    for (let b = 0; b < blocks; b++) counters.writeUInt32BE(word, b * 16 + 10);
    const keystream = this.ecb.update(counters.subarray(0, blocks * 16));
    for (let i = 0; i < payload.length; i++) out[offset + i] = (payload[i] ?? 0) ^ (keystream[i] ?? 0);
  }
}
