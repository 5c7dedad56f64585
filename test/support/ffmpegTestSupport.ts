// Test-only helpers for the encoder/sender integration tests: duration-limited args, ffprobe, free ports, cleanup.

import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { promisify } from 'node:util';
import type { ManagedProcess } from '../../src/main/process/managedProcess';

const execFileAsync = promisify(execFile);

/** Inserts `-t seconds` as an output option, just before the final output URL (the builders never do this). */
export function withDuration(args: readonly string[], seconds: number): string[] {
  const out = [...args];
  out.splice(out.length - 1, 0, '-t', String(seconds));
  return out;
}

/** Runs ffprobe with JSON output on a file. */
export async function ffprobeJson(file: string, extra: readonly string[]): Promise<Record<string, unknown>> {
  const { stdout } = await execFileAsync('ffprobe', ['-v', 'error', ...extra, '-of', 'json', file], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as Record<string, unknown>;
}

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  sample_rate?: string;
  channels?: number;
  has_b_frames?: number;
  pix_fmt?: string;
}

export async function probeStreams(file: string): Promise<ProbedStream[]> {
  const json = await ffprobeJson(file, ['-show_entries', 'stream=codec_type,codec_name,width,height,sample_rate,channels,has_b_frames,pix_fmt']);
  return (json.streams ?? []) as ProbedStream[];
}

/** Presentation times (s) of the video keyframes, and the picture types of every video frame. */
export async function probeVideoFrames(file: string): Promise<{ keyframePts: number[]; pictTypes: string[] }> {
  const json = await ffprobeJson(file, ['-select_streams', 'v:0', '-show_entries', 'frame=pts_time,key_frame,pict_type']);
  const frames = (json.frames ?? []) as { pts_time?: string; key_frame?: number; pict_type?: string }[];
  return {
    keyframePts: frames.filter((f) => f.key_frame === 1).map((f) => Number(f.pts_time)),
    pictTypes: frames.map((f) => f.pict_type ?? '?'),
  };
}

export interface TracedPacket {
  key: boolean;
  /** HEVC nal_unit_type of each NAL unit in the packet, in order (32 VPS, 33 SPS, 34 PPS, 19/20 IDR, 21 CRA, 1 TRAIL_R). */
  nalTypes: number[];
}

/** Lists the video packets of a file with the NAL unit types each carries (ffmpeg's trace_headers bitstream filter). */
export async function traceHevcPackets(file: string): Promise<TracedPacket[]> {
  const { stderr } = await execFileAsync(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'trace', '-i', file, '-map', '0:v:0', '-c', 'copy', '-bsf:v', 'trace_headers', '-f', 'null', '-'],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  const packets: TracedPacket[] = [];
  let current: TracedPacket | null = null;
  for (const line of stderr.split('\n')) {
    if (!line.startsWith('[trace_headers @')) continue;
    if (line.includes('] Extradata')) current = null;
    const packet = /\] Packet: \d+ bytes(, key frame)?/.exec(line);
    if (packet) {
      current = { key: packet[1] !== undefined, nalTypes: [] };
      packets.push(current);
      continue;
    }
    const nal = /\] nal_unit_type: (\d+)/.exec(line);
    if (nal && current) current.nalTypes.push(Number(nal[1]));
  }
  return packets;
}

/** A UDP port that was free a moment ago on 127.0.0.1. */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Tracks processes started by a test and kills whatever is still alive in afterEach. */
export class ProcessJanitor {
  private readonly processes: ManagedProcess[] = [];

  track<T extends ManagedProcess>(p: T): T {
    this.processes.push(p);
    return p;
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.processes.splice(0).map((p) => p.kill()));
  }
}
