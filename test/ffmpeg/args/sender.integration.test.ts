// encoder ffmpeg → (Node stream) → sender ffmpeg → UDP relay that reads the handshake → srt-live-transmit listener:
// the listener's output must decode as HEVC, and the stream id must arrive byte for byte via -srt_streamid.

import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildEncoderArgs } from '../../../src/main/ffmpeg/args/encoderArgs';
import { defaultEncodeSettings } from '../../../src/main/ffmpeg/args/encodeSettings';
import { buildSenderArgs, senderSecrets, type SenderArgsInput } from '../../../src/main/ffmpeg/args/senderArgs';
import { createProgressParser, type EncoderProgress } from '../../../src/main/ffmpeg/progressParser';
import { startManagedProcess, type ManagedProcess } from '../../../src/main/process/managedProcess';
import { ProcessJanitor, freeUdpPort, probeStreams, probeVideoFrames, withDuration } from '../../support/ffmpegTestSupport';

const work = mkdtempSync(join(tmpdir(), 'sender-it-'));
const janitor = new ProcessJanitor();
const sockets: Socket[] = [];

afterEach(async () => {
  await janitor.cleanup();
  for (const s of sockets.splice(0)) s.close();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Stream id from an SRT CONCLUSION handshake's SID extension (srt-notes.md §3.6: 4-byte groups stored reversed). */
function streamIdFromHandshake(msg: Buffer): string | null {
  const isControl = msg.length >= 64 && (msg[0]! & 0x80) !== 0;
  if (!isControl || (msg.readUInt16BE(0) & 0x7fff) !== 0 || msg.readUInt32BE(36) !== 0xffffffff) return null;
  for (let off = 64; off + 4 <= msg.length; ) {
    const type = msg.readUInt16BE(off);
    const words = msg.readUInt16BE(off + 2);
    const content = msg.subarray(off + 4, off + 4 + words * 4);
    if (type === 5) {
      const bytes = Buffer.alloc(content.length);
      for (let i = 0; i < content.length; i += 4) for (let j = 0; j < 4; j += 1) bytes[i + j] = content[i + 3 - j]!;
      return bytes.toString('utf8').replace(/\0+$/, '');
    }
    off += 4 + words * 4;
  }
  return null;
}

/** A loopback UDP relay in front of the listener that records the stream ids seen in handshakes. */
async function startRelay(targetPort: number): Promise<{ port: number; streamIds: string[] }> {
  const front = createSocket('udp4');
  const back = createSocket('udp4');
  sockets.push(front, back);
  const streamIds: string[] = [];
  let caller: { address: string; port: number } | null = null;
  front.on('message', (msg, rinfo) => {
    caller = { address: rinfo.address, port: rinfo.port };
    const sid = streamIdFromHandshake(msg);
    if (sid !== null) streamIds.push(sid);
    back.send(msg, targetPort, '127.0.0.1');
  });
  back.on('message', (msg) => {
    if (caller) front.send(msg, caller.port, caller.address);
  });
  await Promise.all([new Promise<void>((r) => front.bind(0, '127.0.0.1', r)), new Promise<void>((r) => back.bind(0, '127.0.0.1', r))]);
  return { port: front.address().port, streamIds };
}

function startListener(port: number, passphrase: string | null): { listener: ManagedProcess; received: Buffer[] } {
  const query = `mode=listener&latency=200${passphrase ? `&passphrase=${passphrase}` : ''}`;
  const listener = janitor.track(
    startManagedProcess({
      command: 'srt-live-transmit',
      args: ['-q', '-a:no', `srt://127.0.0.1:${port}?${query}`, 'file://con'],
      name: 'srt-listener',
      stdout: 'pipe',
      redactSecrets: [passphrase],
      missingExecutable: { kind: 'config', code: 'srt_tools_not_found', hint: 'Install srt-tools.' },
    }),
  );
  const received: Buffer[] = [];
  listener.stdout?.on('data', (chunk: Buffer) => received.push(chunk));
  return { listener, received };
}

function startEncoder(seconds: number): { encoder: ManagedProcess; progress: EncoderProgress[] } {
  const settings = defaultEncodeSettings('linux', { width: 640, height: 360, fps: 30, bitrateKbps: 1000, keyintSeconds: 2, preset: 'ultrafast' });
  const encoder = janitor.track(
    startManagedProcess({ command: 'ffmpeg', args: withDuration(buildEncoderArgs(settings), seconds), name: 'encoder', stdout: 'pipe', extraOutputPipes: 1, redactSecrets: [] }),
  );
  const parser = createProgressParser();
  const progress: EncoderProgress[] = [];
  encoder.pipe(3)?.on('data', (chunk: Buffer) => progress.push(...parser.push(chunk)));
  return { encoder, progress };
}

/** Starts a sender fed by `encoder.stdout`; if the sender dies, the encoder's output keeps draining (as the fan-out does). */
function startSender(input: SenderArgsInput, encoder: ManagedProcess): ManagedProcess {
  const sender = janitor.track(
    startManagedProcess({ command: 'ffmpeg', args: buildSenderArgs(input), name: 'sender-primary', stdin: 'pipe', interrupt: 'close-stdin', redactSecrets: senderSecrets(input) }),
  );
  encoder.stdout?.pipe(sender.stdin!);
  void sender.exited.then(() => {
    encoder.stdout?.unpipe();
    encoder.stdout?.resume();
  });
  return sender;
}

/** Resolves once no new bytes arrived for `quietMs` (bounded by `boundMs`). */
async function waitForQuiet(received: Buffer[], quietMs: number, boundMs: number): Promise<void> {
  const deadline = Date.now() + boundMs;
  let lastCount = -1;
  let lastChange = Date.now();
  while (Date.now() < deadline) {
    if (received.length !== lastCount) {
      lastCount = received.length;
      lastChange = Date.now();
    } else if (Date.now() - lastChange >= quietMs) {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('encoder → sender → SRT listener (real ffmpeg, srt-live-transmit)', () => {
  it('delivers decodable HEVC and the exact stream id, with an encrypted session', async () => {
    const listenPort = await freeUdpPort();
    // srt-live-transmit 1.5.1 reads its passphrase from its own URL, where '&', '#' and '%' do not survive (measured).
    const passphrase = 'Pa55-phrase_x.y~z!';
    const srtStreamId = '123b#08cd54f0+x&y%2F';
    const { listener, received } = startListener(listenPort, passphrase);
    const relay = await startRelay(listenPort);

    const { encoder, progress } = startEncoder(4);
    const sender = startSender({ tapHost: '127.0.0.1', tapPort: relay.port, srtStreamId, passphrase, latencyMs: 200, connectTimeoutMs: 3000 }, encoder);

    const encoderExit = await encoder.exited;
    expect(encoderExit.reason, encoderExit.recentLog.join('\n')).toBe('clean-exit');
    // The encoder's stdout ended, so pipe() ended the sender's stdin: it flushes, sends SHUTDOWN and exits 0.
    const senderExit = await sender.exited;
    expect(senderExit.reason, senderExit.recentLog.join('\n')).toBe('clean-exit');
    await waitForQuiet(received, 500, 5000);
    await listener.stop();

    expect(relay.streamIds.length).toBeGreaterThan(0);
    expect(new Set(relay.streamIds)).toEqual(new Set([srtStreamId]));

    const file = join(work, 'received.ts');
    writeFileSync(file, Buffer.concat(received));
    const streams = await probeStreams(file);
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'hevc', width: 640, height: 360 });
    expect(streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
    const { keyframePts, pictTypes } = await probeVideoFrames(file);
    expect(keyframePts.length).toBeGreaterThanOrEqual(2);
    expect(pictTypes.length).toBeGreaterThanOrEqual(90);

    expect(progress.at(-1)?.ended).toBe(true);
    const logs = [...senderExit.recentLog, ...listener.recentLog()].join('\n');
    expect(logs).not.toContain('08cd54f0');
    expect(logs).not.toContain(passphrase);
  });

  it('a wrong passphrase makes the sender fail fast, and its log never shows either secret', async () => {
    const listenPort = await freeUdpPort();
    startListener(listenPort, 'the-right-passphrase');
    const input = { tapHost: '127.0.0.1', tapPort: listenPort, srtStreamId: '77#c0ffee99', passphrase: 'the-wrong-passphrase', latencyMs: 200, connectTimeoutMs: 1000 };
    const { encoder } = startEncoder(10);
    const sender = startSender(input, encoder);
    const exit = await sender.exited;
    expect(exit.reason).toBe('crashed');
    expect(exit.code).not.toBe(0);
    expect(exit.recentLog.length).toBeGreaterThan(0);
    const log = exit.recentLog.join('\n');
    expect(log).not.toContain('the-wrong-passphrase');
    expect(log).not.toContain('c0ffee99');
    // The encoder's output kept draining after the sender died, so SIGINT stops it cleanly.
    expect((await encoder.stop()).reason).toBe('stopped');
  });
});
