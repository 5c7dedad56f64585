// Test helper: a plain ffmpeg SRT caller (HEVC test pattern in MPEG-TS, latency 200 ms) pushing to a local ingest URL,
// or relaying MPEG-TS written to its stdin (so a test can stop the data while the SRT connection stays up).

import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface SenderExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  atMs: number;
}

export interface SenderOptions {
  /** srt://127.0.0.1:PORT of the endpoint. */
  url: string;
  /** Put raw into the URL (`…&streamid=123#key`), as Gcore's ffmpeg example does. */
  streamId: string;
  /** 'testsrc' (default): encode testsrc2 live; 'stdin': copy MPEG-TS written to stdin, paced with -re. */
  input?: 'testsrc' | 'stdin';
  /** Safety cap for the test pattern, seconds. Default 60. */
  maxDurationS?: number;
}

const running = new Set<FfmpegSender>();

export class FfmpegSender {
  readonly startedAtMs = performance.now();
  readonly exited: Promise<SenderExit>;
  private readonly stderr: string[] = [];
  private exit: SenderExit | null = null;

  private constructor(readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal, atMs: performance.now() };
        running.delete(this);
        resolve(this.exit);
      });
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderr.push(...chunk.split('\n').filter(Boolean));
      if (this.stderr.length > 60) this.stderr.splice(0, this.stderr.length - 60);
    });
    child.stdin?.on('error', () => undefined); // EPIPE after ffmpeg exits
  }

  static start(options: SenderOptions): FfmpegSender {
    const input = options.input === 'stdin'
      ? ['-re', '-probesize', '32768', '-analyzeduration', '500000', '-f', 'mpegts', '-i', 'pipe:0', '-c', 'copy']
      : ['-nostdin', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', '-t', String(options.maxDurationS ?? 60),
        '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error'];
    const args = ['-hide_banner', '-loglevel', 'warning', ...input, '-f', 'mpegts',
      `${options.url}?latency=200000&streamid=${options.streamId}`];
    const sender = new FfmpegSender(spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe'] }));
    running.add(sender);
    return sender;
  }

  get exitStatus(): SenderExit | null {
    return this.exit;
  }

  stderrTail(): string {
    return this.stderr.join('\n');
  }

  /** SIGINT (ffmpeg ends the stream and sends SHUTDOWN), SIGKILL after 3 s. */
  async stop(): Promise<SenderExit> {
    if (!this.exit) {
      this.child.stdin?.end();
      this.child.kill('SIGINT');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await this.exited;
      clearTimeout(timer);
    }
    return this.exited;
  }
}

export async function stopAllSenders(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
}

/** Encodes `seconds` of the test pattern to an MPEG-TS file (for stdin senders). */
export async function encodeTestPattern(file: string, seconds: number): Promise<void> {
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25',
    '-t', String(seconds), '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-f', 'mpegts', '-y', file],
  { stdio: 'ignore' });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`encoding the test pattern failed (exit ${code})`);
}

process.once('exit', () => {
  for (const s of running) s.child.kill('SIGKILL');
});
