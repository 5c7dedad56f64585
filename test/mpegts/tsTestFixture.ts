// Test helpers for the MPEG-TS engine: real ffmpeg captures made at test time, ffprobe cross-checks, seeded chunking.

import { mulberry32 } from '../support/seededRandom';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Deterministic PRNG (mulberry32). */
export const seeded = mulberry32;

/** Splits `data` into views of random sizes in [1, maxChunk]. */
export function randomChunks(data: Buffer, maxChunk: number, rnd: () => number): Buffer[] {
  const out: Buffer[] = [];
  for (let p = 0; p < data.length; ) {
    const n = Math.min(data.length - p, 1 + Math.floor(rnd() * maxChunk));
    out.push(data.subarray(p, p + n));
    p += n;
  }
  return out;
}

export interface Capture {
  path: string;
  bytes: Buffer;
  /** ffprobe `pos` of every video packet flagged K, in stream order. */
  videoKeyframePositions: number[];
}

/** A scratch directory removed by the returned cleanup function. */
export function scratchDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Encodes a test pattern + sine with Debian's ffmpeg into MPEG-TS, the way the app's encoder does (closed GOP every
 * 2 s at 25 fps, no B-frames, headers repeated on keyframes).
 */
export function makeCapture(dir: string, codec: 'hevc' | 'h264', seconds: number): Capture {
  const path = join(dir, `capture-${codec}.ts`);
  const video =
    codec === 'hevc'
      ? ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'keyint=50:min-keyint=50:scenecut=0:bframes=0:repeat-headers=1:log-level=error']
      : ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0', '-bf', '0'];
  execFileSync(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', '-f', 'lavfi', '-i', 'sine',
      '-t', String(seconds), ...video, '-c:a', 'aac', '-f', 'mpegts', path],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return { path, bytes: readFileSync(path), videoKeyframePositions: probeVideoKeyframes(path) };
}

/** ffprobe's view of a TS file: `pos` of each video packet flagged K. */
export function probeVideoKeyframes(path: string): number[] {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pos,flags', '-of', 'csv=p=0', path], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .map((l) => l.trim().split(','))
    .filter((f) => f.length >= 2 && f[1]!.startsWith('K'))
    .map((f) => Number(f[0]));
}

/** Flags of the first video packet ffprobe finds in a file (e.g. "K_"). */
export function firstVideoPacketFlags(path: string): string {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=flags', '-of', 'csv=p=0', '-read_intervals', '%+#1', path], {
    encoding: 'utf8',
  });
  return out.trim().split('\n')[0] ?? '';
}

/** Decodes a TS file fully with ffmpeg; returns its exit status, its error log and the number of video frames decoded. */
export function decodeFile(path: string): { status: number | null; errors: string; videoFrames: number } {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-xerror', '-i', path, '-f', 'null', '-'], { encoding: 'utf8' });
  const count = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', path], {
    encoding: 'utf8',
  });
  return { status: r.status, errors: r.stderr.trim(), videoFrames: Number(count.stdout.trim().split('\n')[0]) }; // csv lists the stream once per program too
}

export function writeBytes(dir: string, name: string, data: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

/** PID of the TS packet at `off`. */
export function pidAt(buf: Buffer, off: number): number {
  return ((buf[off + 1]! & 0x1f) << 8) | buf[off + 2]!;
}
