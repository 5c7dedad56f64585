// The engine's own SRT sender against a real libsrt 1.5.1 listener (test/support/srt-test-listener.c), through the
// user-space impairment proxy where the path matters: every byte delivered in order under loss, telemetry against
// libsrt's own numbers, encryption, refusals, an ingest that never answers, one that goes away.

import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTapEncryption } from '../../src/main/srt/crypto/tapEncryption';
import { SrtSender, type SrtSenderOptions } from '../../src/main/srt/srtSender';
import type { TapStateChange } from '../../src/main/srt/tapTypes';
import { killAllSrtTestListeners, SrtTestListener } from '../support/srtListener';
import { UdpImpairProxy } from '../support/udpImpairProxy';
import { until } from '../support/waitUntil';
import type { CallerEnd } from '../../src/main/srt/caller/srtCaller';

const STREAM_ID = '123#08cd54f0';
const cleanups: Array<() => Promise<unknown>> = [];
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'srtc-sender-'));
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await killAllSrtTestListeners();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `count` MPEG-TS packets (PID 0x100), each with its index in the payload: any loss, repeat or reorder shows. */
function tsPackets(first: number, count: number): Buffer {
  const out = Buffer.alloc(count * 188);
  for (let i = 0; i < count; i++) {
    const at = i * 188;
    out[at] = 0x47;
    out.writeUInt16BE(0x0100, at + 1);
    out[at + 3] = 0x10 | ((first + i) & 0x0f);
    out.writeUInt32BE(first + i, at + 4);
    out.fill((first + i) & 0xff, at + 8, at + 188);
  }
  return out;
}

interface SenderRig {
  sender: SrtSender;
  states: TapStateChange[];
  ends: CallerEnd[];
}

async function openSender(port: number, options: Partial<SrtSenderOptions> = {}): Promise<SenderRig> {
  const sender = await SrtSender.open({ ingestHost: '127.0.0.1', ingestPort: port, streamId: STREAM_ID, latencyMs: 400, connectTimeoutMs: 3000, ...options });
  cleanups.push(() => sender.close());
  const states: TapStateChange[] = [];
  const ends: CallerEnd[] = [];
  sender.on('state', (change) => states.push(change));
  sender.on('ended', (end) => ends.push(end));
  sender.connect();
  return { sender, states, ends };
}

/** Writes `seconds` of a stream at `kbps` in 20 ms chunks of whole TS packets (cut at odd places, as pipes do). */
async function stream(sender: SrtSender, seconds: number, kbps: number): Promise<Buffer> {
  const sent: Buffer[] = [];
  const perTick = Math.max(1, Math.round((kbps * 1000 / 8 / 188) * 0.02));
  let next = 0;
  for (let t = 0; t < seconds * 50; t++) {
    const chunk = tsPackets(next, perTick + (t % 3)); // 1316-byte messages never line up with the chunks
    next += perTick + (t % 3);
    sender.write(chunk);
    sent.push(chunk);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Buffer.concat(sent);
}

describe('SrtSender against a libsrt listener', () => {
  it('delivers every byte in order through 5 % loss each way and 20 ms delay, retransmitting what was lost', async () => {
    const output = join(dir, 'loss.ts');
    const listener = await SrtTestListener.start({ latencyMs: 400, outputFile: output });
    const proxy = await UdpImpairProxy.start({ targetPort: listener.port, seed: 11, toTarget: { delayMs: 20, lossRate: 0.05 }, toClient: { delayMs: 20, lossRate: 0.05 } });
    cleanups.push(() => proxy.close());
    const { sender, states } = await openSender(proxy.port);
    await until(() => sender.state === 'connected', 10_000, 'the handshake through the lossy path');
    const sent = await stream(sender, 4, 4000);
    await sender.flush(3000);
    expect(sender.unacknowledged).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 600)); // the listener plays out its latency
    await sender.close();
    await listener.waitFor(() => listener.disconnects > 0, 5000, 'the listener to see the SHUTDOWN');
    await listener.stop();

    expect(listener.acceptedStreamIds).toEqual([STREAM_ID]);
    const received = await readFile(output);
    expect(received.length).toBe(sent.length);
    expect(received.equals(sent)).toBe(true);
    const counters = sender.relayCounters();
    expect(counters.retransmittedPackets).toBeGreaterThan(0);
    expect(counters.droppedTooLate).toBe(0);
    expect(listener.latestStats?.pktRcvDropTotal).toBe(0);
    expect(states.map((s) => s.to)).toContain('connected');
    expect(states.map((s) => s.to)).not.toContain('silent');
  }, 30_000);

  it('reports the round trip libsrt measures (50 ms each way) and the receiver’s rate within 2 %', async () => {
    const listener = await SrtTestListener.start({ latencyMs: 400, statsIntervalMs: 1000 });
    const proxy = await UdpImpairProxy.start({ targetPort: listener.port, toTarget: { delayMs: 50 }, toClient: { delayMs: 50 } });
    cleanups.push(() => proxy.close());
    const { sender } = await openSender(proxy.port);
    await until(() => sender.state === 'connected', 10_000, 'the handshake');
    const streaming = stream(sender, 5, 3000);
    await until(() => listener.statsHistory.length >= 4, 10_000, 'listener statistics');
    const rttMs = sender.snapshot().rttMs;
    const libsrt = listener.latestStats!;
    await streaming;
    expect(rttMs).not.toBeNull();
    expect(Math.abs(rttMs! - libsrt.msRTT) / libsrt.msRTT).toBeLessThan(0.01 + 1 / libsrt.msRTT); // ±1 % (+1 ms of sampling)
    expect(rttMs!).toBeGreaterThan(95);
    expect(sender.snapshot().sendKbps).toBeGreaterThan(2900 * (1316 + 16) / 1316 * 0.98);
  }, 30_000);

  it('encrypts with the passphrase so the listener decrypts everything, and is refused for a wrong one', async () => {
    const output = join(dir, 'enc.ts');
    const listener = await SrtTestListener.start({ latencyMs: 200, passphrase: 'correct-horse-battery', outputFile: output });
    const good = await openSender(listener.port, { encryption: createTapEncryption({ passphrase: 'correct-horse-battery' }) });
    await until(() => good.sender.state === 'connected', 10_000, 'the encrypted handshake');
    expect(good.sender.encryptionStatus()).toBe('ok');
    const sent = await stream(good.sender, 1, 2000);
    await good.sender.flush(2000);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await good.sender.close();
    await listener.waitFor(() => listener.disconnects > 0, 5000, 'the end of the session');
    expect(listener.acceptedCrypto).toEqual([{ pbkeylen: 16, rcvKmState: 2 }]);
    expect(listener.latestStats?.pktRcvUndecryptTotal).toBe(0);
    // The listener flushes its file just after it reports the disconnect.
    for (let i = 0; i < 150 && (await stat(output)).size < sent.length; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await readFile(output)).equals(sent)).toBe(true);

    const bad = await openSender(listener.port, { encryption: createTapEncryption({ passphrase: 'wrong-passphrase-123' }) });
    await until(() => bad.ends.length > 0, 10_000, 'the refusal');
    expect(bad.ends[0]).toMatchObject({ phase: 'rejected' });
    expect(bad.states.map((s) => s.to)).toContain('rejected');
    expect(bad.sender.snapshot().rejection?.message).toMatch(/passphrase/i);
  }, 30_000);

  it('adopts the key length a listener advertises (AES-256) and delivers a stream it decrypts', async () => {
    const output = join(dir, 'enc256.ts');
    const listener = await SrtTestListener.start({ latencyMs: 200, passphrase: 'correct-horse-battery', pbkeylenBytes: 32, outputFile: output });
    const { sender } = await openSender(listener.port, { encryption: createTapEncryption({ passphrase: 'correct-horse-battery' }) });
    await until(() => sender.state === 'connected', 10_000, 'the encrypted handshake');
    const sent = await stream(sender, 1, 2000);
    await sender.flush(2000);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await sender.close();
    await listener.waitFor(() => listener.disconnects > 0, 5000, 'the end of the session');
    expect(listener.acceptedCrypto).toEqual([{ pbkeylen: 32, rcvKmState: 2 }]);
    expect(listener.latestStats?.pktRcvUndecryptTotal).toBe(0);
    for (let i = 0; i < 150 && (await stat(output)).size < sent.length; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await readFile(output)).equals(sent)).toBe(true);
  }, 30_000);

  it('ends as rejected with libsrt’s code when the listener refuses the stream id', async () => {
    const listener = await SrtTestListener.start({ rejectStreamId: STREAM_ID });
    const { sender, ends, states } = await openSender(listener.port);
    await until(() => ends.length > 0, 10_000, 'the refusal');
    expect(ends).toEqual([{ phase: 'rejected', code: 2403 }]);
    expect(states.at(-1)).toMatchObject({ to: 'rejected' });
    expect(sender.snapshot().rejection?.code).toBe(2403);
    expect(listener.rejectedStreamIds).toEqual([STREAM_ID]);
    expect(sender.write(tsPackets(0, 7))).toBe(true); // nothing to send to: taken and counted, never queued
    expect(sender.relayCounters().bytesNotConnected).toBe(7 * 188);
  }, 20_000);

  it('gives up after the connect timeout when nothing answers, holding back what it was given', async () => {
    const proxy = await UdpImpairProxy.start({ targetPort: 9 }); // a path that swallows everything
    proxy.blackhole(true);
    cleanups.push(() => proxy.close());
    const { sender, ends } = await openSender(proxy.port, { connectTimeoutMs: 1200 });
    expect(sender.write(tsPackets(0, 70))).toBe(false); // held for the session, and the fan-out is asked to wait
    await until(() => ends.length > 0, 5000, 'the connect timeout');
    expect(ends).toEqual([{ phase: 'timed-out' }]);
    const handshakes = proxy.counters('toTarget').received;
    expect(handshakes).toBeGreaterThanOrEqual(4); // repeated every 250 ms
    expect(handshakes).toBeLessThanOrEqual(7);
    expect(sender.relayCounters().dataPackets).toBe(0);
  }, 20_000);

  it('suspects a listener that died at once, and ends the session after libsrt’s 5 s peer-idle timeout', async () => {
    const listener = await SrtTestListener.start({ latencyMs: 200 });
    const { sender, states, ends } = await openSender(listener.port, { silenceMs: 300 });
    await until(() => sender.state === 'connected', 10_000, 'the handshake');
    const streaming = stream(sender, 7, 1000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await listener.kill();
    const killedAt = performance.now();
    await until(() => states.some((s) => s.to === 'silent'), 3000, 'the suspicion');
    expect(performance.now() - killedAt).toBeLessThan(2000);
    await until(() => ends.length > 0, 8000, 'the end of the session');
    expect(ends[0]).toMatchObject({ phase: 'broken' });
    await streaming;
  }, 30_000);

  it('sees the listener’s SHUTDOWN as the end of the session', async () => {
    const listener = await SrtTestListener.start({ latencyMs: 200 });
    const { sender, states, ends } = await openSender(listener.port);
    await until(() => sender.state === 'connected', 10_000, 'the handshake');
    sender.write(tsPackets(0, 70));
    await listener.stop();
    await until(() => ends.length > 0, 5000, 'the SHUTDOWN');
    expect(ends).toEqual([{ phase: 'closed' }]);
    expect(states.at(-1)).toMatchObject({ to: 'closed' });
  }, 20_000);
});
