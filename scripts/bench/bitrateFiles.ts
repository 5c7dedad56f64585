// Pre-encoded HEVC + AAC MPEG-TS files at broadcast bitrates for the bitrate section, made once and cached in .bench/
// (keyed by every parameter and the ffmpeg version), with the bitrate and keyframe interval they really have.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import type { FfmpegProbe } from '../../src/shared/ffmpegCapabilities';
import { round } from './benchMath';
import { log } from './rig';

const run = promisify(execFile);

/** What to encode. The picture is testsrc2 under strong temporal noise, so that the encoder really needs the bitrate. */
export interface BitrateFileSpec {
  targetMbps: number;
  width: number;
  height: number;
  fps: number;
  keyintSeconds: number;
  durationS: number;
  /** Strength of ffmpeg's `noise` filter (0–100), enough detail to reach the target at this size. */
  noise: number;
}

/** A generated file and what it really carries (measured with ffprobe, not taken from the target). */
export interface BitrateFile {
  spec: BitrateFileSpec;
  path: string;
  /** Every byte of the file (TS overhead and audio included) over its duration: what a push sends. */
  totalKbps: number;
  /** Video access units only. */
  videoKbps: number;
  durationS: number;
  /** Distance between keyframes, seconds (min and max over the file). */
  keyframeIntervalS: { min: number; max: number };
  /** Wall-clock seconds the encode took in this run; null when the cached file was used. */
  generatedInS: number | null;
}

function cacheKey(spec: BitrateFileSpec, ffmpegVersion: string | null): string {
  return createHash('sha256').update(JSON.stringify({ spec, ffmpegVersion, v: 1 })).digest('hex').slice(0, 12);
}

function encodeArgs(spec: BitrateFileSpec, out: string): string[] {
  const kbps = Math.round(spec.targetMbps * 1000);
  const gop = Math.round(spec.fps * spec.keyintSeconds);
  // The engine's own libx265 flags (encoderArgs.ts): CBR with a one-second VBV, IDR every GOP, no B-frames, headers on
  // every keyframe, so the file is what a hardware encoder pushing at this bitrate would produce.
  const x265 = [`keyint=${gop}`, `min-keyint=${gop}`, 'scenecut=0', 'open-gop=0', 'bframes=0', 'rc-lookahead=0', 'repeat-headers=1', `vbv-maxrate=${kbps}`, `vbv-bufsize=${kbps}`, 'log-level=error'].join(':');
  return [
    '-hide_banner', '-v', 'error', '-nostdin', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${spec.width}x${spec.height}:rate=${spec.fps},noise=alls=${spec.noise}:allf=t+u`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(spec.durationS),
    '-c:v', 'libx265', '-preset', 'ultrafast', '-tune', 'zerolatency', '-b:v', `${kbps}k`, '-maxrate', `${kbps}k`, '-bufsize', `${kbps}k`, '-pix_fmt', 'yuv420p', '-x265-params', x265,
    '-c:a', 'aac', '-b:a', '128k', '-ac', '2',
    '-f', 'mpegts', out,
  ];
}

/** Measures a file with ffprobe: total and video bitrate, duration, keyframe spacing. */
async function measure(spec: BitrateFileSpec, path: string, generatedInS: number | null): Promise<BitrateFile> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,size,flags', '-of', 'csv=p=0', path], { maxBuffer: 64 * 1024 * 1024 });
  const packets = stdout.split('\n').filter((line) => line.trim() !== '').map((line) => line.split(',')).map(([pts, size, flags]) => ({ ptsS: Number(pts), bytes: Number(size), key: (flags ?? '').includes('K') }));
  const fileBytes = (await readFile(path)).length;
  const frameS = 1 / spec.fps;
  const durationS = packets.length * frameS;
  const keys = packets.filter((p) => p.key).map((p) => p.ptsS);
  const gaps = keys.slice(1).map((t, i) => t - keys[i]!);
  return {
    spec,
    path,
    totalKbps: Math.round((fileBytes * 8) / durationS / 1000),
    videoKbps: Math.round((packets.reduce((s, p) => s + p.bytes, 0) * 8) / durationS / 1000),
    durationS: Math.round(durationS * 100) / 100,
    keyframeIntervalS: { min: gaps.length ? round(Math.min(...gaps), 3) : NaN, max: gaps.length ? round(Math.max(...gaps), 3) : NaN },
    generatedInS,
  };
}

/** The file for `spec`: from the cache in `dir` when there, else encoded now (and cached). */
export async function bitrateFile(probe: FfmpegProbe, spec: BitrateFileSpec, dir = '.bench'): Promise<BitrateFile> {
  await mkdir(dir, { recursive: true });
  const base = join(dir, `bitrate-${spec.targetMbps}M-${cacheKey(spec, probe.version ?? null)}`);
  const path = `${base}.ts`;
  const sidecar = `${base}.json`;
  if (existsSync(path) && existsSync(sidecar)) {
    const cached = JSON.parse(await readFile(sidecar, 'utf8')) as BitrateFile;
    return { ...cached, path, generatedInS: null };
  }
  log(`encoding the ${spec.targetMbps} Mbit/s source file (${spec.width}x${spec.height}@${spec.fps}, ${spec.durationS} s; cached in ${dir} for the next run)`);
  const began = performance.now();
  const partial = `${base}.partial.ts`;
  await run(probe.path, encodeArgs(spec, partial), { maxBuffer: 16 * 1024 * 1024 });
  const generatedInS = Math.round((performance.now() - began) / 100) / 10;
  await rename(partial, path);
  const file = await measure(spec, path, generatedInS);
  await writeFile(sidecar, `${JSON.stringify(file, null, 2)}\n`);
  log(`  ${spec.targetMbps} Mbit/s file: ${file.totalKbps} kbit/s in all (video ${file.videoKbps}), keyframes every ${file.keyframeIntervalS.min}–${file.keyframeIntervalS.max} s, encoded in ${generatedInS} s`);
  return file;
}
