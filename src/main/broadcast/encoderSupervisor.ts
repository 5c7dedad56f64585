// Keeps the broadcast's one capture+encode ffmpeg alive: a stall watchdog fed by its progress and its output, restarts
// with back-off after a stall or a crash (the senders keep their SRT sessions), the hardware → libx265 fallback, and a
// restart budget after which the broadcast fails with the reason.

import type { EncoderStats } from '../../shared/broadcastTypes';
import { nextRetryDelayMs, type RetryBackoff } from '../failover/backoff';
import { buildEncoderArgs } from '../ffmpeg/args/encoderArgs';
import type { EncodeSettings } from '../ffmpeg/args/encodeSettings';
import { summariseFailure } from '../ffmpeg/parseFfmpegOutput';
import { createProgressParser } from '../ffmpeg/progressParser';
import { startManagedProcess, type ExitInfo, type ManagedProcess } from '../process/managedProcess';
import type { DisposableStore } from './disposables';
import { EncoderRates } from './encoderRates';

/** Restart policy of the encoder; every field in milliseconds except the counts. */
export interface EncoderRestartPolicy {
  /** Neither a progress block nor an output byte for this long: the encoder is stalled and is restarted. */
  stallMs: number;
  /** A new process gets this long for its first output (a camera or screen grab can take seconds to open). */
  startGraceMs: number;
  /** Delay before each restart, growing with the restarts in the window. */
  backoff: RetryBackoff;
  /** More than this many restarts within `windowMs` end the broadcast: the encoder cannot be kept running. */
  maxRestarts: number;
  windowMs: number;
  /** A hardware encoder that exits this soon after its start is replaced by libx265 (once) instead of restarted. */
  hardwareFallbackWindowMs: number;
}

export const DEFAULT_ENCODER_RESTART: Readonly<EncoderRestartPolicy> = Object.freeze({
  stallMs: 2000,
  startGraceMs: 10_000,
  backoff: Object.freeze({ initialMs: 250, factor: 2, maxMs: 4000, jitterRatio: 0 }),
  maxRestarts: 5,
  windowMs: 60_000,
  hardwareFallbackWindowMs: 10_000,
});

export type EncoderEventKind = 'encoder-stalled' | 'encoder-restarted' | 'encoder-fallback';

export interface EncoderSupervisorOptions {
  ffmpegPath: string;
  encode: EncodeSettings;
  stopTimeoutMs: number;
  restart: EncoderRestartPolicy;
  /** Owns the watchdog and restart timers (and the process: disposing the store stops it). */
  store: DisposableStore;
  now: () => number;
  random: () => number;
  /** The encoder's MPEG-TS, chunk by chunk. */
  onOutput(chunk: Buffer): void;
  /** The running encoder's output ended (it exited): whatever reads it must deliver what it still holds. */
  onStreamEnd(): void;
  /** A restarted encoder is about to write: whatever reads the output must start it on a keyframe. */
  onNewStream(): void;
  onEvent(kind: EncoderEventKind, detail: string): void;
  /** The encoder cannot be kept running (no binary, too many restarts): the broadcast must end. */
  onFailed(detail: string): void;
  /** A file source played once reached its end (ffmpeg finished it cleanly): the broadcast ends, nothing is restarted. */
  onInputEnded(detail: string): void;
  /** Every redacted stderr line. */
  onLog(line: string): void;
}

/**
 * Why an encoder process ended, in a few words. A signal says it all (stderr holds only the last warnings then); an
 * exit code comes with the line that names the cause (`[hevc_nvenc @ …] Cannot load libcuda.so.1`).
 */
function exitCause(exit: ExitInfo): string {
  if (exit.signal) return `it was killed (${exit.signal})`;
  const summary = summariseFailure(exit.recentLog.join('\n'));
  return `it ${exit.code === 0 ? 'ended' : 'crashed'} (exit code ${exit.code ?? 'unknown'}${summary ? `: ${summary}` : ''})`;
}

export class EncoderSupervisor {
  private readonly rates = new EncoderRates();
  private process: ManagedProcess | null = null;
  private encode: EncodeSettings;
  private fellBack = false;
  private stopping = false;
  private firstStartAtMs: number | null = null;
  /** Last progress block or output byte of any encoder process of this broadcast. */
  private lastActivityAtMs = 0;
  private processStartAtMs = 0;
  /** The running process has written something (until then the start grace applies). */
  private producing = false;
  /** From a stall or crash until the next process writes: the broadcast has no picture. */
  private outage = false;
  private restartsAtMs: number[] = [];
  private restartCount = 0;
  private stalledReported = false;
  /** A file played once has ended: nothing is restarted, and the silence after it is no stall. */
  private inputDone = false;

  constructor(private readonly options: EncoderSupervisorOptions) {
    this.encode = options.encode;
  }

  /** The HEVC encoder in use now (libx265 after a fallback); `copy` while a file's HEVC is sent as it is. */
  get encoderName(): string {
    return this.encode.file?.copyVideo ? 'copy' : this.encode.encoder;
  }

  /** Starts the encoder and its watchdog. Throws AppError for settings the argument builder refuses (nothing spawned). */
  start(): void {
    const args = buildEncoderArgs(this.encode);
    this.options.store.add(() => this.stop());
    const { stallMs } = this.options.restart;
    this.options.store.setInterval(() => this.watch(), Math.max(50, Math.floor(stallMs / 4)));
    this.spawn(args);
  }

  /**
   * How long the encoder has produced nothing, ms, while that counts as a stall: from a stall or crash until the next
   * process writes, or a running process silent for longer than the stall time (the start grace for a new one).
   */
  stalledForMs(): number | null {
    if (this.stopping || this.inputDone) return null;
    const now = this.options.now();
    if (this.outage) return now - this.lastActivityAtMs;
    const since = this.producing ? this.lastActivityAtMs : this.processStartAtMs;
    const limit = this.producing ? this.options.restart.stallMs : this.options.restart.startGraceMs;
    return now - since > limit ? now - this.lastActivityAtMs : null;
  }

  stats(): EncoderStats {
    return this.rates.stats(this.options.now(), this.options.restart.stallMs, this.restartCount);
  }

  recentLog(): string[] {
    return this.process?.recentLog() ?? [];
  }

  /** Stops the encoder for good (interrupt, then kill). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.process?.stop();
  }

  private spawn(args: string[]): void {
    const now = this.options.now();
    this.firstStartAtMs ??= now;
    if (this.lastActivityAtMs === 0) this.lastActivityAtMs = now;
    this.processStartAtMs = now;
    this.producing = false;
    this.stalledReported = false;
    this.rates.restart();
    const proc = startManagedProcess({
      command: this.options.ffmpegPath,
      args,
      name: 'encoder',
      stdin: 'pipe',
      stdout: 'pipe',
      extraOutputPipes: 1,
      redactSecrets: [],
      stopTimeoutMs: this.options.stopTimeoutMs,
    });
    this.process = proc;
    proc.stdout?.on('data', (chunk: Buffer) => {
      if (this.process !== proc) return; // a late chunk of a process already replaced
      this.active();
      this.options.onOutput(chunk);
    });
    // The pipe closes after its last byte (which can come after the exit event): hand the tail on at once.
    proc.stdout?.once('end', () => {
      if (this.process === proc && !this.stopping) this.options.onStreamEnd();
    });
    const progress = createProgressParser();
    proc.pipe(3)?.on('data', (chunk: Buffer) => {
      if (this.process !== proc) return;
      for (const block of progress.push(chunk)) {
        this.active();
        this.rates.update(block, this.lastActivityAtMs);
      }
    });
    proc.onStderrLine((line) => this.options.onLog(line));
    void proc.exited.then((exit) => this.onExit(proc, exit));
  }

  private active(): void {
    this.lastActivityAtMs = this.options.now();
    this.producing = true;
    this.outage = false;
  }

  /** The watchdog: a process that neither reports progress nor writes output for stallMs is stalled; kill it. */
  private watch(): void {
    const stalled = this.stalledForMs();
    const proc = this.process;
    if (stalled === null || this.outage || !proc || proc.state === 'exited' || this.stalledReported) return;
    this.stalledReported = true;
    this.outage = true;
    this.options.onEvent('encoder-stalled', `the encoder produced nothing for ${(stalled / 1000).toFixed(1)} s (no progress, no output); restarting it`);
    // A stopped (SIGSTOP) or hung process does not react to an interrupt: kill it, the exit handler restarts it.
    void proc.kill();
  }

  private onExit(proc: ManagedProcess, exit: ExitInfo): void {
    if (this.stopping || this.process !== proc) return;
    this.outage = true;
    if (exit.reason === 'spawn-failed') {
      this.options.onFailed(exit.error?.message ?? `the encoder could not be started (${this.options.ffmpegPath})`);
      return;
    }
    if (this.inputEnded(exit)) {
      this.inputDone = true;
      this.options.onInputEnded('the file has ended');
      return;
    }
    const why = this.stalledReported ? 'it stalled' : exitCause(exit);
    if (this.shouldFallBack(exit)) {
      const failed = this.encode.encoder;
      this.fellBack = true;
      this.encode = { ...this.encode, encoder: 'libx265' };
      this.options.onEvent('encoder-fallback', `${failed} stopped ${(exit.runtimeMs / 1000).toFixed(1)} s after it started (${why}); encoding with libx265 instead`);
      this.restartNow();
      return;
    }
    this.scheduleRestart(why);
  }

  /**
   * A file played once that ffmpeg finished by itself (exit 0, not killed after a stall) has ended: that is the end of
   * the broadcast, not a crash to restart. A looped file never ends, so its exit is a failure like any other.
   */
  private inputEnded(exit: ExitInfo): boolean {
    const input = this.encode.input;
    return input.kind === 'file' && !input.loop && exit.code === 0 && exit.signal === null && !this.stalledReported;
  }

  /** A hardware encoder that died early (not our own kill after a stall) gets one libx265 restart; a stream copy has none. */
  private shouldFallBack(exit: ExitInfo): boolean {
    if (this.encode.file?.copyVideo) return false;
    return !this.fellBack && !this.stalledReported && this.encode.encoder !== 'libx265' && exit.runtimeMs <= this.options.restart.hardwareFallbackWindowMs;
  }

  private scheduleRestart(why: string): void {
    const { restart, now } = this.options;
    const at = now();
    this.restartsAtMs = this.restartsAtMs.filter((t) => at - t < restart.windowMs);
    if (this.restartsAtMs.length >= restart.maxRestarts) {
      this.options.onFailed(`the encoder failed ${this.restartsAtMs.length + 1} times within ${Math.round(restart.windowMs / 1000)} s; last time ${why}`);
      return;
    }
    this.restartsAtMs.push(at);
    const delayMs = nextRetryDelayMs(this.restartsAtMs.length, restart.backoff, this.options.random);
    this.options.store.setTimeout(() => {
      if (this.stopping) return;
      this.options.onEvent('encoder-restarted', `${why}; started again after ${delayMs < 1000 ? `${delayMs} ms` : `${(delayMs / 1000).toFixed(1)} s`} (restart ${this.restartsAtMs.length} of at most ${restart.maxRestarts} in ${Math.round(restart.windowMs / 1000)} s); the uplinks stayed connected`);
      this.restartNow();
    }, delayMs);
  }

  /**
   * Starts a new encoder process. A file source starts again from its beginning (where the crash happened is not
   * known precisely enough to seek there); its timestamps still go on from where the stream is.
   */
  private restartNow(): void {
    this.restartCount += 1;
    // Timestamps continue from where the stream is now: the time since the first encoder started.
    const offsetMs = this.options.now() - (this.firstStartAtMs ?? this.options.now());
    this.options.onNewStream();
    this.spawn(buildEncoderArgs(this.encode, { outputTsOffsetMs: offsetMs }));
  }
}
