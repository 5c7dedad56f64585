// Runs a short-lived ffmpeg command to completion with a time bound and bounded output capture.
import { spawn } from 'node:child_process';

/** How a one-shot run ended. */
export type RunEnd = 'exited' | 'timed-out' | 'spawn-failed';

/** Outcome of a one-shot run; never rejects for a failing binary. */
export interface RunResult {
  end: RunEnd;
  /** Exit code when `end` is 'exited' (null if killed by a signal). */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The spawn error's code ('ENOENT', 'EACCES', 'ENOEXEC'…) when `end` is 'spawn-failed'. */
  spawnErrorCode?: string;
  durationMs: number;
}

/** Options of a one-shot run. */
export interface RunOptions {
  timeoutMs: number;
  /** Capture at most this many bytes of each stream (default 4 MiB; -filters is ~40 KiB). */
  maxOutputBytes?: number;
  /** Environment of the child (default: this process's), e.g. DISPLAY for xrandr. */
  env?: NodeJS.ProcessEnv;
}

/** The runner signature the probe depends on, so tests can count or fake spawns. */
export type RunFfmpeg = (path: string, args: readonly string[], options: RunOptions) => Promise<RunResult>;

class BoundedText {
  private chunks: Buffer[] = [];
  private bytes = 0;
  constructor(private readonly limit: number) {}
  push(chunk: Buffer): void {
    if (this.bytes >= this.limit) return;
    const part = chunk.subarray(0, this.limit - this.bytes);
    this.chunks.push(part);
    this.bytes += part.length;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Spawns `path args` with stdin closed, waits for it to exit, and SIGKILLs it when `timeoutMs`
 * passes (a probe has nothing to save, so no polite stop first). Resolves in every case.
 */
export function runFfmpegOnce(path: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const limit = options.maxOutputBytes ?? 4 * 1024 * 1024;
  const startedMs = performance.now();
  return new Promise<RunResult>((resolve) => {
    const stdout = new BoundedText(limit);
    const stderr = new BoundedText(limit);
    let timedOut = false;
    let done = false;
    // On POSIX the child leads its own process group, so a timeout also kills anything it started
    // (a wrapper script's ffmpeg), which would otherwise live on and hold our pipes open.
    const ownGroup = process.platform !== 'win32';
    const child = spawn(path, [...args], { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, detached: ownGroup, ...(options.env ? { env: options.env } : {}) });
    const finish = (partial: Pick<RunResult, 'end' | 'exitCode' | 'signal' | 'spawnErrorCode'>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const result: RunResult = { ...partial, stdout: stdout.text(), stderr: stderr.text(), durationMs: performance.now() - startedMs };
      if (result.spawnErrorCode === undefined) delete result.spawnErrorCode;
      resolve(result);
    };
    const kill = (): void => {
      try {
        if (ownGroup && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL'); // the group is already gone; make sure the child is too
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (err: NodeJS.ErrnoException) => {
      finish({ end: 'spawn-failed', exitCode: null, signal: null, spawnErrorCode: err.code ?? 'UNKNOWN' });
    });
    // 'close' (not 'exit') so that all output has been read.
    child.on('close', (exitCode, signal) => {
      finish({ end: timedOut ? 'timed-out' : 'exited', exitCode, signal });
    });
    // If something the child left behind still holds the pipes after it exited, stop waiting for them.
    child.on('exit', (exitCode, signal) => {
      setTimeout(() => {
        if (done) return;
        child.stdout.destroy();
        child.stderr.destroy();
        finish({ end: timedOut ? 'timed-out' : 'exited', exitCode, signal });
      }, 1000).unref();
    });
  });
}
