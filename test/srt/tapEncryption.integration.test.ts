// Tap encryption end to end with real parts: a real ffmpeg 5.1 sender WITHOUT a passphrase, a relay applying
// createTapEncryption to every datagram, and a real libsrt 1.5.1 listener WITH a passphrase; plus a cross-check of the
// KM codec and the cipher against the key material and data packets of a real ffmpeg that encrypts by itself.

import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createTapEncryption } from '../../src/main/srt/crypto/tapEncryption';
import { cryptPayload, deriveKek, unwrapKeys, type SrtKeyLengthBytes } from '../../src/main/srt/crypto/srtCipher';
import { decodeDataPacket } from '../../src/main/srt/packets/dataPacket';
import { decodeHandshakePacket, type HandshakePacket } from '../../src/main/srt/packets/handshakePacket';
import { readHandshakeBlocks } from '../../src/main/srt/packets/handshakeBlocks';
import { decodeKmMessage } from '../../src/main/srt/packets/kmMessage';
import { killAllSrtTestListeners, SrtTestListener } from '../support/srtListener';
import { TransformingUdpRelay, type RelayedDatagram } from '../support/transformingUdpRelay';
import { UdpImpairProxy } from '../support/udpImpairProxy';
import { FfmpegPush, stopAllFfmpegPushes } from './ffmpegPush';

const execFileAsync = promisify(execFile);
// Test values, not secrets.
const PASSPHRASE = 'correct-horse-battery';
const STREAM_ID = 'crypto-test';
const KM_STATE_SECURED = 2;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await stopAllFfmpegPushes();
  await killAllSrtTestListeners();
});

async function tempFile(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'srt-crypto-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return join(dir, name);
}

function dataPackets(recorded: readonly RelayedDatagram[]): RelayedDatagram[] {
  return recorded.filter((r) => r.dir === 'c2i' && decodeDataPacket(r.received).ok);
}

function hs(datagram: Buffer): HandshakePacket | null {
  const r = decodeHandshakePacket(datagram);
  return r.ok ? r.value : null;
}

function isRetransmission(d: RelayedDatagram): boolean {
  const packet = decodeDataPacket(d.received);
  return packet.ok && packet.value.retransmitted;
}

/** ffmpeg decodes the whole file and prints nothing at -v error when the stream is intact. */
async function decodeErrors(file: string): Promise<string> {
  const { stderr } = await execFileAsync('ffmpeg', ['-hide_banner', '-v', 'error', '-i', file, '-f', 'null', '-']);
  return stderr.trim();
}

async function videoFrames(file: string): Promise<{ codec: string; width: number; height: number; frames: number }> {
  const { stdout } = await execFileAsync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-count_frames',
    '-show_entries', 'stream=codec_name,width,height,nb_read_frames', '-of', 'json', file]);
  const s = (JSON.parse(stdout) as { streams: Array<{ codec_name: string; width: number; height: number; nb_read_frames: string }> }).streams[0];
  return { codec: s?.codec_name ?? '', width: s?.width ?? 0, height: s?.height ?? 0, frames: Number(s?.nb_read_frames ?? 0) };
}

async function pushThroughEncryptingRelay(keyLengthBytes: SrtKeyLengthBytes | undefined, listenerPbkeylen: number | undefined) {
  const outputFile = await tempFile('received.ts');
  const listener = await SrtTestListener.start({ passphrase: PASSPHRASE, latencyMs: 200, outputFile, pbkeylenBytes: listenerPbkeylen });
  cleanups.push(() => listener.stop());
  const encryption = createTapEncryption({ passphrase: PASSPHRASE, ...(keyLengthBytes ? { keyLengthBytes } : {}) });
  const relay = await TransformingUdpRelay.open(listener.port, encryption);
  cleanups.push(() => relay.close());
  // No passphrase here: the sender's command line carries none.
  const push = FfmpegPush.start({ port: relay.port, streamId: STREAM_ID, latencyUs: 200_000, maxDurationS: 3 });
  cleanups.push(() => push.stop());
  return { listener, relay, encryption, push, outputFile };
}

describe('tap encryption: passphrase-less ffmpeg → encrypting relay → libsrt listener with a passphrase', () => {
  it.each([
    ['AES-128 (default key length)', undefined, undefined, 16],
    ['AES-256 (pbkeylen 32)', 32, undefined, 32],
    ['AES-192 (adopted from the pbkeylen 24 the listener advertises)', undefined, 24, 24],
  ] as const)('%s: the listener accepts, decrypts every packet, and the received MPEG-TS decodes cleanly', async (_name, keyLength, listenerPbkeylen, expectedPbkeylen) => {
    const { listener, relay, encryption, push, outputFile } = await pushThroughEncryptingRelay(keyLength, listenerPbkeylen);
    const exit = await push.exited;
    expect(exit.code, push.stderrTail()).toBe(0);
    await listener.waitFor(() => listener.disconnects >= 1, 10_000, 'the sender to finish');
    await listener.stop();

    expect(encryption.status()).toBe('ok');
    expect(relay.transformErrors).toEqual([]);
    expect(listener.acceptedStreamIds).toEqual([STREAM_ID]);
    expect(listener.acceptedCrypto).toEqual([{ pbkeylen: expectedPbkeylen, rcvKmState: KM_STATE_SECURED }]);
    expect(listener.latestStats?.pktRcvUndecryptTotal).toBe(0);

    // The caller never sees an advertised key length (it has no passphrase to use it with).
    const inductionReplies = relay.recorded.filter((r) => r.dir === 'i2c' && hs(r.received)?.typeName === 'induction');
    expect(inductionReplies.map((r) => [hs(r.received)?.encryption, r.forwarded && hs(r.forwarded)?.encryption]))
      .toEqual(inductionReplies.map(() => [(listenerPbkeylen ?? 0) / 8, 0]));

    // On the wire to the ingest every payload is ciphertext with KK = even; ffmpeg itself sent clear MPEG-TS.
    const data = dataPackets(relay.recorded);
    expect(data.length).toBeGreaterThan(100);
    expect(data.every((d) => d.received[16] === 0x47)).toBe(true);
    const keyFlags = new Set(data.map((d) => {
      const packet = d.forwarded ? decodeDataPacket(d.forwarded) : null;
      return packet?.ok ? packet.value.keyFlag : 'dropped';
    }));
    expect([...keyFlags]).toEqual(['even']);
    expect(data.filter((d) => d.forwarded?.[16] === 0x47).length).toBeLessThan(data.length / 20);

    expect((await stat(outputFile)).size).toBe(listener.bytesReceived);
    expect(await decodeErrors(outputFile)).toBe('');
    const video = await videoFrames(outputFile);
    expect(video).toMatchObject({ codec: 'hevc', width: 640, height: 360 });
    expect(video.frames).toBeGreaterThanOrEqual(60);
  }, 60_000);

  it('retransmissions after 3 % loss are encrypted like their originals: the listener decrypts them and the stream decodes', async () => {
    const outputFile = await tempFile('received-loss.ts');
    const listener = await SrtTestListener.start({ passphrase: PASSPHRASE, latencyMs: 500, outputFile });
    cleanups.push(() => listener.stop());
    const lossy = await UdpImpairProxy.start({ targetPort: listener.port, toTarget: { lossRate: 0.03 }, seed: 7 });
    cleanups.push(() => lossy.close());
    const encryption = createTapEncryption({ passphrase: PASSPHRASE });
    const relay = await TransformingUdpRelay.open(lossy.port, encryption);
    cleanups.push(() => relay.close());
    const push = FfmpegPush.start({ port: relay.port, streamId: STREAM_ID, latencyUs: 500_000, maxDurationS: 3 });
    cleanups.push(() => push.stop());
    expect((await push.exited).code, push.stderrTail()).toBe(0);
    await listener.waitFor(() => listener.disconnects >= 1, 10_000, 'the sender to finish');
    await listener.stop();

    const data = dataPackets(relay.recorded);
    const retransmitted = data.filter(isRetransmission);
    expect(retransmitted.length).toBeGreaterThan(0);
    const originals = new Map(data.filter((d) => !isRetransmission(d)).map((d) => [d.received.readUInt32BE(0), d.forwarded]));
    for (const r of retransmitted) expect(r.forwarded?.subarray(16)).toEqual(originals.get(r.received.readUInt32BE(0))?.subarray(16));
    expect(listener.latestStats?.pktRcvRetransTotal).toBeGreaterThan(0);
    expect(listener.latestStats?.pktRcvUndecryptTotal).toBe(0);
    expect(await decodeErrors(outputFile)).toBe('');
  }, 60_000);

  it('with a different passphrase on the listener, the connection is refused and the module says why', async () => {
    const listener = await SrtTestListener.start({ passphrase: 'another-passphrase-42', latencyMs: 200 });
    cleanups.push(() => listener.stop());
    const encryption = createTapEncryption({ passphrase: PASSPHRASE });
    const relay = await TransformingUdpRelay.open(listener.port, encryption);
    cleanups.push(() => relay.close());
    const push = FfmpegPush.start({ port: relay.port, streamId: STREAM_ID, latencyUs: 200_000, maxDurationS: 3 });
    cleanups.push(() => push.stop());
    const exit = await push.exited;

    expect(exit.code).not.toBe(0);
    expect(encryption.status()).toEqual({ refused: 'the ingest refused the passphrase' });
    expect(listener.acceptedStreamIds).toEqual([]);
    const rejection = relay.recorded
      .map((r) => (r.dir === 'i2c' ? decodeHandshakePacket(r.received) : null))
      .find((hs) => hs?.ok && hs.value.typeName === 'rejection');
    expect(rejection?.ok && rejection.value.rejectionCode).toBe(1010);
    expect(JSON.stringify(encryption.status())).not.toContain(PASSPHRASE);
  }, 60_000);
});

describe('cross-check against libsrt: a real ffmpeg WITH -passphrase through a plain relay', () => {
  it.each([16, 32] as const)('pbkeylen %i: its KMREQ decodes, the PBKDF2 KEK unwraps its key, and that key decrypts its data packets', async (pbkeylen) => {
    const listener = await SrtTestListener.start({ passphrase: PASSPHRASE, latencyMs: 200 });
    cleanups.push(() => listener.stop());
    const relay = await TransformingUdpRelay.open(listener.port);
    cleanups.push(() => relay.close());
    // Test-only: this ffmpeg gets the passphrase on its command line, exactly what the tap encryption avoids.
    const push = FfmpegPush.start({ port: relay.port, streamId: STREAM_ID, passphrase: PASSPHRASE, pbkeylenBytes: pbkeylen, latencyUs: 200_000, maxDurationS: 2 });
    cleanups.push(() => push.stop());
    await listener.waitFor(() => listener.acceptedStreamIds.length === 1, 15_000, 'ffmpeg to connect');
    await listener.waitFor(() => (listener.latestStats?.pktRecvTotal ?? 0) > 50, 15_000, 'data to flow');
    await push.stop();

    const conclusion = relay.recorded.find((r) => {
      const hs = r.dir === 'c2i' ? decodeHandshakePacket(r.received) : null;
      return hs?.ok === true && hs.value.typeName === 'conclusion' && hs.value.hasKmreq;
    });
    expect(conclusion).toBeDefined();
    const blocks = readHandshakeBlocks(conclusion!.received);
    const kmBytes = blocks.ok ? blocks.value.find((b) => b.type === 3)?.contents : undefined;
    const km = decodeKmMessage(kmBytes ?? new Uint8Array());
    expect(km.ok).toBe(true);
    if (!km.ok) return;
    expect(km.value).toMatchObject({ keyFlags: 1, keki: 0, cipher: 2, auth: 0, se: 2, keyLengthBytes: pbkeylen });
    expect(km.value.salt.length).toBe(16);

    const sek = unwrapKeys(deriveKek(PASSPHRASE, km.value.salt, pbkeylen), km.value.wrappedKeys);
    expect(sek).not.toBeNull();
    expect(unwrapKeys(deriveKek('not-the-passphrase', km.value.salt, pbkeylen), km.value.wrappedKeys)).toBeNull();
    const data = dataPackets(relay.recorded);
    expect(data.length).toBeGreaterThan(50);
    for (const d of data) {
      const plain = cryptPayload(sek!, km.value.salt, d.received.readUInt32BE(0) & 0x7fffffff, d.received.subarray(16));
      // Each payload is whole 188-byte MPEG-TS packets: every one starts with the sync byte.
      for (let i = 0; i < plain.length; i += 188) expect(plain[i]).toBe(0x47);
    }
  }, 60_000);
});
