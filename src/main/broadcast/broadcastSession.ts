// Runs one broadcast: the encoder, the fan-out, one uplink per active ingest, the failover policy and 1 Hz stats.

import { EventEmitter } from 'node:events';
import type { BroadcastEvent, BroadcastEventKind, IngestRole, StatsSnapshot } from '../../shared/broadcastTypes';
import { summariseFailure } from '../ffmpeg/parseFfmpegOutput';
import { createProgressParser } from '../ffmpeg/progressParser';
import { startManagedProcess, type ExitInfo, type ManagedProcess } from '../process/managedProcess';
import { redact } from '../redact';
import type { TapSnapshot } from '../srt/tapTypes';
import { buildEncoderArgs } from '../ffmpeg/args/encoderArgs';
import type { EncodeSettings } from '../ffmpeg/args/encodeSettings';
import { createFailoverPolicy, type FailoverConfigInput, type FailoverPolicy, type PolicyCommand, type PolicyEvent } from '../failover/failoverPolicy';
import { buildStatsSnapshot, EncoderRates } from './statsSnapshot';
import { TsFanout } from '../mpegts/tsFanout';
import { startUplink, type Uplink, type UplinkTarget } from './uplink';

export interface BroadcastSessionOptions {
  ffmpegPath: string;
  encode: EncodeSettings;
  primary: UplinkTarget;
  backup: UplinkTarget | null;
  latencyMs: number;
  failover: Omit<FailoverConfigInput, 'hasBackup'>;
  /** No packet back from an ingest for this long while sending → down. Default 800 ms. */
  silenceMs?: number;
  /** SRT handshake timeout of each sender, ms. Default 3000. */
  connectTimeoutMs?: number;
  /** How long a process gets after an interrupt before it is killed. Default 1500 ms. */
  stopTimeoutMs?: number;
  statsIntervalMs?: number;
  /**
   * A hardware encoder that exits within this long of its start is replaced by libx265 (once), and the broadcast goes
   * on: a driver that opened in the probe can still fail on the real input (session limits, a busy GPU). Default 10 s.
   */
  hardwareFallbackWindowMs?: number;
  /** Wall clock, ms since the epoch (stats timestamps and policy timing). */
  now?: () => number;
}

/** Why a broadcast ended. */
export type EndReason = 'stopped' | 'unreachable' | 'encoder-failed';

export interface BroadcastSessionEvents {
  stats: [StatsSnapshot];
  event: [BroadcastEvent];
  ended: [EndReason];
}

export class BroadcastSession extends EventEmitter<BroadcastSessionEvents> {
  private readonly policy: FailoverPolicy;
  private readonly fanout = new TsFanout();
  private readonly rates = new EncoderRates();
  private readonly uplinks = new Map<IngestRole, { ready: Promise<Uplink | null>; current: Uplink | null }>();
  private readonly now: () => number;
  private encoder: ManagedProcess | null = null;
  /** The settings the running encoder was started with (the encoder name changes after a fallback). */
  private encode: EncodeSettings;
  private fellBack = false;
  private wakeTimer: NodeJS.Timeout | null = null;
  private statsTimer: NodeJS.Timeout | null = null;
  private ending: Promise<void> | null = null;
  private readonly log: string[] = [];
  private readonly lastDown: Partial<Record<IngestRole, string>> = {};
  /** Resolves with the reason once everything has stopped. */
  readonly ended: Promise<EndReason>;
  private resolveEnded!: (reason: EndReason) => void;

  constructor(private readonly options: BroadcastSessionOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.encode = options.encode;
    this.policy = createFailoverPolicy({ ...options.failover, hasBackup: options.backup !== null }, this.now());
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  /** Starts the encoder and the policy. Throws AppError on bad settings before anything is spawned. */
  start(): void {
    this.startEncoder(buildEncoderArgs(this.encode));
    this.statsTimer = setInterval(() => this.emitStats(), this.options.statsIntervalMs ?? 1000);
    this.dispatch({ type: 'start' });
  }

  /** The HEVC encoder in use now. */
  get encoderName(): string {
    return this.encode.encoder;
  }

  private startEncoder(args: string[]): void {
    const encoder = startManagedProcess({
      command: this.options.ffmpegPath,
      args,
      name: 'encoder',
      stdin: 'pipe',
      stdout: 'pipe',
      extraOutputPipes: 1,
      redactSecrets: [],
      stopTimeoutMs: this.options.stopTimeoutMs ?? 1500,
    });
    this.encoder = encoder;
    encoder.stdout?.on('data', (chunk: Buffer) => this.fanout.push(chunk));
    const progress = createProgressParser();
    encoder.pipe(3)?.on('data', (chunk: Buffer) => {
      for (const block of progress.push(chunk)) this.rates.update(block, this.now());
    });
    encoder.onStderrLine((line) => this.remember(`encoder: ${line}`));
    void encoder.exited.then((exit) => {
      if (this.ending || this.encoder !== encoder) return;
      const last = exit.recentLog.at(-1);
      const code = exit.code !== null ? `, code ${exit.code}` : '';
      if (this.shouldFallBack(exit)) {
        // The line that names the cause (`[hevc_nvenc @ …] Cannot load libcuda.so.1`), not ffmpeg's last wrapper line.
        this.fallBackToSoftware(`${exit.reason}${code}: ${summariseFailure(exit.recentLog.join('\n'))}`, exit.runtimeMs);
        return;
      }
      this.emitEvent('error', undefined, `the encoder stopped (${exit.reason}${code}${last ? `: ${last}` : ''})`);
      void this.finish('encoder-failed');
    });
  }

  /** A hardware encoder that died early (not a missing ffmpeg, not our own stop) gets one libx265 restart. */
  private shouldFallBack(exit: ExitInfo): boolean {
    return (
      !this.fellBack &&
      this.encode.encoder !== 'libx265' &&
      exit.reason !== 'spawn-failed' &&
      exit.runtimeMs <= (this.options.hardwareFallbackWindowMs ?? 10_000)
    );
  }

  private fallBackToSoftware(why: string, runtimeMs: number): void {
    const failed = this.encode.encoder;
    this.fellBack = true;
    this.encode = { ...this.encode, encoder: 'libx265' };
    this.emitEvent('encoder-fallback', undefined, `${failed} stopped ${(runtimeMs / 1000).toFixed(1)} s after it started (${why}); encoding with libx265 instead`);
    // The uplinks keep running: the new encoder's MPEG-TS joins the same fan-out (senders ride over the restart).
    this.startEncoder(buildEncoderArgs(this.encode));
  }

  /** Stops everything (uplinks first, then the encoder). Resolves when every child has exited. */
  stop(): Promise<void> {
    return this.finish('stopped');
  }

  /** Tells the policy the uplink is down now (rehearsal on real ingests; local rehearsal cuts the network instead). */
  simulateOutage(role: IngestRole): void {
    this.dispatch({ type: 'simulateOutage', role });
  }

  /** The Gcore API reports the platform back on the primary: end the failback overlap early. */
  platformSwitchedBack(): void {
    this.dispatch({ type: 'platformSwitchedBack' });
  }

  /** Why each uplink last went down (the policy's sentence), e.g. to explain a give-up. */
  lastFailures(): Partial<Record<IngestRole, string>> {
    return { ...this.lastDown };
  }

  policyState() {
    return this.policy.state();
  }

  /** Recent log lines of every process and event, redacted. */
  logs(): string[] {
    const lines = [...this.log];
    if (this.encoder) lines.push(...this.encoder.recentLog().map((l) => `encoder: ${l}`));
    return lines.map((l) => redact(l, this.secrets()));
  }

  private secrets(): string[] {
    const out: string[] = [];
    for (const t of [this.options.primary, this.options.backup]) {
      if (!t) continue;
      const key = t.streamId?.split('#')[1];
      if (key) out.push(key);
      if (t.passphrase) out.push(t.passphrase);
    }
    return out;
  }

  private remember(line: string): void {
    this.log.push(`${new Date(this.now()).toISOString()} ${redact(line, this.secrets())}`);
    if (this.log.length > 500) this.log.shift();
  }

  private dispatch(event: PolicyEvent): void {
    if (this.ending && event.type !== 'stop') return;
    for (const command of this.policy.handle(event, this.now())) this.execute(command);
  }

  private execute(command: PolicyCommand): void {
    switch (command.type) {
      case 'startUplink':
        this.openUplink(command.role, command.attempt, command.fromGop);
        return;
      case 'stopUplink':
        void this.closeUplink(command.role);
        return;
      case 'setActive':
        return; // the policy snapshot carries the active role into the stats
      case 'wakeAt': {
        if (this.wakeTimer) clearTimeout(this.wakeTimer);
        this.wakeTimer = setTimeout(() => this.dispatch({ type: 'tick' }), Math.max(0, command.atMs - this.now()));
        return;
      }
      case 'event':
        if (command.role && (command.kind === 'down' || command.kind === 'failover')) this.lastDown[command.role] = command.detail;
        if (command.kind === 'retry') this.remember(`${command.role ?? ''} ${command.detail}`);
        else this.emitEvent(command.kind, command.role, command.detail);
        return;
      case 'giveUp':
        // The policy has already emitted the `error` event that explains the give-up.
        void this.finish('unreachable');
        return;
    }
  }

  private openUplink(role: IngestRole, attempt: number, fromGop: boolean): void {
    const target = role === 'primary' ? this.options.primary : this.options.backup;
    if (!target) return;
    const callbacks = {
      live: () => this.dispatch({ type: 'uplinkLive', role, attempt }),
      down: (reason: Parameters<typeof this.onDown>[1], detail: string) => this.onDown(role, reason, detail, attempt),
      warning: (detail: string) => this.emitEvent('error', role, detail),
    };
    const entry: { ready: Promise<Uplink | null>; current: Uplink | null } = { ready: Promise.resolve(null), current: null };
    entry.ready = startUplink({
      ffmpegPath: this.options.ffmpegPath,
      target,
      latencyMs: this.options.latencyMs,
      silenceMs: this.options.silenceMs ?? 800,
      connectTimeoutMs: this.options.connectTimeoutMs ?? 3000,
      stopTimeoutMs: this.options.stopTimeoutMs ?? 1500,
      callbacks,
    }).then(
      (u) => {
        entry.current = u;
        u.sender.onStderrLine((line) => this.remember(`sender-${role}: ${line}`));
        // Closed while it was opening: closeUplink() awaits `ready` and stops it; feed it nothing.
        if (this.uplinks.get(role) !== entry) return u;
        this.fanout.addSink(role, (chunk: Buffer) => u.write(chunk), { fromGop });
        // After a `false` from write the fan-out queues for this sink until told the pipe drained.
        u.sender.stdin?.on('drain', () => this.fanout.sinkDrained(role));
        return u;
      },
      (err: unknown) => {
        this.onDown(role, 'process-exit', err instanceof Error ? err.message : String(err), attempt);
        return null;
      },
    );
    this.uplinks.set(role, entry);
  }

  private onDown(role: IngestRole, reason: 'silent' | 'closed' | 'rejected' | 'process-exit' | 'connect-timeout', detail: string, attempt: number): void {
    this.remember(`${role} down (${reason}): ${detail}`);
    this.dispatch({ type: 'uplinkDown', role, reason, detail, attempt });
  }

  private async closeUplink(role: IngestRole): Promise<void> {
    const entry = this.uplinks.get(role);
    if (!entry) return;
    this.uplinks.delete(role);
    this.fanout.removeSink(role);
    const uplink = await entry.ready;
    await uplink?.stop();
  }

  private emitEvent(kind: BroadcastEventKind, role: IngestRole | undefined, detail: string): void {
    const clean = redact(detail, this.secrets());
    this.remember(`event ${kind}${role ? ` ${role}` : ''}: ${clean}`);
    this.emit('event', { type: 'event', t: Math.round(this.now()) / 1000, kind, ...(role ? { role } : {}), detail: clean });
  }

  private emitStats(): void {
    const taps: Partial<Record<IngestRole, TapSnapshot>> = {};
    for (const [role, entry] of this.uplinks) if (entry.current) taps[role] = entry.current.snapshot();
    this.emit('stats', buildStatsSnapshot({ nowMs: this.now(), encoder: this.rates.stats(), policy: this.policy.state(), taps }));
  }

  private finish(reason: EndReason): Promise<void> {
    this.ending ??= (async () => {
      if (this.wakeTimer) clearTimeout(this.wakeTimer);
      if (this.statsTimer) clearInterval(this.statsTimer);
      for (const command of this.policy.handle({ type: 'stop' }, this.now())) {
        if (command.type === 'event') this.emitEvent(command.kind === 'retry' ? 'stopped' : command.kind, command.role, command.detail);
      }
      // Everything stops at once: each process gets its interrupt now and a kill after stopTimeoutMs.
      await Promise.all([...[...this.uplinks.keys()].map((role) => this.closeUplink(role)), this.encoder?.stop()]);
      this.emit('ended', reason);
      this.resolveEnded(reason);
    })();
    return this.ending;
  }
}
