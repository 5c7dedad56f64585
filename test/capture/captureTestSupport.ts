// Test-only capture rigs: an Xvfb display on a free number (Xvfb picks it with -displayfd), a private PulseAudio
// daemon with a null sink, and helpers to read colour and loudness back out of a recording. Everything started here
// is killed by `stop()`; the callers register that in afterEach/afterAll.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Resolves when `predicate` holds, checking every 25 ms; rejects after `timeoutMs`. */
export async function waitUntil(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** SIGTERM, then SIGKILL after 2 s; resolves when the child is gone. */
async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  await gone;
  clearTimeout(timer);
}

export interface XvfbDisplay {
  /** `:N` */
  display: string;
  /** Fills the root window with one colour (xsetroot from x11-xserver-utils). */
  paint(colour: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `Xvfb` on a display number it picks itself (no clash with other test workers). */
export async function startXvfb(width: number, height: number): Promise<XvfbDisplay> {
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-noreset'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const number = await new Promise<string>((resolve, reject) => {
    let text = '';
    const fd3 = child.stdio[3] as NodeJS.ReadableStream;
    fd3.on('data', (c: Buffer) => {
      text += c.toString();
      if (text.includes('\n')) resolve(text.trim());
    });
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before reporting its display: ${stderr}`)));
    setTimeout(() => reject(new Error(`Xvfb did not report a display within 10 s: ${stderr}`)), 10_000).unref();
  });
  const display = `:${number}`;
  return {
    display,
    async paint(colour) {
      await run('xsetroot', ['-display', display, '-solid', colour]);
    },
    stop: () => killChild(child),
  };
}

export interface PulseRig {
  /** Environment that points pactl, ffmpeg's pulse device and paplay at this daemon. */
  env: NodeJS.ProcessEnv;
  /** Loads a null sink; its `.monitor` source is what the sink plays. */
  addNullSink(name: string, description: string): Promise<void>;
  /** Plays a sine tone into a sink until stop(). */
  playTone(sink: string, frequencyHz: number): void;
  stop(): Promise<void>;
}

/** Starts a private PulseAudio daemon (no D-Bus, no autospawn) in a temporary runtime directory. */
export async function startPulse(): Promise<PulseRig> {
  const runtimeDir = await mkdtemp(join(tmpdir(), 'srtc-pulse-'));
  const socket = join(runtimeDir, 'pulse', 'native');
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: runtimeDir, HOME: runtimeDir, PULSE_SERVER: `unix:${socket}` };
  const daemon = spawn('pulseaudio', ['--daemonize=no', '--exit-idle-time=-1', '--system=false', '-n', '--load=module-native-protocol-unix', '--log-target=stderr'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  daemon.stderr?.on('data', (c: Buffer) => (log += c.toString()));
  const children: ChildProcess[] = [daemon];
  try {
    await waitUntil(() => existsSync(socket) || daemon.exitCode !== null, 10_000, 'the PulseAudio socket');
    if (!existsSync(socket)) throw new Error(`pulseaudio did not start:\n${log}`);
  } catch (err) {
    await killChild(daemon);
    await rm(runtimeDir, { recursive: true, force: true });
    throw err;
  }
  return {
    env,
    async addNullSink(name, description) {
      await run('pactl', ['load-module', 'module-null-sink', `sink_name=${name}`, `sink_properties=device.description=${description}`], { env });
    },
    playTone(sink, frequencyHz) {
      const player = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', `sine=frequency=${frequencyHz}:sample_rate=48000`, '-f', 'pulse', sink], {
        env,
        stdio: 'ignore',
      });
      children.push(player);
    },
    async stop() {
      for (const child of children.reverse()) await killChild(child);
      await rm(runtimeDir, { recursive: true, force: true });
    },
  };
}

/** Mean R, G, B (0–255) of one decoded video frame, `atSeconds` into the recording. */
export async function meanFrameColour(file: string, atSeconds: number): Promise<{ r: number; g: number; b: number; frame: Buffer; width: number; height: number }> {
  const { stdout: size } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file]);
  const [width, height] = size.trim().split(',').map(Number) as [number, number];
  // Output-side -ss: decode from the start, so the frame is whole even between keyframes.
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-ss', String(atSeconds), '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  const frame = stdout as unknown as Buffer;
  let r = 0;
  let g = 0;
  let b = 0;
  const pixels = frame.length / 3;
  for (let i = 0; i < frame.length; i += 3) {
    r += frame[i] ?? 0;
    g += frame[i + 1] ?? 0;
    b += frame[i + 2] ?? 0;
  }
  return { r: r / pixels, g: g / pixels, b: b / pixels, frame, width, height };
}

/** The RGB of one pixel of a frame returned by meanFrameColour. */
export function pixelAt(frame: Buffer, width: number, x: number, y: number): [number, number, number] {
  const i = (y * width + x) * 3;
  return [frame[i] ?? 0, frame[i + 1] ?? 0, frame[i + 2] ?? 0];
}

/** ffmpeg volumedetect's mean volume (dB) of a recording's audio. */
export async function meanVolumeDb(file: string): Promise<number> {
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-i', file, '-map', '0:a:0', '-af', 'volumedetect', '-f', 'null', '-']);
  const m = /mean_volume: (-?[\d.]+) dB/.exec(stderr);
  if (!m) throw new Error(`volumedetect printed no mean volume:\n${stderr.slice(-2000)}`);
  return Number(m[1]);
}
