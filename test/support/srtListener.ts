// Test SRT listener: compiles test/support/srt-test-listener.c against libsrt once per source version, runs it on
// 127.0.0.1, and exposes the stream ids it accepted and its own srt_bstats measurements.

import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const SOURCE = join(here, 'srt-test-listener.c');
const CACHE_DIR = resolve(here, '../../node_modules/.cache/srt-test-listener');

/** One `stats` (or final `disconnected`) line of the listener: libsrt's own view of the connection. */
export interface ListenerStats {
  /** Listener's CLOCK_MONOTONIC in ms when the line was printed. */
  tMs: number;
  /** performance.now() in this process when the line was read. */
  receivedAtMs: number;
  msRTT: number;
  /** Receive rate over the interval since the previous line (libsrt counts 44 header bytes per packet), Mbit/s. */
  mbpsRecvRate: number;
  mbpsBandwidth: number;
  /** Bytes received, retransmissions included, counting 44 header bytes (IPv4 + UDP + SRT) per packet (measured). */
  byteRecvTotal: number;
  pktRecvTotal: number;
  pktRecvUniqueTotal: number;
  pktRcvLossTotal: number;
  /** Retransmitted packets received (summed from the per-interval counter). */
  pktRcvRetransTotal: number;
  pktRcvDropTotal: number;
  pktSentNAKTotal: number;
  msRcvTsbPdDelay: number;
  pktRcvUndecryptTotal: number;
  /** Payload bytes delivered to the application (written to the output file). */
  bytesWritten: number;
}

export interface SrtTestListenerOptions {
  /** Fixed port; default 0 (the listener picks one and reports it). */
  port?: number;
  /** SRTO_LATENCY in ms. Default 120. */
  latencyMs?: number;
  /** Listener passphrase (passed through the environment, never argv). */
  passphrase?: string;
  /** SRTO_PBKEYLEN in bytes (16/24/32): the key length the listener advertises to callers. */
  pbkeylenBytes?: number;
  /** Reject callers sending exactly this stream id ('*' = every caller) through srt_listen_callback. */
  rejectStreamId?: string;
  /** Reason given to srt_setrejectreason; default 1403 (SRT_REJX_FORBIDDEN → wire code 2403). */
  rejectCode?: number;
  /** Where received payload is written; null (default) discards it. */
  outputFile?: string | null;
  statsIntervalMs?: number;
}

const running = new Set<SrtTestListener>();

/** Compiles the listener if the cached binary is missing or stale (keyed by the source hash); returns its path. */
export async function compileSrtTestListener(): Promise<string> {
  const source = await readFile(SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const binary = join(CACHE_DIR, `srt-test-listener-${hash}`);
  if (existsSync(binary)) return binary;
  await mkdir(CACHE_DIR, { recursive: true });
  let flags = ['-I/usr/include/srt', '-lsrt'];
  try {
    const { stdout } = await execFileAsync('pkg-config', ['--cflags', '--libs', 'srt']);
    flags = stdout.trim().split(/\s+/).filter(Boolean);
  } catch {
    // pkg-config missing: fall back to the Debian layout.
  }
  // Compile to a unique name, then rename: two test workers may compile at the same time.
  const tmp = `${binary}.${process.pid}.tmp`;
  try {
    await execFileAsync('gcc', ['-O2', '-Wall', '-Wextra', '-o', tmp, SOURCE, ...flags]);
  } catch (cause) {
    const stderr = (cause as { stderr?: string }).stderr ?? String(cause);
    throw new Error(`Compiling the SRT test listener failed (needs gcc and libsrt-openssl-dev):\n${stderr}`);
  }
  await rename(tmp, binary);
  // Drop binaries of earlier source versions (best effort).
  for (const name of await readdir(CACHE_DIR)) {
    if (name.startsWith('srt-test-listener-') && !name.endsWith('.tmp') && join(CACHE_DIR, name) !== binary) {
      await rm(join(CACHE_DIR, name), { force: true });
    }
  }
  return binary;
}

/** A running srt-test-listener process. */
export class SrtTestListener {
  /** UDP port the listener accepts SRT callers on (127.0.0.1). */
  port = 0;
  readonly outputFile: string | null;
  /** Stream ids of accepted callers, in order, exactly as srt_getsockflag(SRTO_STREAMID) returned them. */
  readonly acceptedStreamIds: string[] = [];
  /** Encryption of each accepted caller: key length (0 = none) and SRTO_RCVKMSTATE (2 = secured, 0 = unsecured). */
  readonly acceptedCrypto: Array<{ pbkeylen: number; rcvKmState: number }> = [];
  /** Stream ids refused by the listen callback. */
  readonly rejectedStreamIds: string[] = [];
  readonly statsHistory: ListenerStats[] = [];
  latestStats: ListenerStats | null = null;
  disconnects = 0;
  /** Bytes written to the output file when each session ended: where each session's part of the recording ends. */
  readonly sessionEndsAtBytes: number[] = [];
  /** Last lines of stderr and unparsed stdout, for failure messages. */
  readonly diagnostics: string[] = [];
  private exited = false;
  private readonly exitPromise: Promise<void>;
  private waiters: Array<() => void> = [];

  private constructor(private readonly child: ChildProcess, outputFile: string | null) {
    this.outputFile = outputFile;
    this.exitPromise = new Promise((resolveExit) => {
      child.once('exit', () => {
        this.exited = true;
        running.delete(this);
        this.notify();
        resolveExit();
      });
    });
    if (child.stdout) createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
    if (child.stderr) createInterface({ input: child.stderr }).on('line', (line) => this.remember(`stderr: ${line}`));
  }

  /** Compiles (if needed) and starts a listener; resolves once it is listening. */
  static async start(options: SrtTestListenerOptions = {}): Promise<SrtTestListener> {
    const binary = await compileSrtTestListener();
    const args = ['--port', String(options.port ?? 0), '--latency-ms', String(options.latencyMs ?? 120),
      '--stats-ms', String(options.statsIntervalMs ?? 500), '--output', options.outputFile ?? '-'];
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (options.passphrase) env.SRT_TEST_PASSPHRASE = options.passphrase;
    if (options.pbkeylenBytes) env.SRT_TEST_PBKEYLEN = String(options.pbkeylenBytes);
    if (options.rejectStreamId) env.SRT_TEST_REJECT_STREAMID = options.rejectStreamId;
    if (options.rejectCode !== undefined) env.SRT_TEST_REJECT_CODE = String(options.rejectCode);
    const child = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const listener = new SrtTestListener(child, options.outputFile ?? null);
    running.add(listener);
    try {
      await listener.waitFor(() => listener.port > 0, 5000, 'the listener to report its port');
    } catch (err) {
      await listener.kill();
      throw err;
    }
    return listener;
  }

  /** The listener's process id (for /proc readings such as its sockets' receive drops). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Payload bytes delivered to the application so far (current and earlier callers). */
  get bytesReceived(): number {
    return this.latestStats?.bytesWritten ?? 0;
  }

  get isRunning(): boolean {
    return !this.exited;
  }

  /** Resolves when `predicate` holds (checked after every line and at exit); rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolveWait, reject) => {
      const check = (): void => {
        if (predicate()) {
          cleanup();
          resolveWait();
        } else if (this.exited) {
          cleanup();
          reject(new Error(`srt-test-listener exited while waiting for ${what}\n${this.diagnostics.join('\n')}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.diagnostics.join('\n')}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
      };
      this.waiters.push(check);
    });
  }

  /** SIGTERM (the listener sends SHUTDOWN to its caller and exits), SIGKILL after 2 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await this.exitPromise;
    clearTimeout(timer);
  }

  /** SIGKILL: the listener dies without a SHUTDOWN, like a crashed ingest. */
  async kill(): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGKILL');
    await this.exitPromise;
  }

  private onLine(line: string): void {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(line) as Record<string, unknown>;
    } catch {
      this.remember(`stdout: ${line}`);
      return;
    }
    switch (msg.event) {
      case 'listening':
        this.port = Number(msg.port);
        break;
      case 'accepted':
        this.acceptedStreamIds.push(String(msg.streamId));
        this.acceptedCrypto.push({ pbkeylen: Number(msg.pbkeylen ?? 0), rcvKmState: Number(msg.rcvKmState ?? -1) });
        break;
      case 'rejected':
        this.rejectedStreamIds.push(String(msg.streamId));
        break;
      case 'stats':
        this.recordStats(msg);
        break;
      case 'disconnected':
        this.disconnects++;
        this.sessionEndsAtBytes.push(Number(msg.bytesWritten ?? 0));
        if ('msRTT' in msg) this.recordStats(msg);
        else if (this.latestStats) this.latestStats = { ...this.latestStats, bytesWritten: Number(msg.bytesWritten ?? 0) };
        break;
      default:
        this.remember(`stdout: ${line}`);
    }
    this.notify();
  }

  private recordStats(msg: Record<string, unknown>): void {
    const num = (k: string): number => Number(msg[k] ?? 0);
    const stats: ListenerStats = {
      tMs: num('tMs'), receivedAtMs: performance.now(), msRTT: num('msRTT'), mbpsRecvRate: num('mbpsRecvRate'),
      mbpsBandwidth: num('mbpsBandwidth'), byteRecvTotal: num('byteRecvTotal'), pktRecvTotal: num('pktRecvTotal'),
      pktRecvUniqueTotal: num('pktRecvUniqueTotal'), pktRcvLossTotal: num('pktRcvLossTotal'),
      pktRcvRetransTotal: num('pktRcvRetransTotal'), pktRcvDropTotal: num('pktRcvDropTotal'),
      pktSentNAKTotal: num('pktSentNAKTotal'), msRcvTsbPdDelay: num('msRcvTsbPdDelay'),
      pktRcvUndecryptTotal: num('pktRcvUndecryptTotal'), bytesWritten: num('bytesWritten'),
    };
    this.latestStats = stats;
    this.statsHistory.push(stats);
  }

  private remember(line: string): void {
    this.diagnostics.push(line);
    if (this.diagnostics.length > 50) this.diagnostics.shift();
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** Kills every listener still running (for afterAll hooks and crashed tests). */
export async function killAllSrtTestListeners(): Promise<void> {
  await Promise.all([...running].map((l) => l.kill()));
}

// Never leave a listener behind when the test worker exits abruptly.
process.once('exit', () => {
  for (const l of running) l.kill().catch(() => undefined);
});
