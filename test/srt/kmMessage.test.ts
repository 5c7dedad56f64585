// The Key Material codec and the SRT cipher against hex vectors: RFC 3394, a hand-assembled KM message, and the KMREQ,
// KMRSP and AES-256 data packet of a real ffmpeg 5.1 / libsrt 1.5.1 session (test/fixtures/srt/SOURCE.md, capture "enc").

import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { cryptPayload, deriveKek, SrtPayloadCipher, srtCtrIv, unwrapKeys, wrapKeys } from '../../src/main/srt/crypto/srtCipher';
import { readHandshakeBlocks } from '../../src/main/srt/packets/handshakeBlocks';
import { decodeKmMessage, encodeKmMessage } from '../../src/main/srt/packets/kmMessage';
import { vector } from './srtFixtures';

/** The passphrase of the "enc" capture (a test value from SOURCE.md, not a secret). */
const CAPTURE_PASSPHRASE = 'correct-horse-battery';
const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function kmBlock(name: string, type: number): Uint8Array {
  const blocks = readHandshakeBlocks(vector(name));
  if (!blocks.ok) throw new Error(blocks.error);
  const block = blocks.value.find((b) => b.type === type);
  if (!block) throw new Error(`${name} has no extension ${type}`);
  return block.contents;
}

describe('encodeKmMessage / decodeKmMessage', () => {
  const salt = hex('000102030405060708090a0b0c0d0e0f');
  const wrapped = Buffer.alloc(24, 0xaa);
  const expected = hex(`
    12202901 00000000 02000200 00000404
    000102030405060708090a0b0c0d0e0f
    ${'aa'.repeat(24)}`);

  it('writes version 1, type 2, sign 0x2029, KK, KEKI, AES-CTR, auth 0, SE 2, Slen/4, Klen/4, salt and wrap in that order', () => {
    const km = { keyFlags: 1 as const, keki: 0, cipher: 2, auth: 0, se: 2, salt, keyLengthBytes: 16, wrappedKeys: wrapped };
    expect(encodeKmMessage(km).toString('hex')).toBe(expected.toString('hex'));
    expect(decodeKmMessage(expected)).toEqual({ ok: true, value: km });
  });

  it('round-trips the KMREQ a real libsrt caller sent (AES-256), and the listener echoes it byte for byte as its KMRSP', () => {
    const kmreq = kmBlock('conclusion_caller_encrypted', 3);
    const km = decodeKmMessage(kmreq);
    expect(km.ok && km.value).toMatchObject({ keyFlags: 1, keki: 0, cipher: 2, auth: 0, se: 2, keyLengthBytes: 32 });
    expect(km.ok && km.value.salt.length).toBe(16);
    expect(km.ok && encodeKmMessage(km.value).equals(Buffer.from(kmreq))).toBe(true);
    expect(Buffer.from(kmBlock('conclusion_listener_encrypted', 4)).equals(Buffer.from(kmreq))).toBe(true);
  });

  it('returns an error, not an exception, for a short, foreign, keyless or truncated message', () => {
    expect(decodeKmMessage(expected.subarray(0, 15)).ok).toBe(false);
    expect(decodeKmMessage(Buffer.concat([hex('13'), expected.subarray(1)])).ok).toBe(false); // packet type 3
    expect(decodeKmMessage(Buffer.concat([expected.subarray(0, 3), hex('00'), expected.subarray(4)])).ok).toBe(false); // KK 0
    expect(decodeKmMessage(expected.subarray(0, expected.length - 1)).ok).toBe(false);
  });

  it('refuses to encode a wrap whose length does not match the key length', () => {
    expect(() => encodeKmMessage({ keyFlags: 1, keki: 0, cipher: 2, auth: 0, se: 2, salt, keyLengthBytes: 32, wrappedKeys: wrapped })).toThrow(RangeError);
  });
});

describe('srtCipher', () => {
  it('wraps keys per RFC 3394 (§4.1 128-bit KEK, §4.6 256-bit KEK and key)', () => {
    const kek128 = hex('000102030405060708090A0B0C0D0E0F');
    const key128 = hex('00112233445566778899AABBCCDDEEFF');
    expect(wrapKeys(kek128, key128).toString('hex')).toBe('1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5');
    const kek256 = hex('000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F');
    const key256 = hex('00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F');
    const wrapped = wrapKeys(kek256, key256);
    expect(wrapped.toString('hex')).toBe('28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21');
    expect(unwrapKeys(kek256, wrapped)?.equals(key256)).toBe(true);
    expect(unwrapKeys(kek128.subarray(0, 16).fill(1), wrapKeys(kek256.subarray(0, 16), key128))).toBeNull();
  });

  it('builds the CTR IV from the salt XOR the sequence number at bytes 10–13, leaving the block counter bytes 14–15 clear', () => {
    const salt = hex('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff');
    expect(srtCtrIv(salt, 0x12345678).toString('hex')).toBe('f0f1f2f3f4f5f6f7f8f9e8cfaa850000');
    expect(srtCtrIv(salt, 0).toString('hex')).toBe('f0f1f2f3f4f5f6f7f8f9fafbfcfd0000');
  });

  it('recovers the key of a real libsrt session from its passphrase and decrypts its data packet to MPEG-TS', () => {
    const km = decodeKmMessage(kmBlock('conclusion_caller_encrypted', 3));
    if (!km.ok) throw new Error(km.error);
    const sek = unwrapKeys(deriveKek(CAPTURE_PASSPHRASE, km.value.salt, 32), km.value.wrappedKeys);
    expect(sek?.length).toBe(32);
    expect(unwrapKeys(deriveKek('wrong-passphrase-123', km.value.salt, 32), km.value.wrappedKeys)).toBeNull();
    const packet = vector('data_encrypted');
    const plain = cryptPayload(sek!, km.value.salt, packet.readUInt32BE(0) & 0x7fffffff, packet.subarray(16));
    expect(plain.length).toBe(1316);
    for (let i = 0; i < plain.length; i += 188) expect(plain[i]).toBe(0x47);
    // CTR is its own inverse: encrypting the clear payload again gives the captured bytes.
    expect(cryptPayload(sek!, km.value.salt, packet.readUInt32BE(0), plain).equals(packet.subarray(16))).toBe(true);
    // The per-key cipher the tap and the sender use decrypts libsrt's packet the same way.
    expect(new SrtPayloadCipher(sek!, km.value.salt).crypt(packet.readUInt32BE(0) & 0x7fffffff, packet.subarray(16)).equals(plain)).toBe(true);
  });

  it('SrtPayloadCipher gives cryptPayload’s bytes for every key length, payload length and sequence number', () => {
    for (const keyBytes of [16, 24, 32] as const) {
      const sek = randomBytes(keyBytes);
      const salt = randomBytes(16);
      const cipher = new SrtPayloadCipher(sek, salt);
      for (const [seq, length] of [[0, 1316], [1, 1], [0x7fffffff, 188], [123_456_789, 1456], [42, 17], [0x12345678, 0]] as const) {
        const payload = randomBytes(length);
        expect(cipher.crypt(seq, payload).equals(cryptPayload(sek, salt, seq, payload)), `AES-${keyBytes * 8} seq ${seq} ${length} bytes`).toBe(true);
      }
    }
    expect(() => new SrtPayloadCipher(randomBytes(16), randomBytes(16)).crypt(1, Buffer.alloc(1473))).toThrow(RangeError);
  });
});
