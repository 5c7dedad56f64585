// Failure paths seen by the tap with real ffmpeg and a libsrt listener: a blackholed path, and rejected connections.

import { DEFAULT_SILENCE_MS } from '../../src/main/srt/tapStats';
import { afterEach, describe, expect, it } from 'vitest';
import { SrtTap } from '../../src/main/srt/srtTap';
import type { TapStateChange } from '../../src/main/srt/tapTypes';
import { killAllSrtTestListeners, SrtTestListener, type SrtTestListenerOptions } from '../support/srtListener';
import { UdpImpairProxy } from '../support/udpImpairProxy';
import { FfmpegPush, stopAllFfmpegPushes } from './ffmpegPush';
import { waitForState } from './waitForState';

const STREAM_ID = '123#08cd54f0';
const STREAM_KEY = '08cd54f0';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await stopAllFfmpegPushes();
  await killAllSrtTestListeners();
});

async function chain(listenerOptions: SrtTestListenerOptions, silenceMs?: number) {
  const listener = await SrtTestListener.start({ latencyMs: 2000, ...listenerOptions });
  cleanups.push(() => listener.stop());
  const proxy = await UdpImpairProxy.start({ targetPort: listener.port });
  cleanups.push(() => proxy.close());
  const tap = await SrtTap.open({ ingestHost: '127.0.0.1', ingestPort: proxy.port, ...(silenceMs ? { silenceMs } : {}) });
  cleanups.push(() => tap.close());
  const changes: TapStateChange[] = [];
  tap.on('state', (c) => changes.push(c));
  return { listener, proxy, tap, changes };
}

describe('SrtTap failure detection (real ffmpeg → tap → proxy → libsrt listener)', () => {
  it('reports silent well before libsrt’s 5 s when the path is blackholed, and recovers when it returns', async () => {
    const { listener, proxy, tap, changes } = await chain({});
    const push = FfmpegPush.start({ port: tap.port, streamId: STREAM_ID });
    cleanups.push(() => push.stop());
    await waitForState(tap, 'connected', 10_000);
    await listener.waitFor(() => listener.statsHistory.length >= 3, 10_000, 'the stream to run for a while');
    const before = tap.snapshot();

    proxy.blackhole(true);
    const blackholedAtMs = performance.now();
    const silent = await waitForState(tap, 'silent', 5000);
    const detectionMs = (silent?.atMs ?? NaN) - blackholedAtMs;
    const during = tap.snapshot();
    console.log(`[measured] silence detected ${detectionMs.toFixed(0)} ms after the blackhole; ` +
      `sendBufferMs ${before.sendBufferMs?.toFixed(0)} → ${during.sendBufferMs?.toFixed(0)}, inFlight ${before.inFlightPkts} → ${during.inFlightPkts}`);
    expect(silent).toMatchObject({ from: 'connected', to: 'silent', reason: 'ingest-silent' });
    // Not before the threshold (the default floor; RTT is ~0 here), counted from the first unanswered packet, which
    // may have left a few ms before the blackhole; the upper bound only says "well before 5 s".
    expect(detectionMs).toBeGreaterThanOrEqual(DEFAULT_SILENCE_MS - 50);
    expect(detectionMs).toBeLessThan(3000);
    // The send-buffer depth grows while the ingest is unreachable: the early warning design.md describes.
    expect(during.sendBufferMs ?? 0).toBeGreaterThan(before.sendBufferMs ?? 0);
    expect(push.exitStatus).toBeNull(); // ffmpeg itself has not noticed anything yet

    // The path comes back before libsrt gives up: SRT recovers and so does the tap.
    proxy.blackhole(false);
    const back = await waitForState(tap, 'connected', 3000);
    expect(back).toMatchObject({ from: 'silent', reason: 'ingest-answered' });
    expect(changes.map((c) => c.to)).toEqual(['handshaking', 'connected', 'silent', 'connected']);
  });

  it('reports closed when the ingest shuts down cleanly, and silent when it dies without a word', async () => {
    const clean = await chain({});
    const push1 = FfmpegPush.start({ port: clean.tap.port, streamId: STREAM_ID });
    cleanups.push(() => push1.stop());
    await waitForState(clean.tap, 'connected', 10_000);
    const closed = waitForState(clean.tap, 'closed', 3000);
    await clean.listener.stop(); // SIGTERM: libsrt sends SHUTDOWN
    expect(await closed).toMatchObject({ from: 'connected', reason: 'shutdown-by-ingest' });

    const crash = await chain({});
    const push2 = FfmpegPush.start({ port: crash.tap.port, streamId: STREAM_ID });
    cleanups.push(() => push2.stop());
    await waitForState(crash.tap, 'connected', 10_000);
    const silentPromise = waitForState(crash.tap, 'silent', 5000);
    const killedAtMs = performance.now();
    await crash.listener.kill(); // SIGKILL: no SHUTDOWN, the port just closes
    const silent = await silentPromise;
    console.log(`[measured] listener SIGKILL → tap silent after ${((silent?.atMs ?? NaN) - killedAtMs).toFixed(0)} ms`);
    expect(silent).toMatchObject({ reason: 'ingest-silent' });
  });

  it('reports rejected with a plain message when the ingest refuses the stream id (2403)', async () => {
    const { listener, tap, changes } = await chain({ rejectStreamId: STREAM_ID, rejectCode: 1403 });
    const push = FfmpegPush.start({ port: tap.port, streamId: STREAM_ID });
    cleanups.push(() => push.stop());
    const rejected = await waitForState(tap, 'rejected', 10_000);
    expect(rejected?.detail).toBe('the ingest refused this stream id or key (forbidden)');
    expect(tap.snapshot().rejection).toEqual({ code: 2403, message: 'the ingest refused this stream id or key (forbidden)', by: 'ingest' });
    expect(listener.rejectedStreamIds).toEqual([STREAM_ID]);
    expect(listener.acceptedStreamIds).toEqual([]);
    const exit = await push.exited;
    expect(exit.code).not.toBe(0);
    expect(JSON.stringify(changes)).not.toContain(STREAM_KEY);
  });

  it('reports rejected with "the ingest rejected the passphrase" on a passphrase mismatch (1010)', async () => {
    const listenerPassphrase = 'listener-passphrase-1';
    const senderPassphrase = 'sender-passphrase-22';
    const { listener, tap, changes } = await chain({ passphrase: listenerPassphrase });
    const push = FfmpegPush.start({ port: tap.port, streamId: STREAM_ID, passphrase: senderPassphrase });
    cleanups.push(() => push.stop());
    const rejected = await waitForState(tap, 'rejected', 10_000);
    expect(rejected).toMatchObject({ from: 'handshaking', reason: 'rejected', detail: 'the ingest rejected the passphrase' });
    expect(tap.snapshot().rejection).toMatchObject({ code: 1010 });
    expect(listener.acceptedStreamIds).toEqual([]);
    expect((await push.exited).code).not.toBe(0);
    const text = JSON.stringify(changes);
    for (const secret of [listenerPassphrase, senderPassphrase, STREAM_KEY]) expect(text).not.toContain(secret);
  });
});
