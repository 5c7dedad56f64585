// Generic child-process supervision: spawn, typed state and exit reason, polite stop that escalates to SIGKILL,
// a redacted stderr ring buffer, and a registry so no child outlives the app. Knows nothing about ffmpeg's output.
//
// Children die with the parent, without anything exotic (no prctl, no wrapper binary, detached: false):
// - A normal exit, process.exit() or an uncaught exception runs the process 'exit' hook below, which SIGKILLs survivors.
// - A parent killed outright (SIGKILL, OOM) runs no JS. Then the pipes are the lifeline: an encoder writing MPEG-TS to
//   our stdout pipe gets EPIPE on its next write and exits; a sender reading our stdin pipe gets EOF and finishes.
//   (test/process/orphans.test.ts checks both paths.) Same process group (detached: false), so a terminal Ctrl-C
//   reaches the children too.
// - Windows: libuv puts non-detached children in a job object with KILL_ON_JOB_CLOSE, so they die with the parent.
// - SIGTERM/SIGHUP: Node's default action exits without running 'exit' hooks; the app entry point (CLI, Electron main)
//   should handle them by calling stopAllManagedProcesses() and exiting.

import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { AppError } from '../appError';
import { redact } from '../redact';
import {
  canTransition,
  classifyExit,
  spawnFailureError,
  type ExitReason,
  type InterruptMethod,
  type MissingExecutableError,
  type ProcessState,
} from './processState';
import { RingBuffer } from './ringBuffer';

export { canTransition, classifyExit, type ExitReason, type InterruptMethod, type MissingExecutableError, type ProcessState } from './processState';

export interface ExitInfo {
  reason: ExitReason;
  /** Exit code, or null when a signal ended the process or it never started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set for `spawn-failed` (e.g. code `ffmpeg_not_found`). */
  error?: AppError;
  /** The last stderr lines, already redacted. */
  recentLog: string[];
  /** Time from spawn to exit. */
  runtimeMs: number;
}

export interface ManagedProcessOptions {
  command: string;
  args: readonly string[];
  /** Short label for logs and errors, e.g. `encoder`, `sender-primary`. */
  name: string;
  stdin?: 'pipe' | 'ignore';
  stdout?: 'pipe' | 'ignore';
  /** Extra readable pipes on fds 3, 4, … (e.g. 1 for ffmpeg `-progress pipe:3`). */
  extraOutputPipes?: number;
  /** stderr lines kept for recentLog(). */
  logLines?: number;
  /** Literal secrets masked in every stderr line (stream key, passphrase), besides redact()'s patterns. */
  redactSecrets: readonly (string | null | undefined)[];
  /** How long stop() waits before SIGKILL. */
  stopTimeoutMs?: number;
  /** Default: `quit-key` on Windows when stdin is a pipe, else `signal`. */
  interrupt?: InterruptMethod;
  /** The error for a missing executable. Default: AppError('ffmpeg', 'ffmpeg_not_found'). */
  missingExecutable?: MissingExecutableError;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  spawnImpl?: (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;
  platform?: NodeJS.Platform;
  now?: () => number;
}

export interface ManagedProcess {
  readonly name: string;
  /** OS pid, undefined when spawning failed. */
  readonly pid: number | undefined;
  readonly state: ProcessState;
  /** Null unless `stdin: 'pipe'`. Write errors (EPIPE after the child died) are absorbed, never thrown. */
  readonly stdin: Writable | null;
  /** Null unless `stdout: 'pipe'`. The caller must consume it, or the child blocks on a full pipe. */
  readonly stdout: Readable | null;
  /** Resolves once, when the process has exited (or failed to spawn). Never rejects. */
  readonly exited: Promise<ExitInfo>;
  /** Extra output pipe on fd 3, 4, …; null if not requested. */
  pipe(fd: number): Readable | null;
  /** Asks politely (see InterruptMethod), escalates to SIGKILL after stopTimeoutMs. Idempotent. */
  stop(): Promise<ExitInfo>;
  /** SIGKILL now. */
  kill(): Promise<ExitInfo>;
  /** The last stderr lines, redacted, oldest first. */
  recentLog(): string[];
  /** Called with every redacted stderr line. Returns an unsubscribe function. */
  onStderrLine(listener: (line: string) => void): () => void;
  /** Called on every state change. Returns an unsubscribe function. */
  onStateChange(listener: (state: ProcessState) => void): () => void;
}

const MAX_LINE_CHARS = 2000;
/** After 'exit', how long to wait for the rest of stderr before reporting. */
const STDERR_DRAIN_MS = 1000;

const registry = new Set<ManagedChild>();
let exitHookInstalled = false;

class ManagedChild implements ManagedProcess {
  readonly name: string;
  readonly exited: Promise<ExitInfo>;
  private currentState: ProcessState = 'starting';
  private child: ChildProcess | null = null;
  private readonly log: RingBuffer<string>;
  private readonly lineListeners = new Set<(line: string) => void>();
  private readonly stateListeners = new Set<(state: ProcessState) => void>();
  private requested: 'stop' | 'kill' | null = null;
  private escalated = false;
  private escalationTimer: NodeJS.Timeout | null = null;
  private partialLine = '';
  private resolveExit!: (info: ExitInfo) => void;
  private readonly startedAtMs: number;
  private settled = false;

  constructor(private readonly opts: ManagedProcessOptions) {
    this.name = opts.name;
    this.log = new RingBuffer<string>(opts.logLines ?? 200);
    this.startedAtMs = (opts.now ?? Date.now)();
    this.exited = new Promise<ExitInfo>((resolve) => {
      this.resolveExit = resolve;
    });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }
  get state(): ProcessState {
    return this.currentState;
  }
  get stdin(): Writable | null {
    return this.child?.stdin ?? null;
  }
  get stdout(): Readable | null {
    return this.child?.stdout ?? null;
  }

  pipe(fd: number): Readable | null {
    const stream = fd >= 3 ? this.child?.stdio[fd] : undefined;
    return stream && 'read' in stream ? (stream as Readable) : null;
  }

  start(): void {
    const { opts } = this;
    const extra = Array.from({ length: opts.extraOutputPipes ?? 0 }, () => 'pipe' as const);
    const spawnOptions: SpawnOptions = {
      stdio: [opts.stdin ?? 'ignore', opts.stdout ?? 'ignore', 'pipe', ...extra],
      detached: false,
      windowsHide: true,
      env: opts.env,
      cwd: opts.cwd,
    };
    let child: ChildProcess;
    try {
      child = (opts.spawnImpl ?? nodeSpawn)(opts.command, opts.args, spawnOptions);
    } catch (err) {
      this.finishSpawnFailed(err);
      return;
    }
    this.child = child;
    // Streams must never crash the app: EPIPE on stdin after the child died is expected, not fatal.
    // A spawn that fails for lack of resources (EMFILE) can return a child without stdio.
    for (const stream of child.stdio ?? []) {
      stream?.on('error', (err: NodeJS.ErrnoException) => this.appendLine(`[${this.name}] stream error: ${err.code ?? err.message}`));
    }
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => this.onStderrChunk(chunk));
    child.once('spawn', () => this.transition('running'));
    child.on('error', (err) => {
      if (child.pid === undefined) this.finishSpawnFailed(err);
      else this.appendLine(`[${this.name}] process error: ${err.message}`);
    });
    child.once('exit', (code, signal) => this.onExit(code, signal));
    if (child.pid !== undefined) registerLive(this);
  }

  stop(): Promise<ExitInfo> {
    if (this.currentState === 'exited' || this.requested !== null || !this.child) return this.exited;
    this.requested = 'stop';
    this.transition('stopping');
    this.interrupt();
    const timeoutMs = this.opts.stopTimeoutMs ?? 2500;
    this.escalationTimer = setTimeout(() => {
      this.escalated = true;
      this.appendLine(`[${this.name}] did not stop within ${timeoutMs} ms; sending SIGKILL`);
      this.signal('SIGKILL');
    }, timeoutMs);
    return this.exited;
  }

  kill(): Promise<ExitInfo> {
    if (this.currentState === 'exited' || !this.child) return this.exited;
    this.requested = 'kill';
    this.transition('stopping');
    this.signal('SIGKILL');
    return this.exited;
  }

  /** Synchronous last resort for the process 'exit' hook. */
  killNow(): void {
    this.signal('SIGKILL');
  }

  recentLog(): string[] {
    return this.log.toArray();
  }

  onStderrLine(listener: (line: string) => void): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  onStateChange(listener: (state: ProcessState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private interrupt(): void {
    const platform = this.opts.platform ?? process.platform;
    const stdin = this.child?.stdin;
    const method = this.opts.interrupt ?? (platform === 'win32' && stdin ? 'quit-key' : 'signal');
    if (method === 'quit-key' && stdin && stdin.writable) {
      stdin.write('q');
    } else if (method === 'close-stdin' && stdin && stdin.writable) {
      stdin.end();
    } else {
      // Windows has no SIGINT for other processes (Node would TerminateProcess); escalation covers it.
      this.signal('SIGINT');
    }
  }

  private signal(sig: NodeJS.Signals): void {
    try {
      if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill(sig);
    } catch {
      // The child may have exited between the check and the kill (ESRCH); the 'exit' event reports it.
    }
  }

  private transition(to: ProcessState): void {
    if (!canTransition(this.currentState, to)) return;
    this.currentState = to;
    for (const listener of this.stateListeners) listener(to);
  }

  private onStderrChunk(chunk: string): void {
    const text = this.partialLine + chunk;
    const parts = text.split(/\r\n|\n|\r/);
    this.partialLine = parts.pop() ?? '';
    if (this.partialLine.length > MAX_LINE_CHARS) {
      parts.push(this.partialLine);
      this.partialLine = '';
    }
    for (const line of parts) if (line !== '') this.appendLine(line);
  }

  private appendLine(raw: string): void {
    const clipped = raw.length > MAX_LINE_CHARS ? `${raw.slice(0, MAX_LINE_CHARS)}…` : raw;
    const line = redact(clipped, this.opts.redactSecrets);
    this.log.push(line);
    for (const listener of this.lineListeners) listener(line);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.escalationTimer) clearTimeout(this.escalationTimer);
    registry.delete(this);
    const stderr = this.child?.stderr;
    const finish = (): void => {
      if (this.partialLine !== '') this.appendLine(this.partialLine);
      this.partialLine = '';
      const reason = classifyExit({ code, signal, requested: this.requested, escalated: this.escalated });
      this.settle({ reason, code, signal, recentLog: this.recentLog(), runtimeMs: this.elapsedMs() });
    };
    if (!stderr || stderr.readableEnded || stderr.destroyed) {
      finish();
      return;
    }
    // 'exit' can precede the last stderr bytes; wait for the stream's end, but never forever.
    const drainTimer = setTimeout(finish, STDERR_DRAIN_MS);
    stderr.once('close', () => {
      clearTimeout(drainTimer);
      finish();
    });
  }

  private finishSpawnFailed(err: unknown): void {
    const error = spawnFailureError(err, this.opts.command, this.opts.name, this.opts.missingExecutable);
    this.appendLine(`[${this.opts.name}] ${error.message}`);
    this.settle({ reason: 'spawn-failed', code: null, signal: null, error, recentLog: this.recentLog(), runtimeMs: 0 });
  }

  private settle(info: ExitInfo): void {
    if (this.settled) return;
    this.settled = true;
    if (this.escalationTimer) clearTimeout(this.escalationTimer);
    registry.delete(this);
    this.transition('exited');
    this.resolveExit(info);
  }

  private elapsedMs(): number {
    return Math.max(0, (this.opts.now ?? Date.now)() - this.startedAtMs);
  }
}

function registerLive(child: ManagedChild): void {
  registry.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Runs on normal exit, process.exit() and uncaught exceptions; only synchronous work is possible here.
    process.on('exit', () => {
      for (const live of registry) live.killNow();
    });
  }
}

/**
 * Spawns a supervised child. Never throws for a missing or broken executable: `exited` then resolves with
 * reason `spawn-failed` and an AppError (e.g. code `ffmpeg_not_found`, naming the path).
 */
export function startManagedProcess(options: ManagedProcessOptions): ManagedProcess {
  const child = new ManagedChild(options);
  child.start();
  return child;
}

/** Stops every live child (polite stop, then SIGKILL after each one's stopTimeoutMs). */
export function stopAllManagedProcesses(): Promise<ExitInfo[]> {
  return Promise.all([...registry].map((child) => child.stop()));
}

/** The children that have not exited yet (for diagnostics and leak checks in tests). */
export function listManagedProcesses(): { name: string; pid: number | undefined; state: ProcessState }[] {
  return [...registry].map((child) => ({ name: child.name, pid: child.pid, state: child.state }));
}
