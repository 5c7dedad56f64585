// A pre-recorded file as the broadcast's source, pushed through the whole engine to a real libsrt listener with real
// ffmpeg: HEVC + AAC sent as it is (the listener gets the file's own pictures, the encoder copies), H.264 encoded to
// HEVC, a looped file decoding with continuous timestamps, and a file played once ending the broadcast with the reason.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BroadcastEvent, InputSource, StatsSnapshot } from '../../src/shared/broadcastTypes';
import { Broadcast } from '../../src/main/broadcast/broadcast';
import { discoverFfmpeg } from '../../src/main/ffmpeg/probeFfmpeg';
import type { FfmpegProbe } from '../../src/shared/ffmpegCapabilities';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import { SrtTestListener } from '../support/srtListener';
import { testPushConfig } from '../support/testPushConfig';
import { makeTestMedia } from '../support/testMediaFiles';
import { until } from '../support/waitUntil';
import { probeStreams, traceHevcPackets } from '../support/ffmpegTestSupport';

const run = promisify(execFile);
const cleanups: Array<() => Promise<unknown>> = [];
let dir = '';
let probe: FfmpegProbe;
let hevcFile = '';
let h264File = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'srtc-file-source-'));
  probe = await discoverFfmpeg({ env: process.env, platform: 'linux' });
  [hevcFile, h264File] = await Promise.all([
    makeTestMedia(dir, 'loop-hevc.mp4', { video: 'hevc', seconds: 3, audio: 'aac' }),
    makeTestMedia(dir, 'clip-h264.mp4', { video: 'h264', seconds: 3, audio: 'mp3', size: '320x180' }),
  ]);
  return () => rm(dir, { recursive: true, force: true });
}, 60_000);

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  expect(listManagedProcesses()).toEqual([]);
});

async function push(input: InputSource, name: string): Promise<{ broadcast: Broadcast; events: BroadcastEvent[]; stats: StatsSnapshot[]; outputFile: string; encoderArgs: () => Promise<string> }> {
  const outputFile = join(dir, `${name}.ts`);
  const listener = await SrtTestListener.start({ latencyMs: 200, outputFile, statsIntervalMs: 200 });
  cleanups.push(() => listener.stop());
  const broadcast = new Broadcast(testPushConfig({ kind: 'urls', primary: `srt://127.0.0.1:${listener.port}?streamid=file#k3y` }, { input, audio: { kind: 'silence' } }), {
    probe, platform: 'linux', recordDir: dir, x265Preset: 'ultrafast', monitorOutput: false,
  });
  const events: BroadcastEvent[] = [];
  const stats: StatsSnapshot[] = [];
  broadcast.on('event', (e) => events.push(e));
  broadcast.on('stats', (s) => stats.push(s));
  cleanups.push(() => broadcast.stop());
  await broadcast.start();
  const encoderArgs = async () => {
    const pid = listManagedProcesses().find((p) => p.name === 'encoder')?.pid;
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ');
  };
  return { broadcast, events, stats, outputFile, encoderArgs };
}

/** Decoded video frames of a file: presentation time and an md5 of the picture (ffmpeg's framemd5 of raw frames). */
async function decodedFrames(file: string): Promise<Array<{ pts: number; md5: string }>> {
  const { stdout } = await run('ffmpeg', ['-hide_banner', '-v', 'error', '-i', file, '-map', '0:v:0', '-f', 'framemd5', '-'], { maxBuffer: 64 * 1024 * 1024 });
  let tb = 1;
  const frames: Array<{ pts: number; md5: string }> = [];
  for (const line of stdout.split('\n')) {
    const base = /^#tb 0: (\d+)\/(\d+)/.exec(line);
    if (base) tb = Number(base[1]) / Number(base[2]);
    const m = /^0,\s*(-?\d+),\s*(-?\d+),\s*\d+,\s*\d+,\s*([0-9a-f]{32})/.exec(line);
    if (m) frames.push({ pts: Number(m[2]) * tb, md5: m[3]! });
  }
  return frames;
}

/** Presentation times of the video frames ffprobe decodes from a recording, seconds, in display order. */
async function probedFramePts(file: string): Promise<number[]> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', file], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.split('\n').map((l) => l.replace(/,+$/, '').trim()).filter((l) => l !== '' && l !== 'N/A').map(Number);
}

/** Every step between consecutive frames goes forward, and none is longer than two frame intervals (30 fps). */
function expectContinuous(pts: readonly number[]): void {
  const steps = pts.slice(1).map((t, i) => t - pts[i]!);
  expect(steps.filter((s) => s <= 0)).toEqual([]);
  expect(Math.max(...steps)).toBeLessThanOrEqual(2 / 30 + 1e-3);
}

describe('a file as the source', () => {
  it('sends an HEVC + AAC file as it is, looped, with timestamps that keep going forward across the loop point', async () => {
    const { broadcast, events, outputFile, encoderArgs } = await push({ kind: 'file', path: hevcFile, loop: true }, 'copy-loop');
    expect(broadcast.encoderName).toBe('copy');
    expect(broadcast.sourceFile?.playback).toEqual({ copyVideo: true, audio: 'copy' });
    expect(broadcast.targetKbps).toBe(broadcast.sourceFile?.summary.bitrateKbps);
    expect(events.some((e) => e.kind === 'source' && /sent as it is/.test(e.detail) && /do not apply/.test(e.detail))).toBe(true);
    const args = await encoderArgs();
    expect(args).toContain('-c:v copy');
    expect(args).toContain('-stream_loop -1');
    await new Promise((r) => setTimeout(r, 8000));
    await broadcast.stop();
    const streams = await probeStreams(outputFile);
    expect(streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'hevc']);
    const received = await decodedFrames(outputFile);
    expect(received.length).toBeGreaterThan(6 * 30); // more than two passes of the 3 s file
    expectContinuous(await probedFramePts(outputFile));
    // Pass-through: every picture received is one of the file's own pictures, bit for bit (an encode would change them).
    const own = new Set((await decodedFrames(hevcFile)).map((f) => f.md5));
    expect(received.filter((f) => !own.has(f.md5))).toEqual([]);
    // Every keyframe carries VPS/SPS/PPS, so a backup ingest joining on the cached GOP (or a viewer) can decode it.
    const keyframes = (await traceHevcPackets(outputFile)).filter((p) => p.key);
    expect(keyframes.length).toBeGreaterThan(5);
    expect(keyframes.filter((p) => ![32, 33, 34].every((t) => p.nalTypes.includes(t)))).toEqual([]);
  }, 40_000);

  it('encodes an H.264 file with MP3 sound to HEVC + AAC at the configured size, looped without a timestamp gap', async () => {
    const { broadcast, events, outputFile, encoderArgs } = await push({ kind: 'file', path: h264File, loop: true }, 'encode-loop');
    expect(broadcast.encoderName).toBe('libx265');
    expect(broadcast.targetKbps).toBe(600);
    expect(events.some((e) => e.kind === 'source' && /encoded with the chosen encoder because its video is h264/.test(e.detail))).toBe(true);
    expect(await encoderArgs()).toContain('-c:v libx265');
    await new Promise((r) => setTimeout(r, 8000));
    await broadcast.stop();
    const streams = await probeStreams(outputFile);
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'hevc', width: 640, height: 360 });
    expect(streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac', channels: 2, sample_rate: '48000' });
    const received = await decodedFrames(outputFile);
    expect(received.length).toBeGreaterThan(6 * 30);
    expectContinuous(await probedFramePts(outputFile));
  }, 40_000);

  it('ends the broadcast with "the file has ended" when a file played once is over, its generated sound too (no encoder restart)', async () => {
    // No sound in the file: the configured silence (endless) is sent with it, and must end with the file.
    const short = await makeTestMedia(dir, 'once-hevc.mp4', { video: 'hevc', seconds: 2 });
    const { broadcast, events, stats } = await push({ kind: 'file', path: short, loop: false }, 'once');
    const end = await Promise.race([broadcast.ended, new Promise((r) => setTimeout(() => r('timeout'), 15_000))]);
    expect(end).toEqual({ state: 'stopped', reason: 'input-ended', detail: 'the file has ended' });
    expect(broadcast.state).toBe('stopped');
    expect(broadcast.reason).toBe('the file has ended');
    expect(events.filter((e) => e.kind === 'encoder-restarted' || e.kind === 'encoder-stalled')).toEqual([]);
    // The quiet after the file's end is not a stalled encoder being restarted.
    expect(stats.length).toBeGreaterThan(2);
    expect(stats.flatMap((s) => s.warnings).filter((w) => w.code === 'encoder-stalled')).toEqual([]);
    await until(() => listManagedProcesses().length === 0, 5000, 'every process to exit');
  }, 30_000);
});
