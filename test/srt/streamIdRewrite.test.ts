// The tap's stream id writer against hex vectors: libsrt's SID layout (length in words, NUL padding, each 32-bit word
// reversed), real captured CONCLUSIONs (ffmpeg 5.1 → libsrt 1.5.1, test/fixtures/srt), and a round trip through the decoder.

import { describe, expect, it } from 'vitest';
import { decodeHandshakePacket, type HandshakePacket } from '../../src/main/srt/packets/handshakePacket';
import { encodeStreamIdBlock, MAX_STREAM_ID_BYTES, rewriteCallerStreamId } from '../../src/main/srt/packets/streamIdRewrite';
import { data, extension, handshake, HS_CONCLUSION, HS_INDUCTION, hsreq, sidContents } from './srtPacketBuilders';
import { vector } from './srtFixtures';

function rewritten(datagram: Buffer, streamId: string): Buffer {
  const r = rewriteCallerStreamId(datagram, streamId);
  if (r.kind !== 'rewritten') throw new Error(`expected a rewrite, got ${JSON.stringify(r)}`);
  return r.datagram;
}

function decoded(datagram: Buffer): HandshakePacket {
  const r = decodeHandshakePacket(datagram);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Extension blocks of a handshake as [type, hex of contents]. */
function blocks(datagram: Buffer): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (let off = 64; off + 4 <= datagram.length; ) {
    const end = off + 4 + datagram.readUInt16BE(off + 2) * 4;
    out.push([datagram.readUInt16BE(off), datagram.subarray(off + 4, end).toString('hex')]);
    off = end;
  }
  return out;
}

describe('encodeStreamIdBlock', () => {
  it.each([
    // The captured SID of ffmpeg's `-srt_streamid 123#08cd54f0` (vector conclusion_caller_sid).
    ['123#08cd54f0', '00050003' + '23333231' + '64633830' + '30663435'],
    // handshake.md's example: "STREAM" is padded to STREAM\0\0 and stored as ERTS\0\0MA.
    ['STREAM', '00050002' + '45525453' + '00004d41'],
    ['a', '00050001' + '00000061'],
    ['abcd', '00050001' + '64636261'],
    ['abcde', '00050002' + '64636261' + '00000065'],
  ])('%s → %s', (id, hex) => {
    const r = encodeStreamIdBlock(id);
    expect(r.ok && r.block.toString('hex')).toBe(hex);
  });

  it('matches the SID libsrt sends for the same id (captured block)', () => {
    const captured = blocks(vector('conclusion_caller_sid')).find(([type]) => type === 5)![1];
    const r = encodeStreamIdBlock('123#08cd54f0');
    expect(r.ok && r.block.subarray(4).toString('hex')).toBe(captured);
  });

  it.each([
    ['an empty id', ''],
    ['513 bytes', 'k'.repeat(513)],
    ['257 two-byte characters (514 bytes)', 'é'.repeat(257)],
    ['a NUL byte', '101#sec\u0000ret'],
  ])('refuses %s without echoing it', (_what, id) => {
    const r = encodeStreamIdBlock(id);
    expect(r.ok).toBe(false);
    if (!r.ok && id.length > 0) expect(r.error).not.toContain(id.slice(0, 6));
  });
});

describe('rewriteCallerStreamId', () => {
  it('replaces the placeholder in a captured caller CONCLUSION and keeps HSREQ, flags and fixed fields', () => {
    const original = vector('conclusion_caller_sid');
    const before = decoded(original);
    const out = rewritten(original, '101#SECRETKEY-x');
    const after = decoded(out);
    expect(after.streamId).toBe('101#SECRETKEY-x');
    expect(after).toEqual({ ...before, streamId: '101#SECRETKEY-x' });
    expect(out.subarray(0, 64)).toEqual(original.subarray(0, 64)); // header and fixed CIF untouched (flags already had CONFIG)
    expect(blocks(out)).toEqual([[1, '00010501000000bf00c800c8'], [5, '23313031' + '52434553' + '454b5445' + '00782d59']]);
    expect(original).toEqual(vector('conclusion_caller_sid')); // the input is not modified
  });

  it('keeps the KMREQ of an encrypted CONCLUSION byte for byte, after the new SID', () => {
    const original = vector('conclusion_caller_encrypted');
    const out = rewritten(original, '101#SECRETKEY');
    const [hsreqBlock, , kmreqBlock] = blocks(original);
    expect(blocks(out)).toEqual([hsreqBlock, [5, encodeHex('101#SECRETKEY')], kmreqBlock]);
    expect(decoded(out)).toMatchObject({ streamId: '101#SECRETKEY', hasKmreq: true, encryption: 4, extensionFlags: { hsreq: true, kmreq: true, config: true } });
  });

  it('appends a SID and sets HS_EXT_CONFIG when the caller sent none', () => {
    const bare = handshake({ type: HS_CONCLUSION, extField: 0x1, extensions: extension(1, hsreq(200)) });
    const out = rewritten(bare, '7#k');
    expect(out.readUInt16BE(22)).toBe(0x5);
    expect(blocks(out)).toEqual([[1, hsreq(200).toString('hex')], [5, '006b2337']]);
    expect(decoded(out).streamId).toBe('7#k');
  });

  it('leaves exactly one SID when the caller sent two', () => {
    const two = handshake({ type: HS_CONCLUSION, extField: 0x5, extensions: Buffer.concat([extension(5, sidContents('a')), extension(1, hsreq(120)), extension(5, sidContents('b'))]) });
    expect(blocks(rewritten(two, 'real')).map(([type]) => type)).toEqual([5, 1]);
  });

  it.each([1, 2, 3, 4, 5, 7, 8, 9, 127, 128, 129, 508, 509, 510, 511, 512])('round-trips an id of %i bytes through the decoder', (bytes) => {
    const alphabet = '#+&% =/,:!~?@aZ9';
    const id = `1${Array.from({ length: bytes - 1 }, (_, i) => alphabet[i % alphabet.length]).join('')}`;
    const out = rewritten(vector('conclusion_caller_sid'), id);
    expect(decoded(out).streamId).toBe(id);
    const sid = blocks(out).find(([type]) => type === 5)!;
    expect(sid[1].length / 2).toBe(Math.ceil(bytes / 4) * 4);
    expect(out.length % 4).toBe(0);
  });

  it('round-trips a UTF-8 id', () => {
    expect(decoded(rewritten(vector('conclusion_caller_sid'), '12#ключ-ü')).streamId).toBe('12#ключ-ü');
  });

  it('does not touch other datagrams', () => {
    expect(rewriteCallerStreamId(vector('induction_caller'), 'x')).toEqual({ kind: 'not-conclusion' });
    expect(rewriteCallerStreamId(handshake({ type: HS_INDUCTION, version: 4, extField: 2 }), 'x')).toEqual({ kind: 'not-conclusion' });
    expect(rewriteCallerStreamId(data(5), 'x')).toEqual({ kind: 'not-conclusion' });
    expect(rewriteCallerStreamId(Buffer.alloc(10, 0xff), 'x')).toEqual({ kind: 'not-conclusion' });
    expect(rewriteCallerStreamId(vector('conclusion_caller_sid').subarray(0, 40), 'x')).toEqual({ kind: 'not-conclusion' });
  });

  it.each([
    ['an extension overrunning the datagram', Buffer.concat([handshake({ type: HS_CONCLUSION, extField: 0x5 }), Buffer.from('00050009', 'hex')])],
    ['stray bytes after the extensions', Buffer.concat([handshake({ type: HS_CONCLUSION, extField: 0x1, extensions: extension(1, hsreq(120)) }), Buffer.from('0005', 'hex')])],
    ['an HSv4 conclusion', handshake({ type: HS_CONCLUSION, version: 4 })],
  ])('fails (as a value, forwarded unchanged by the tap) on %s', (_what, datagram) => {
    expect(rewriteCallerStreamId(datagram, '101#SECRETKEY')).toMatchObject({ kind: 'failed' });
  });

  it('fails on an id SRT cannot carry', () => {
    expect(rewriteCallerStreamId(vector('conclusion_caller_sid'), 'x'.repeat(MAX_STREAM_ID_BYTES + 1))).toMatchObject({ kind: 'failed' });
  });
});

function encodeHex(id: string): string {
  return sidContents(id).toString('hex');
}
