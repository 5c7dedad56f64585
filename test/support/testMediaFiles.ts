// Test support: short media files made on the fly with the system ffmpeg (never committed): a 640x360 test pattern as
// HEVC or H.264 with a chosen keyframe interval, with AAC / MP3 sound or none, or sound only.

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestMediaOptions {
  video: 'hevc' | 'h264' | 'none';
  seconds: number;
  /** Frames between keyframes (30 fps). Default 30 (1 s). */
  keyintFrames?: number;
  audio?: 'aac' | 'mp3' | 'none';
  /** Default 640x360. */
  size?: string;
}

/** Writes `dir/name` (the extension picks the container) and returns its path. */
export async function makeTestMedia(dir: string, name: string, o: TestMediaOptions): Promise<string> {
  const path = join(dir, name);
  const gop = o.keyintFrames ?? 30;
  const audio = o.audio ?? 'none';
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'];
  if (o.video !== 'none') args.push('-f', 'lavfi', '-i', `testsrc2=size=${o.size ?? '640x360'}:rate=30`);
  if (audio !== 'none') args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  args.push('-t', String(o.seconds));
  if (o.video === 'hevc') {
    args.push('-c:v', 'libx265', '-preset', 'ultrafast', '-b:v', '500k', '-x265-params', `keyint=${gop}:min-keyint=${gop}:scenecut=0:bframes=0:log-level=error`, '-pix_fmt', 'yuv420p');
  }
  if (o.video === 'h264') args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '500k', '-g', String(gop), '-pix_fmt', 'yuv420p');
  if (audio === 'aac') args.push('-c:a', 'aac', '-b:a', '128k', '-ac', '2');
  if (audio === 'mp3') args.push('-c:a', 'libmp3lame', '-b:a', '128k', '-ac', '2');
  args.push(path);
  await run('nice', ['-n', '10', 'ffmpeg', ...args]);
  return path;
}
