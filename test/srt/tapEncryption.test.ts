// createTapEncryption, datagram by datagram, on captured ffmpeg 5.1 / libsrt 1.5.1 handshakes (test/fixtures/srt) and
// synthetic data packets, with an injected random source so the key material is known.

import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cryptPayload, deriveKek, unwrapKeys } from '../../src/main/srt/crypto/srtCipher';
import { createTapEncryption, type TapEncryption } from '../../src/main/srt/crypto/tapEncryption';
import { decodeDataPacket } from '../../src/main/srt/packets/dataPacket';
import { decodeHandshakePacket, type HandshakePacket } from '../../src/main/srt/packets/handshakePacket';
import { readHandshakeBlocks, writeHandshake } from '../../src/main/srt/packets/handshakeBlocks';
import { decodeKmMessage, encodeKmMessage, type KmMessage } from '../../src/main/srt/packets/kmMessage';
import { control, data } from './srtPacketBuilders';
import { vector } from './srtFixtures';

const PASSPHRASE = 'tap-side-passphrase'; // a test value
/** Deterministic "random" bytes: 0x11 for the salt, 0x22… for the key, so a test can look for them. */
function fakeRandom(): (n: number) => Buffer {
  let call = 0;
  return (n) => Buffer.alloc(n, ++call === 1 ? 0x11 : 0x22);
}

function hs(datagram: Buffer | null): HandshakePacket {
  if (!datagram) throw new Error('datagram was dropped');
  const r = decodeHandshakePacket(datagram);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function kmOf(datagram: Buffer, type = 3): { bytes: Buffer; km: KmMessage } {
  const blocks = readHandshakeBlocks(datagram);
  const bytes = blocks.ok ? blocks.value.find((b) => b.type === type)?.contents : undefined;
  const km = decodeKmMessage(bytes ?? new Uint8Array());
  if (!km.ok) throw new Error(km.error);
  return { bytes: Buffer.from(bytes!), km: km.value };
}

/** Caller INDUCTION and CONCLUSION of the "plain" capture through a fresh module; returns the module and the KMREQ sent. */
function connected(options: { keyLengthBytes?: 16 | 24 | 32; induction?: Buffer } = {}): { enc: TapEncryption; conclusion: Buffer } {
  const enc = createTapEncryption({ passphrase: PASSPHRASE, randomBytes: fakeRandom(), ...options });
  expect(enc.fromCaller(vector('induction_caller'))).toEqual(vector('induction_caller'));
  enc.fromIngest(options.induction ?? vector('induction_listener'));
  const conclusion = enc.fromCaller(vector('conclusion_caller_sid'));
  if (!conclusion) throw new Error('conclusion dropped');
  return { enc, conclusion };
}

/** The listener's CONCLUSION of the "plain" capture with a KMRSP block and the KMREQ flag, as an encrypted listener sends it. */
function listenerConclusionWith(kmrsp: Buffer): Buffer {
  const original = vector('conclusion_listener');
  const blocks = readHandshakeBlocks(original);
  if (!blocks.ok) throw new Error(blocks.error);
  return writeHandshake(original, { extensionField: 0x3, blocks: [...blocks.value, { type: 4, contents: kmrsp }] });
}

describe('createTapEncryption: the caller side', () => {
  it('adds a KMREQ with fresh key material to the caller CONCLUSION, sets KMREQ flag and key length, keeps the rest', () => {
    const { conclusion } = connected();
    const before = hs(vector('conclusion_caller_sid'));
    const after = hs(conclusion);
    expect(after).toMatchObject({ extensionField: 0x7, encryption: 2, hasKmreq: true, streamId: before.streamId, hsreq: before.hsreq });
    const blocks = readHandshakeBlocks(conclusion);
    expect(blocks.ok && blocks.value.map((b) => b.type)).toEqual([1, 5, 3]);
    const { km } = kmOf(conclusion);
    expect(km).toMatchObject({ keyFlags: 1, keki: 0, cipher: 2, auth: 0, se: 2, keyLengthBytes: 16 });
    expect(Buffer.from(km.salt)).toEqual(Buffer.alloc(16, 0x11));
    const sek = unwrapKeys(deriveKek(PASSPHRASE, km.salt, 16), km.wrappedKeys);
    expect(sek).toEqual(Buffer.alloc(16, 0x22));
  });

  it('sends the same key material in a repeated CONCLUSION, and new material for a new caller socket', () => {
    const { enc, conclusion } = connected();
    expect(enc.fromCaller(vector('conclusion_caller_sid'))).toEqual(conclusion);
    const other = Buffer.from(vector('conclusion_caller_sid'));
    other.writeUInt32BE(0x01020304, 16 + 24); // another socket id: ffmpeg restarted
    const fresh = enc.fromCaller(other);
    expect(fresh && kmOf(fresh).bytes.equals(kmOf(conclusion).bytes)).toBe(false);
  });

  it('uses the key length the listener advertises when none is configured, and the configured one otherwise', () => {
    const advertising = writeHandshake(vector('induction_listener'), { encryption: 4 });
    expect(kmOf(connected({ induction: advertising }).conclusion).km.keyLengthBytes).toBe(32);
    expect(kmOf(connected({ induction: advertising, keyLengthBytes: 24 }).conclusion).km.keyLengthBytes).toBe(24);
    expect(hs(connected({ keyLengthBytes: 24 }).conclusion).encryption).toBe(3);
  });

  it('encrypts every data payload with AES-CTR (salt, sequence number), sets KK = even, and a retransmission identically', () => {
    const { enc, conclusion } = connected();
    const { km } = kmOf(conclusion);
    const original = data(0x7ffffffe, { sizeBytes: 16 + 1316 });
    for (let i = 16; i < original.length; i += 188) original[i] = 0x47;
    const out = enc.fromCaller(original);
    expect(out).not.toBeNull();
    expect(decodeDataPacket(out!)).toMatchObject({ ok: true, value: { seq: 0x7ffffffe, keyFlag: 'even', messageNo: 1, payloadBytes: 1316 } });
    expect(out!.subarray(16).equals(original.subarray(16))).toBe(false);
    expect(cryptPayload(Buffer.alloc(16, 0x22), km.salt, 0x7ffffffe, out!.subarray(16)).equals(original.subarray(16))).toBe(true);
    expect(enc.fromCaller(original)).toEqual(out);
    const retransmission = Buffer.from(original);
    retransmission.writeUInt32BE((retransmission.readUInt32BE(4) | 0x04000000) >>> 0, 4); // R flag
    expect(enc.fromCaller(retransmission)!.subarray(16)).toEqual(out!.subarray(16));
    expect(original[16]).toBe(0x47); // the input buffer is not modified
    expect(enc.counters().encryptedDataPackets).toBe(3);
  });

  it('never forwards a clear payload: data before the CONCLUSION is dropped', () => {
    const enc = createTapEncryption({ passphrase: PASSPHRASE });
    expect(enc.fromCaller(data(5))).toBeNull();
    expect(enc.counters().droppedDatagrams).toBe(1);
  });

  it('refuses a sender that already encrypts by itself (a CONCLUSION with its own KMREQ)', () => {
    const enc = createTapEncryption({ passphrase: PASSPHRASE });
    expect(enc.fromCaller(vector('conclusion_caller_encrypted'))).toBeNull();
    expect(enc.status()).toEqual({ refused: expect.stringContaining('without one') });
    expect(enc.fromCaller(vector('data_encrypted'))).toBeNull();
  });

  it('forwards other control packets unchanged', () => {
    const { enc } = connected();
    for (const name of ['keepalive_caller', 'ackack', 'shutdown_caller']) expect(enc.fromCaller(vector(name))).toEqual(vector(name));
  });
});

describe('createTapEncryption: the ingest side', () => {
  it('hides an advertised key length from the unencrypted caller in the INDUCTION reply', () => {
    const enc = createTapEncryption({ passphrase: PASSPHRASE });
    const out = enc.fromIngest(writeHandshake(vector('induction_listener'), { encryption: 4 }));
    expect(hs(out)).toMatchObject({ encryption: 0, extensionField: 0x4a17 });
    expect(enc.fromIngest(vector('induction_listener'))).toEqual(vector('induction_listener'));
  });

  it('accepts a KMRSP that echoes the key, then strips it and its flag before the caller sees the CONCLUSION', () => {
    const { enc, conclusion } = connected();
    const out = enc.fromIngest(listenerConclusionWith(kmOf(conclusion).bytes));
    expect(enc.status()).toBe('ok');
    expect(out).toEqual(vector('conclusion_listener'));
  });

  it.each([
    [4, 'the ingest refused the passphrase', 1010],
    [3, 'the ingest does not use a passphrase for this stream (or does not accept encryption)', 1011],
  ])('turns a KMRSP error state %i into a refusal and a rejection for the caller', (state, reason, code) => {
    const { enc } = connected();
    const word = Buffer.alloc(4);
    word.writeUInt32BE(state);
    const out = hs(enc.fromIngest(listenerConclusionWith(word)));
    expect(enc.status()).toEqual({ refused: reason });
    expect(out).toMatchObject({ typeName: 'rejection', rejectionCode: code, hsrsp: null, kmrspErrorState: null });
  });

  it('refuses a KMRSP with other key material, and a CONCLUSION without any KMRSP', () => {
    const a = connected();
    const wrongKm = encodeKmMessage({ ...kmOf(a.conclusion).km, salt: Buffer.alloc(16, 0x33) });
    expect(hs(a.enc.fromIngest(listenerConclusionWith(wrongKm))).rejectionCode).toBe(1010);
    expect(a.enc.status()).toEqual({ refused: expect.stringContaining('does not match') });
    const b = connected();
    expect(hs(b.enc.fromIngest(vector('conclusion_listener'))).rejectionCode).toBe(1011);
    expect(b.enc.status()).toEqual({ refused: expect.stringContaining('does not use a passphrase') });
    expect(b.enc.fromCaller(data(1))).toBeNull();
  });

  it.each([
    ['rejection_badsecret', 'the ingest refused the passphrase'],
    ['rejection_unsecure', 'the ingest does not use a passphrase for this stream (or does not accept encryption)'],
    ['rejection_forbidden', null],
  ])('reports the ingest rejection %s addressed to the current caller (and forwards it unchanged)', (name, reason) => {
    const { enc } = connected();
    const rejection = Buffer.from(vector(name));
    rejection.writeUInt32BE(hs(vector('conclusion_caller_sid')).socketId, 12);
    expect(enc.fromIngest(rejection)).toEqual(rejection);
    expect(enc.status()).toEqual(reason === null ? 'pending' : { refused: reason });
    const other = createTapEncryption({ passphrase: PASSPHRASE });
    other.fromIngest(vector(name)); // addressed to another caller socket: not ours to report
    expect(other.status()).toBe('pending');
  });

  it('drops an ingest CONCLUSION for another caller socket, and KM refresh control packets', () => {
    const { enc, conclusion } = connected();
    const stale = listenerConclusionWith(kmOf(conclusion).bytes);
    stale.writeUInt32BE(0x0badf00d, 12);
    expect(enc.fromIngest(stale)).toBeNull();
    expect(enc.status()).toBe('pending');
    expect(enc.fromIngest(control(0x7fff, 0, [1, 2, 3], { subtype: 3 }))).toBeNull();
    expect(enc.fromIngest(vector('ack_full'))).toEqual(vector('ack_full'));
  });

  it('decrypts data the listener sends back with the same key', () => {
    const { enc, conclusion } = connected();
    const clear = data(77, { sizeBytes: 16 + 188 });
    clear[16] = 0x47;
    const encrypted = enc.fromCaller(clear)!;
    expect(kmOf(conclusion).km.keyLengthBytes).toBe(16);
    expect(enc.fromIngest(encrypted)).toEqual(clear);
  });

  it('keeps the passphrase and the keys out of everything it returns or prints', () => {
    const { enc, conclusion } = connected();
    enc.fromIngest(listenerConclusionWith(Buffer.alloc(4, 4)));
    const shown = [inspect(enc, { depth: 5, showHidden: true }), JSON.stringify(enc.status()), JSON.stringify(enc.counters())].join('\n');
    expect(shown).not.toContain(PASSPHRASE);
    expect(shown).not.toContain('2222');
    expect(conclusion.includes(Buffer.from(PASSPHRASE))).toBe(false);
    expect(conclusion.includes(Buffer.alloc(16, 0x22))).toBe(false);
  });
});
