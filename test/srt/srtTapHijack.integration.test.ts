// Attacks on a live tap (issue 10, findings 3 and 4) with real parts: ffmpeg pushing through the tap to a libsrt listener.
// A second local socket sends an SRT induction to the tap's port; a forged SHUTDOWN, rejection and ACK arrive from the
// ingest's address with a wrong destination socket id. The session must not notice either.

import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { startUplink } from '../../src/main/broadcast/uplink';
import { SrtTap } from '../../src/main/srt/srtTap';
import type { TapStateChange } from '../../src/main/srt/tapTypes';
import { killAllSrtTestListeners, SrtTestListener } from '../support/srtListener';
import { UdpImpairProxy } from '../support/udpImpairProxy';
import { until } from '../support/waitUntil';
import { FfmpegPush, stopAllFfmpegPushes } from './ffmpegPush';
import { control, handshake, HS_INDUCTION } from './srtPacketBuilders';
import { waitForState } from './waitForState';

const STREAM_ID = '123#08cd54f0';
/** A socket id no real session uses here (libsrt picks random ones; the odds of a clash are 2^-32). */
const FOREIGN_SOCKET_ID = 0x0badf00d;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await stopAllFfmpegPushes();
  await killAllSrtTestListeners();
});

async function listenerWithStats(): Promise<SrtTestListener> {
  const listener = await SrtTestListener.start({ latencyMs: 200, statsIntervalMs: 250 });
  cleanups.push(() => listener.stop());
  return listener;
}

/** Waits for `lines` more stats lines from the listener (it prints one every 250 ms while a caller is connected). */
async function moreStats(listener: SrtTestListener, lines: number): Promise<void> {
  const target = listener.statsHistory.length + lines;
  await listener.waitFor(() => listener.statsHistory.length >= target, 10_000, `${lines} more stats lines`);
}

async function udpSocket(): Promise<{ socket: Socket; received: Buffer[] }> {
  const socket = createSocket('udp4');
  const received: Buffer[] = [];
  socket.on('message', (msg) => received.push(msg));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return { socket, received };
}

describe('a tap bound to its own session', () => {
  it('an SRT induction from a second local socket mid-session reaches no ingest and gets no reply; the session flows on', async () => {
    const listener = await listenerWithStats();
    const tap = await SrtTap.open({ ingestHost: '127.0.0.1', ingestPort: listener.port });
    cleanups.push(() => tap.close());
    const changes: TapStateChange[] = [];
    tap.on('state', (c) => changes.push(c));
    const push = FfmpegPush.start({ port: tap.port, streamId: STREAM_ID, latencyUs: 200_000 });
    cleanups.push(() => push.stop());
    await waitForState(tap, 'connected', 15_000);
    await moreStats(listener, 2);
    const bytesBefore = listener.bytesReceived;

    // The intruder knows the port (it is in ffmpeg's argv) and opens its own SRT handshake, as a hijacker would.
    const intruder = await udpSocket();
    const induction = handshake({ type: HS_INDUCTION, version: 4, extField: 2, socketId: FOREIGN_SOCKET_ID });
    induction.writeUInt32BE(0, 12); // a caller's INDUCTION goes to socket 0
    for (let i = 0; i < 3; i++) intruder.socket.send(induction, tap.port, '127.0.0.1');
    await moreStats(listener, 4); // a libsrt listener answers an induction within milliseconds; this waits ~1 s

    expect(intruder.received).toEqual([]);
    // Had the listener seen the induction, its reply (addressed to FOREIGN_SOCKET_ID) would have come back through the
    // tap, which counts every ingest-side packet not addressed to the real caller.
    expect(tap.snapshot().ignoredForeignPkts).toBe(0);
    expect(changes.map((c) => c.to)).toEqual(['handshaking', 'connected']);
    expect(tap.state).toBe('connected');
    expect(listener.bytesReceived).toBeGreaterThan(bytesBefore);
    expect(listener.acceptedStreamIds).toEqual([STREAM_ID]);
    expect(listener.disconnects).toBe(0);
    expect(push.exitStatus).toBeNull();
  });

  it.each(['engine', 'ffmpeg'] as const)('a forged SHUTDOWN, rejection and ACK from the ingest’s address with a wrong socket id leave the %s uplink live', async (sender) => {
    const listener = await listenerWithStats();
    // The proxy stands where the ingest is: what it injects comes from the very address the tap talks to.
    const ingestSide = await UdpImpairProxy.start({ targetPort: listener.port });
    cleanups.push(() => ingestSide.close());
    const events: string[] = [];
    const uplink = await startUplink({
      sender,
      ffmpegPath: 'ffmpeg',
      target: { role: 'primary', host: '127.0.0.1', port: ingestSide.port, srtStreamId: STREAM_ID, passphrase: null, label: 'primary' },
      latencyMs: 200,
      silenceMs: 300,
      connectTimeoutMs: 3000,
      stopTimeoutMs: 3000,
      callbacks: {
        attempted: () => events.push('attempted'),
        live: () => events.push('live'),
        suspect: (detail) => events.push(`suspect: ${detail}`),
        recovered: () => events.push('recovered'),
        down: (reason, detail) => events.push(`down: ${reason} ${detail}`),
        warning: (detail) => events.push(`warning: ${detail}`),
        log: () => undefined,
      },
    });
    cleanups.push(() => uplink.stop());
    const encoder = startTestEncoder((chunk) => uplink.write(chunk));
    cleanups.push(() => stopProcess(encoder));
    await until(() => events.includes('live'), 20_000, () => `the uplink to go live (events: ${events.join('; ')})`);
    await moreStats(listener, 2);
    const bytesBefore = listener.bytesReceived;

    const forged = [
      control(5, 0, [0], { destSocketId: FOREIGN_SOCKET_ID }), // SHUTDOWN
      Buffer.from(handshake({ type: 2403 })), // rejection "forbidden"
      control(2, 7, [0, 0xffffffff, 0xffffffff, 8000, 150, 10_000, 200_000], { destSocketId: FOREIGN_SOCKET_ID }), // full ACK, RTT ~71 min
    ];
    forged[1]?.writeUInt32BE(FOREIGN_SOCKET_ID, 12);
    for (const msg of forged) expect(ingestSide.injectToClient(msg)).toBe(true);
    // Either the tap counted all three as foreign, or (before the fix) the SHUTDOWN took the uplink down.
    await until(() => (uplink.snapshot().ignoredForeignPkts ?? 0) >= forged.length || events.some((e) => e.startsWith('down')), 5000,
      () => `the forged packets to be handled (events: ${events.join('; ')})`);
    await moreStats(listener, 4);

    expect(events.filter((e) => !e.startsWith('attempted'))).toEqual(['live']);
    const snap = uplink.snapshot();
    expect(snap).toMatchObject({ state: 'connected', rejection: null, ignoredForeignPkts: forged.length });
    expect(snap.rttMs ?? 0).toBeLessThan(1000);
    expect(listener.bytesReceived).toBeGreaterThan(bytesBefore);
    expect(listener.disconnects).toBe(0);
  });
});

/** A real 640x360 HEVC test pattern in MPEG-TS on stdout, at real-time pace, handed chunk by chunk to `sink`. */
function startTestEncoder(sink: (chunk: Buffer) => void): ChildProcess {
  const encoder = spawn('ffmpeg', [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-t', '60',
    '-c:v', 'libx265', '-preset', 'ultrafast', '-tune', 'zerolatency', '-x265-params', 'log-level=error', '-b:v', '800k', '-g', '30',
    '-f', 'mpegts', 'pipe:1',
  ], { stdio: ['ignore', 'pipe', 'ignore'] });
  encoder.stdout?.on('data', (chunk: Buffer) => sink(chunk));
  return encoder;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}
