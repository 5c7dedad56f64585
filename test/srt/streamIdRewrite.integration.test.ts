// From the ingest side: a real ffmpeg caller holding only the placeholder stream id connects through the SRT tap, and
// a real libsrt listener (srt_getsockflag SRTO_STREAMID) receives the exact id the tap wrote: odd characters, lengths
// around the 4-byte word boundaries up to libsrt's 512-byte maximum, with and without encryption.

import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SENDER_STREAM_ID_PLACEHOLDER } from '../../src/main/srt/packets/streamIdRewrite';
import { SrtTap } from '../../src/main/srt/srtTap';
import { killAllSrtTestListeners, SrtTestListener } from '../support/srtListener';

const PASSPHRASE = 'tap-writes-sid-2718';

/** An id of exactly `bytes` bytes made of the characters that URL handling tends to break. */
function oddId(bytes: number): string {
  const alphabet = '#+&% =/,:!~?@aZ9';
  return `1${Array.from({ length: bytes - 1 }, (_, i) => alphabet[i % alphabet.length]).join('')}`.slice(0, bytes);
}

/**
 * A short ffmpeg caller (MPEG-2 test pattern, 640x360) that only knows the placeholder; resolves with its exit code.
 * With a passphrase it runs in real time for 1.5 s, so the listener prints libsrt statistics of the session.
 */
function pushThroughTap(tapPort: number, passphrase: string | null): Promise<number | null> {
  const args = [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    ...(passphrase ? ['-re'] : []),
    '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=30', '-t', passphrase ? '1.5' : '0.5', '-c:v', 'mpeg2video',
    '-f', 'mpegts', '-srt_streamid', SENDER_STREAM_ID_PLACEHOLDER,
    ...(passphrase ? ['-passphrase', passphrase] : []),
    `srt://127.0.0.1:${tapPort}?latency=120000&pkt_size=1316&connect_timeout=3000`,
  ];
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'ignore'] });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Pushes once through a fresh tap that carries `streamId`; returns what the listener accepted and the tap reported. */
async function deliver(listener: SrtTestListener, streamId: string, passphrase: string | null): Promise<{ accepted: string | undefined; seen: string | null; code: number | null }> {
  const before = listener.acceptedStreamIds.length;
  const tap = await SrtTap.open({ ingestHost: '127.0.0.1', ingestPort: listener.port, streamId });
  try {
    const code = await pushThroughTap(tap.port, passphrase);
    await listener.waitFor(() => listener.acceptedStreamIds.length > before, 3000, 'the caller to be accepted').catch(() => undefined);
    return { accepted: listener.acceptedStreamIds[before], seen: tap.snapshot().streamIdSeen, code };
  } finally {
    await tap.close();
  }
}

let plain: SrtTestListener;
let encrypted: SrtTestListener;
beforeAll(async () => {
  plain = await SrtTestListener.start();
  encrypted = await SrtTestListener.start({ passphrase: PASSPHRASE });
});
afterAll(() => killAllSrtTestListeners());

describe('the ingest receives the id the tap wrote, byte for byte', () => {
  it.each([
    ['a Gcore push id', '123#08cd54f0'],
    ['#, +, &, % and spaces', '101#k+e y&x=1%2F%23 end'],
    ['an access-control id', '#!::r=live/test,m=publish,u=a+b'],
    ['UTF-8', '7#ключ-ü'],
    ...[1, 2, 3, 4, 5, 8, 9, 127, 128, 129, 511, 512].map((n) => [`${n} bytes`, oddId(n)]),
  ])('%s', async (_what, streamId) => {
    const result = await deliver(plain, streamId, null);
    expect(result).toEqual({ accepted: streamId, seen: streamId, code: 0 });
  }, 20_000);

  it.each([
    ['an id with #, + and &', '101#SECRET+key&x'],
    ['the 512-byte maximum (the largest CONCLUSION: SID and KMREQ)', oddId(512)],
  ])('encrypted: %s, and the session decrypts', async (_what, streamId) => {
    const bytesBefore = encrypted.bytesReceived;
    const result = await deliver(encrypted, streamId, PASSPHRASE);
    expect(result).toEqual({ accepted: streamId, seen: streamId, code: 0 });
    // Payload reaches the listener's application only once libsrt decrypted it.
    await encrypted.waitFor(() => encrypted.bytesReceived > bytesBefore + 10_000, 3000, 'decrypted payload at the listener');
    expect(encrypted.latestStats?.pktRcvUndecryptTotal ?? 0).toBe(0);
  }, 20_000);
});
