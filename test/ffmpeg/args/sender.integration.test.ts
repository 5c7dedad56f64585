// encoder ffmpeg → (Node stream) → sender ffmpeg (placeholder stream id) → SRT tap (writes the real id) → libsrt
// listener: the listener's output must decode as HEVC, and the stream id must arrive byte for byte, never on argv.

import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildEncoderArgs } from '../../../src/main/ffmpeg/args/encoderArgs';
import { defaultEncodeSettings } from '../../../src/main/ffmpeg/args/encodeSettings';
import { buildSenderArgs, senderSecrets, type SenderArgsInput } from '../../../src/main/ffmpeg/args/senderArgs';
import { createProgressParser, type EncoderProgress } from '../../../src/main/ffmpeg/progressParser';
import { startManagedProcess, type ManagedProcess } from '../../../src/main/process/managedProcess';
import { SrtTap } from '../../../src/main/srt/srtTap';
import { ProcessJanitor, freeUdpPort, probeStreams, probeVideoFrames, withDuration } from '../../support/ffmpegTestSupport';
import { killAllSrtTestListeners, SrtTestListener } from '../../support/srtListener';

const work = mkdtempSync(join(tmpdir(), 'sender-it-'));
const janitor = new ProcessJanitor();
const taps: SrtTap[] = [];

afterEach(async () => {
  await janitor.cleanup();
  await Promise.all(taps.splice(0).map((t) => t.close()));
  await killAllSrtTestListeners();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

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
function startSender(input: SenderArgsInput, encoder: ManagedProcess, srtStreamId: string): ManagedProcess {
  const sender = janitor.track(
    startManagedProcess({ command: 'ffmpeg', args: buildSenderArgs(input), name: 'sender-primary', stdin: 'pipe', interrupt: 'close-stdin', redactSecrets: senderSecrets({ srtStreamId, passphrase: input.passphrase }) }),
  );
  encoder.stdout?.pipe(sender.stdin!);
  void sender.exited.then(() => {
    encoder.stdout?.unpipe();
    encoder.stdout?.resume();
  });
  return sender;
}

describe('encoder → sender → SRT tap → SRT listener (real ffmpeg, real libsrt listener)', () => {
  it('delivers decodable HEVC and the exact stream id, written by the tap, with an encrypted session', async () => {
    const passphrase = 'Pa55-phrase_x.y~z!';
    const srtStreamId = '123b#08cd54f0+x&y%2F';
    const file = join(work, 'received.ts');
    const listener = await SrtTestListener.start({ latencyMs: 200, passphrase, outputFile: file });
    const tap = await SrtTap.open({ ingestHost: '127.0.0.1', ingestPort: listener.port, streamId: srtStreamId });
    taps.push(tap);

    const { encoder, progress } = startEncoder(4);
    const sender = startSender({ tapHost: '127.0.0.1', tapPort: tap.port, passphrase, latencyMs: 200, connectTimeoutMs: 3000 }, encoder, srtStreamId);
    const senderArgv = await readFile(`/proc/${sender.pid}/cmdline`, 'utf8').catch(() => '');
    expect(senderArgv).toContain('-srt_streamid');
    expect(senderArgv).not.toContain('08cd54f0');

    const encoderExit = await encoder.exited;
    expect(encoderExit.reason, encoderExit.recentLog.join('\n')).toBe('clean-exit');
    // The encoder's stdout ended, so pipe() ended the sender's stdin: it flushes, sends SHUTDOWN and exits 0.
    const senderExit = await sender.exited;
    expect(senderExit.reason, senderExit.recentLog.join('\n')).toBe('clean-exit');
    await listener.waitFor(() => listener.disconnects > 0, 5000, 'the session to end');
    await listener.stop();

    expect(listener.acceptedStreamIds).toEqual([srtStreamId]);
    expect(tap.snapshot().streamIdSeen).toBe(srtStreamId); // what the tap reports is what it wrote
    expect(tap.relayCounters().streamIdRewriteFailures).toBe(0);
    expect(listener.latestStats?.pktRcvUndecryptTotal ?? 0).toBe(0);

    const streams = await probeStreams(file);
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'hevc', width: 640, height: 360 });
    expect(streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });
    const { keyframePts, pictTypes } = await probeVideoFrames(file);
    expect(keyframePts.length).toBeGreaterThanOrEqual(2);
    expect(pictTypes.length).toBeGreaterThanOrEqual(90);

    expect(progress.at(-1)?.ended).toBe(true);
    const logs = [...senderExit.recentLog, ...listener.diagnostics].join('\n');
    expect(logs).not.toContain('08cd54f0');
    expect(logs).not.toContain(passphrase);
  });

  it('a wrong passphrase makes the sender fail fast, and its log never shows either secret', async () => {
    const listenPort = await freeUdpPort();
    startListener(listenPort, 'the-right-passphrase');
    const input = { tapHost: '127.0.0.1', tapPort: listenPort, passphrase: 'the-wrong-passphrase', latencyMs: 200, connectTimeoutMs: 1000 };
    const { encoder } = startEncoder(10);
    const sender = startSender(input, encoder, '77#c0ffee99');
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
