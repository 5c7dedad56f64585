// Test helper: a real Debian ffmpeg pushing a 640x360 HEVC test pattern in MPEG-TS over SRT (caller) to a local port.

import { spawn, type ChildProcess } from 'node:child_process';

export interface FfmpegPushOptions {
  /** Local port to connect to (the tap's). */
  port: number;
  /** Passed with -srt_streamid, byte for byte (design.md "Stream ids"). */
  streamId: string;
  passphrase?: string;
  /** SRT key length in bytes (16/24/32), passed as -pbkeylen; only meaningful with a passphrase. */
  pbkeylenBytes?: number;
  /** SRT latency in microseconds (ffmpeg's unit). Default 2 000 000 (2 s). */
  latencyUs?: number;
  /** Safety cap: ffmpeg stops by itself after this many seconds of input. Default 60. */
  maxDurationS?: number;
}

export interface FfmpegExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** performance.now() at exit. */
  atMs: number;
}

const running = new Set<FfmpegPush>();

/** One ffmpeg sender process. Always `stop()` it (or call {@link stopAllFfmpegPushes}) in afterEach. */
export class FfmpegPush {
  readonly exited: Promise<FfmpegExit>;
  private readonly stderrLines: string[] = [];
  private exitInfo: FfmpegExit | null = null;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal, atMs: performance.now() };
        running.delete(this);
        resolve(this.exitInfo);
      });
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderrLines.push(...chunk.split('\n').filter(Boolean));
      if (this.stderrLines.length > 40) this.stderrLines.splice(0, this.stderrLines.length - 40);
    });
  }

  /** Starts `ffmpeg -re -f lavfi -i testsrc2=640x360@30 -c:v libx265 … -f mpegts -srt_streamid ID srt://127.0.0.1:PORT?…`. */
  static start(options: FfmpegPushOptions): FfmpegPush {
    const url = `srt://127.0.0.1:${options.port}?latency=${options.latencyUs ?? 2_000_000}&pkt_size=1316`;
    const args = [
      '-hide_banner', '-nostdin', '-loglevel', 'warning',
      '-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-t', String(options.maxDurationS ?? 60),
      '-c:v', 'libx265', '-preset', 'ultrafast', '-tune', 'zerolatency', '-x265-params', 'log-level=error', '-b:v', '1500k',
      '-f', 'mpegts', '-srt_streamid', options.streamId,
      ...(options.passphrase ? ['-passphrase', options.passphrase] : []),
      ...(options.pbkeylenBytes ? ['-pbkeylen', String(options.pbkeylenBytes)] : []),
      url,
    ];
    const push = new FfmpegPush(spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] }));
    running.add(push);
    return push;
  }

  get exitStatus(): FfmpegExit | null {
    return this.exitInfo;
  }

  /** Last stderr lines (the passphrase never appears there: ffmpeg does not echo options). */
  stderrTail(): string {
    return this.stderrLines.join('\n');
  }

  /** SIGINT (ffmpeg finishes the file and sends SHUTDOWN), SIGKILL after 3 s. */
  async stop(): Promise<FfmpegExit> {
    if (!this.exitInfo) {
      this.child.kill('SIGINT');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await this.exited;
      clearTimeout(timer);
    }
    return this.exited;
  }
}

/** Stops every ffmpeg started by this helper. */
export async function stopAllFfmpegPushes(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

process.once('exit', () => {
  for (const p of running) void p.stop();
});
