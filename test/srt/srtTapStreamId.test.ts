// SrtTap with the real stream id on real 127.0.0.1 sockets (no ffmpeg): every copy of the sender's CONCLUSION reaches
// the ingest with the real id in place of the placeholder, everything else byte for byte, and the tap reports the id
// it wrote; a CONCLUSION it cannot rewrite is counted and forwarded as it came.

import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeHandshakePacket } from '../../src/main/srt/packets/handshakePacket';
import { SrtTap } from '../../src/main/srt/srtTap';
import { data, handshake, HS_CONCLUSION } from './srtPacketBuilders';
import { vector } from './srtFixtures';

const REAL_ID = '101#SECRETKEY+a&b%2F c';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A UDP socket on 127.0.0.1 that queues what it receives. */
async function udp(): Promise<{ socket: Socket; port: number; next(): Promise<Buffer> }> {
  const socket = createSocket('udp4');
  const queue: Buffer[] = [];
  const waiters: Array<(b: Buffer) => void> = [];
  socket.on('message', (msg) => {
    const waiter = waiters.shift();
    if (waiter) waiter(msg);
    else queue.push(msg);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => socket.close(() => resolve())));
  return {
    socket,
    port: socket.address().port,
    next: () => {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no datagram within 2 s')), 2000);
        waiters.push((b) => {
          clearTimeout(timer);
          resolve(b);
        });
      });
    },
  };
}

async function relay(streamId: string | null): Promise<{ tap: SrtTap; through(msg: Buffer): Promise<Buffer> }> {
  const ingest = await udp();
  const sender = await udp();
  const tap = await SrtTap.open({ ingestHost: '127.0.0.1', ingestPort: ingest.port, streamId });
  cleanups.push(() => tap.close());
  return {
    tap,
    through: (msg) => {
      sender.socket.send(msg, tap.port, '127.0.0.1');
      return ingest.next();
    },
  };
}

describe('SrtTap writing the real stream id', () => {
  it('rewrites every copy of the CONCLUSION, forwards the rest unchanged, and reports the id it wrote', async () => {
    const { tap, through } = await relay(REAL_ID);
    expect(await through(vector('induction_caller'))).toEqual(vector('induction_caller'));
    for (let copy = 0; copy < 3; copy++) {
      const out = await through(vector('conclusion_caller_sid'));
      const hs = decodeHandshakePacket(out);
      expect(hs.ok && hs.value.streamId).toBe(REAL_ID);
    }
    const encrypted = decodeHandshakePacket(await through(vector('conclusion_caller_encrypted')));
    expect(encrypted.ok && encrypted.value).toMatchObject({ streamId: REAL_ID, hasKmreq: true });
    expect(await through(data(7))).toEqual(data(7));
    expect(tap.snapshot().streamIdSeen).toBe(REAL_ID);
    expect(tap.relayCounters()).toMatchObject({ streamIdRewriteFailures: 0, datagramsToIngest: 6 });
  });

  it('counts a CONCLUSION it cannot rewrite and forwards it as it came', async () => {
    const { tap, through } = await relay(REAL_ID);
    await through(vector('induction_caller')); // the tap binds to its sender on the INDUCTION
    const hsv4 = handshake({ type: HS_CONCLUSION, version: 4 });
    expect(await through(hsv4)).toEqual(hsv4);
    expect(tap.relayCounters().streamIdRewriteFailures).toBe(1);
  });

  it('without a stream id forwards the sender\'s own id unchanged', async () => {
    const { through } = await relay(null);
    await through(vector('induction_caller'));
    expect(await through(vector('conclusion_caller_sid'))).toEqual(vector('conclusion_caller_sid'));
  });
});
