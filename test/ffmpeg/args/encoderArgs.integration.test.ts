// Runs the real ffmpeg with buildEncoderArgs() output (only `-t` added by the test) and checks the stream with
// ffprobe: HEVC 640x360, AAC 48 kHz stereo, an IDR with VPS/SPS/PPS every 2 s, no B-frames, progress on fd 3.

import { existsSync, copyFileSync, createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildEncoderArgs } from '../../../src/main/ffmpeg/args/encoderArgs';
import { defaultEncodeSettings, type EncodeSettings } from '../../../src/main/ffmpeg/args/encodeSettings';
import { createProgressParser, type EncoderProgress } from '../../../src/main/ffmpeg/progressParser';
import { startManagedProcess, type ExitInfo } from '../../../src/main/process/managedProcess';
import { ProcessJanitor, probeStreams, probeVideoFrames, traceHevcPackets, withDuration } from '../../support/ffmpegTestSupport';

const work = mkdtempSync(join(tmpdir(), 'encoder-it-'));
const janitor = new ProcessJanitor();
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';

afterEach(() => janitor.cleanup());
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the encoder for `seconds`, writing its stdout to `file`; returns the exit and the parsed progress blocks. */
async function runEncoder(settings: EncodeSettings, seconds: number, file: string): Promise<{ exit: ExitInfo; progress: EncoderProgress[] }> {
  const encoder = janitor.track(
    startManagedProcess({
      command: 'ffmpeg',
      args: withDuration(buildEncoderArgs(settings), seconds),
      name: 'encoder',
      stdout: 'pipe',
      extraOutputPipes: 1,
      redactSecrets: [],
    }),
  );
  const parser = createProgressParser();
  const progress: EncoderProgress[] = [];
  encoder.pipe(3)?.on('data', (chunk: Buffer) => progress.push(...parser.push(chunk)));
  const out = createWriteStream(file);
  encoder.stdout?.pipe(out);
  const [exit] = await Promise.all([encoder.exited, once(out, 'finish')]);
  return { exit, progress };
}

describe('encoder integration (real ffmpeg)', () => {
  it('test pattern 640x360@30, 1000 kbps, keyint 2 s → HEVC + AAC with IDR+headers every 2.0 s', async () => {
    // The font sits in a directory whose name needs every level of filter-graph escaping.
    const fontDir = join(work, "we:ird's [font], dir;");
    mkdirSync(fontDir);
    const fontFile = join(fontDir, 'mono.ttf');
    copyFileSync(FONT, fontFile);
    const settings = defaultEncodeSettings('linux', {
      input: { kind: 'testsrc', fontFile },
      width: 640,
      height: 360,
      fps: 30,
      bitrateKbps: 1000,
      keyintSeconds: 2,
      preset: 'ultrafast',
    });
    const file = join(work, 'testsrc.ts');
    const { exit, progress } = await runEncoder(settings, 5, file);
    expect(exit.reason, exit.recentLog.join('\n')).toBe('clean-exit');

    const streams = await probeStreams(file);
    const video = streams.filter((s) => s.codec_type === 'video');
    const audio = streams.filter((s) => s.codec_type === 'audio');
    expect(video).toHaveLength(1);
    expect(video[0]).toMatchObject({ codec_name: 'hevc', width: 640, height: 360, pix_fmt: 'yuv420p', has_b_frames: 0 });
    expect(audio).toHaveLength(1);
    expect(audio[0]).toMatchObject({ codec_name: 'aac', sample_rate: '48000', channels: 2 });

    const { keyframePts, pictTypes } = await probeVideoFrames(file);
    expect(keyframePts.length).toBeGreaterThanOrEqual(3);
    const intervals = keyframePts.slice(1).map((t, i) => t - (keyframePts[i] ?? 0));
    for (const interval of intervals) expect(Math.abs(interval - 2.0)).toBeLessThanOrEqual(1 / 30 + 1e-6);
    expect(pictTypes.length).toBeGreaterThanOrEqual(140);
    expect(pictTypes).not.toContain('B');

    // Every keyframe is an IDR (19/20) carrying VPS/SPS/PPS, so a backup ingest can join there; no CRA (21).
    const packets = await traceHevcPackets(file);
    const keys = packets.filter((p) => p.key);
    expect(keys).toHaveLength(keyframePts.length);
    for (const key of keys) {
      expect(key.nalTypes).toEqual(expect.arrayContaining([32, 33, 34]));
      expect(key.nalTypes.some((t) => t === 19 || t === 20)).toBe(true);
    }
    expect(packets.flatMap((p) => p.nalTypes)).not.toContain(21);

    // Progress arrived on fd 3 once a second and finished with progress=end.
    expect(progress.length).toBeGreaterThanOrEqual(4);
    const last = progress.at(-1);
    expect(last?.ended).toBe(true);
    expect(last?.frame).toBeGreaterThanOrEqual(140);
    expect(last?.outTimeUs).toBeGreaterThan(4_500_000);
    // CBR-ish: the muxed average (video + 128k audio + TS overhead) stays near the 1000 kbps target.
    expect(last?.bitrateKbps).toBeGreaterThan(800);
    expect(last?.bitrateKbps).toBeLessThan(1800);
    // stderr stays quiet at -loglevel warning (no x265 banner, no stats lines).
    expect(exit.recentLog.filter((l) => l.includes('[info]'))).toEqual([]);
  });

  it.skipIf(!existsSync('/usr/bin/Xvfb'))('desktop capture through x11grab (Xvfb), region letterboxed to 640x360', async () => {
    const displayNumber = 90 + (process.pid % 9);
    const xvfb = janitor.track(
      startManagedProcess({
        command: 'Xvfb',
        args: [`:${displayNumber}`, '-screen', '0', '1024x768x24', '-nolisten', 'tcp'],
        name: 'xvfb',
        redactSecrets: [],
        missingExecutable: { kind: 'config', code: 'xvfb_not_found', hint: 'Install xvfb.' },
      }),
    );
    const socket = `/tmp/.X11-unix/X${displayNumber}`;
    for (let i = 0; i < 100 && !existsSync(socket) && xvfb.state !== 'exited'; i += 1) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(socket), xvfb.recentLog().join('\n')).toBe(true);

    const settings = defaultEncodeSettings('linux', {
      input: { kind: 'desktop', display: `:${displayNumber}.0`, region: { x: 0, y: 0, width: 800, height: 600 } },
      audio: { kind: 'silence' },
      width: 640,
      height: 360,
      fps: 15,
      bitrateKbps: 500,
      preset: 'ultrafast',
    });
    const file = join(work, 'desktop.ts');
    const { exit } = await runEncoder(settings, 2, file);
    expect(exit.reason, exit.recentLog.join('\n')).toBe('clean-exit');
    const streams = await probeStreams(file);
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'hevc', width: 640, height: 360 });
    expect(streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac', channels: 2 });
    const { pictTypes } = await probeVideoFrames(file);
    expect(pictTypes.length).toBeGreaterThanOrEqual(20);
    await xvfb.stop();
  });
});
