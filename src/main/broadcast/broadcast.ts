// One broadcast, the only thing the CLI and the app talk to: it checks the request at the door, starts the encoder,
// the fan-out, the uplinks and (for a rehearsal) the local ingests, owns all of them through one disposable store,
// runs the broadcast's state machine, emits 1 Hz stats (with warnings) and events, and swaps the ingest targets when
// the stream's key or passphrase changes while it runs (the encoder keeps running).

import { EventEmitter } from 'node:events';
import type { BroadcastConfig, BroadcastEvent, BroadcastEventKind, BroadcastState, IngestRole, MonitorFrame, StatsSnapshot } from '../../shared/broadcastTypes';
import { describeFault, resolveFault, type RehearsalFault, type ViewerStory } from '../../shared/rehearsalTypes';
import { isAppError } from '../appError';
import { verifyCaptureSource } from '../capture/verifyCaptureSource';
import type { PolicySnapshot } from '../failover/failoverTypes';
import type { EncodeSettings } from '../ffmpeg/args/encodeSettings';
import { TsFanout } from '../mpegts/tsFanout';
import type { FanoutSinkEvent } from '../mpegts/tsFanoutTypes';
import type { LocalIngests } from '../rehearsal/localIngests';
import { planBroadcast } from './broadcastPlan';
import { canMove, isFinal } from './broadcastState';
import { DisposableStore } from './disposables';
import { BroadcastLog } from './broadcastLog';
import type { BroadcastDeps, BroadcastEnd, EndReason } from './broadcastOptions';
import type { EncoderSupervisor } from './encoderSupervisor';
import { createBroadcastEncoder } from './broadcastEncoder';
import { IngestUplinks } from './ingestUplinks';
import { StatsHistory } from './broadcastStats';
import { SecretsSeen, TargetChanges, type TargetSource } from './broadcastTargets';
import { targetsFromRequest } from './requestTargets';
import type { ResolvedTargets } from './resolveTargets';
import { onAirNow, type OnAir } from './statsSnapshot';
import { failbackWatcher } from './watchPlatformFailback';
import { DEFAULT_SILENCE_MS } from '../srt/tapStats';
import { streamWatcher } from './watchStream';
import { pollStream } from './streamPoll';
import { PlatformWatch } from './platformWatch';
import { audioWarnings } from './audioLevels';
import { MONITOR_SINK, OutputMonitor } from './outputMonitor';
import type { FileSourceCheck } from '../capture/fileSourcePlan';
import { prepareSource, targetKbpsOf } from './fileSource';


export interface BroadcastEvents {
  stats: [StatsSnapshot];
  event: [BroadcastEvent];
  /** What viewers get: keyframe thumbnails and audio levels decoded from the outgoing stream. */
  monitor: [MonitorFrame];
}

/** How often on-air is re-checked between stats lines, so the state changes within a quarter second. */
const ON_AIR_CHECK_MS = 250;

export class Broadcast extends EventEmitter<BroadcastEvents> {
  /** Resolves once everything of the broadcast has ended, with why. */
  readonly ended: Promise<BroadcastEnd>;
  /** Things the user should know that did not stop the broadcast (e.g. a named encoder replaced by libx265). */
  readonly notices: string[] = [];
  private readonly store = new DisposableStore();
  private readonly now: () => number;
  private current: BroadcastState = 'idle';
  private reasonText: string | null = null;
  private startedAt: number | null = null;
  private resolvedTargets: ResolvedTargets | null = null;
  private local: LocalIngests | null = null;
  private encoder: EncoderSupervisor | null = null;
  private uplinks: IngestUplinks | null = null;
  private fanout: TsFanout | null = null;
  private monitor: OutputMonitor | null = null;
  private finishing: Promise<void> | null = null;
  private readonly log: BroadcastLog; // redacts every line and event with the secrets the targets ever held
  private readonly history: StatsHistory;
  private readonly secretsSeen = new SecretsSeen();
  private readonly targetChanges: TargetChanges;
  private onAir: OnAir = { onAir: false, reason: 'not started' };
  /** The rehearsal's viewer story, frozen when the broadcast ended (the local ingests are gone then). */
  private storyAtEnd: ViewerStory | null = null;
  /** Broadcast to a Gcore stream: what the platform says it receives, compared with what we send. */
  private platform: PlatformWatch | null = null;
  private fileCheck: FileSourceCheck | null = null;
  private resolveEnded!: (end: BroadcastEnd) => void;

  constructor(
    readonly config: BroadcastConfig,
    private readonly deps: BroadcastDeps,
  ) {
    super();
    this.now = deps.now ?? Date.now;
    this.log = new BroadcastLog(this.now, () => this.secretsSeen.list());
    this.history = new StatsHistory(config.latencyMs);
    this.targetChanges = new TargetChanges({
      uplinks: () => (this.uplinks && !isFinal(this.current) && this.current !== 'stopping' ? this.uplinks : null),
      targets: () => this.resolvedTargets,
      setTargets: (next) => {
        this.secretsSeen.add(next);
        this.resolvedTargets = next;
      },
      changed: () => void this.updateOnAir(),
      warn: (detail) => this.emitEvent('error', undefined, detail),
    });
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  get state(): BroadcastState {
    return this.current;
  }

  /** Why the broadcast is not on air, failed or stopped (one sentence); null while live. */
  get reason(): string | null {
    return this.reasonText;
  }

  /** When the start was requested, ms since the epoch; null before. */
  get startedAtMs(): number | null {
    return this.startedAt;
  }

  /** The HEVC encoder in use now (libx265 after a runtime fallback; `encoder-fallback` is emitted then). */
  get encoderName(): string | null {
    return this.encoder?.encoderName ?? null;
  }

  /** A file source's check (what it holds, stream copy or encode, the notes); null for other sources or before the start checked it. */
  get sourceFile(): FileSourceCheck | null {
    return this.fileCheck;
  }

  /** The video bitrate aimed at, kbps: the configured one, or a file's own when it is sent as it is (null if unknown). */
  get targetKbps(): number | null {
    return targetKbpsOf(this.config.bitrateKbps, this.fileCheck);
  }

  /** The ingests pushed to, with masked labels; null until the start has resolved them. */
  get targets(): ResolvedTargets | null {
    return this.resolvedTargets;
  }

  /** The local rehearsal's recordings so far (one file per SRT session per ingest); empty for real ingests. */
  recordings(): string[] {
    return this.local ? [...this.local.primary.recordings(), ...this.local.backup.recordings()] : [];
  }

  get isRehearsal(): boolean {
    return this.config.target.kind === 'local';
  }

  /**
   * Checks the request, then starts everything. Rejects with an AppError (naming the bad field) before any process or
   * socket exists when a setting is wrong; a start that fails later disposes what it had created. Call once.
   */
  async start(): Promise<void> {
    if (this.current !== 'idle') throw new Error('Broadcast.start: a broadcast starts once');
    this.startedAt = this.now();
    this.move('starting', 'checking the settings');
    try {
      await this.startEverything();
    } catch (err) {
      const detail = isAppError(err) ? err.message : `the broadcast could not start: ${err instanceof Error ? err.message : String(err)}`;
      await this.finish('failed', 'start-failed', this.log.redacted(detail));
      throw err;
    }
  }

  /** Stops everything (uplinks, encoder, local ingests, timers). Resolves when every child has exited. */
  stop(): Promise<void> {
    if (this.current === 'idle') {
      this.move('starting', 'stopped before it started');
    }
    return this.finish('stopped', 'stopped', null);
  }

  /**
   * Rehearsal only: breaks a local ingest as asked (a glitch, an outage, a refused key, a loss burst) and says so with a
   * `fault` event. False (nothing done) for real ingests, before the local ingests exist and after the end.
   */
  simulateFault(fault: RehearsalFault): boolean {
    if (isFinal(this.current) || this.current === 'stopping' || !this.local) return false;
    const resolved = resolveFault(fault, this.deps.rehearsalOutageMs);
    this.local.inject(resolved);
    this.emitEvent('fault', fault.target === 'both' ? undefined : fault.target, `rehearsal: ${describeFault(fault, this.deps.rehearsalOutageMs)}`);
    return true;
  }

  /** Rehearsal only: what viewers would have seen so far (frozen at the stop once the broadcast ended); null otherwise. */
  viewerStory(): ViewerStory | null {
    if (this.storyAtEnd) return this.storyAtEnd;
    return this.local && !isFinal(this.current) ? this.local.story() : null;
  }

  /** The failover policy's view (which uplink is active, attempts, the failback overlap). */
  policyState(): PolicySnapshot | null {
    return this.uplinks?.policyState() ?? null;
  }

  /** Why each uplink last went down, e.g. to explain a give-up. */
  lastFailures(): Partial<Record<IngestRole, string>> {
    return this.uplinks?.lastFailures() ?? {};
  }

  /**
   * Changes the ingest credentials while the broadcast runs, without stopping the encoder: while `work` (the API call
   * that resets the key or sets the passphrase) runs, no uplink attempts a connection with the old ones; then the uplinks
   * whose URL or passphrase changed restart on the new ones (checked as at the start), fed from the GOP cache. Resolves
   * with the roles reconnected (none when `work` returns null); rejects with `work`'s error or the check's AppError.
   */
  changeTargets(reason: string, work: () => Promise<TargetSource | null>): Promise<IngestRole[]> {
    return this.targetChanges.change(reason, work);
  }

  /** New ingest targets now (checked as at the start): the uplinks whose URL or passphrase changed reconnect at once. */
  replaceTargets(source: TargetSource, reason: string): IngestRole[] {
    return this.targetChanges.replace(source, reason);
  }

  /** The stream cannot be pushed to (disabled, deleted): every uplink stops and the broadcast is not on air with `reason`. */
  streamUnavailable(reason: string): void {
    this.targetChanges.unavailable(reason);
  }

  /** Recent log lines of every process and event, redacted. */
  logs(): string[] {
    return [...this.log.recent(), ...(this.encoder?.recentLog() ?? []).map((l) => `encoder: ${this.log.redacted(l)}`)];
  }

  private async startEverything(): Promise<void> {
    const { deps, config, store } = this;
    const env = deps.env ?? process.env;
    const plan = planBroadcast(config, { probe: deps.probe, platform: deps.platform, x265Preset: deps.x265Preset ?? 'veryfast', sessionDisplay: env.DISPLAY });
    this.notices.push(...plan.notices);
    const source = await prepareSource(plan.encode, deps.checkFile, deps.probe.path);
    this.assertStillStarting();
    const e = source.encode;
    this.fileCheck = source.file;
    this.history.setEncodeLoad({ width: e.width, height: e.height, encoder: e.encoder, preset: e.encoder === 'libx265' ? e.preset : null });
    for (const notice of plan.notices) this.emitEvent('encoder-fallback', undefined, notice);
    for (const note of source.file?.notes ?? []) this.emitEvent('source', undefined, note);
    await (deps.verifyInput ?? ((e: EncodeSettings) => verifyCaptureSource(e, { ffmpegPath: deps.probe.path, ...(deps.env ? { env: deps.env } : {}) })))(e);
    this.resolvedTargets = plan.targets ?? (await targetsFromRequest(config, deps, store, this.now, () => this.assertStillStarting(), (local) => (this.local = local)));
    this.secretsSeen.add(this.resolvedTargets);
    this.assertStillStarting();
    const targets = this.resolvedTargets;
    const tuning = deps.tuning ?? {};
    const stopTimeoutMs = tuning.stopTimeoutMs ?? 1500;
    const fanout = new TsFanout({ nowMs: this.now, onSinkEvent: (e) => this.onSinkEvent(e) });
    this.fanout = fanout;
    const encoder = createBroadcastEncoder(deps, { encode: e, fanout, store, now: this.now, stopTimeoutMs }, {
      onEvent: (kind, detail) => this.emitEvent(kind, undefined, detail),
      onFailed: (detail) => {
        this.emitEvent('error', undefined, `the encoder stopped: ${detail}`);
        void this.finish('failed', 'encoder-failed', `the encoder stopped: ${detail}`);
      },
      onInputEnded: (detail) => {
        this.emitEvent('source', undefined, detail);
        // The senders still hold the file's last packets: give them a moment to deliver them before everything stops.
        store.setTimeout(() => void this.finish('stopped', 'input-ended', detail), tuning.inputEndDrainMs ?? 1000);
      },
      onLog: (line) => this.log.add(`encoder: ${line}`),
    });
    const uplinks = new IngestUplinks({
      ffmpegPath: deps.probe.path,
      primary: targets.primary,
      backup: targets.backup,
      latencyMs: config.latencyMs,
      failover: { mode: config.mode, ...tuning.failover },
      silenceMs: tuning.silenceMs ?? DEFAULT_SILENCE_MS,
      connectTimeoutMs: tuning.connectTimeoutMs ?? 3000,
      stopTimeoutMs,
      ...(tuning.srtSender ? { srtSender: tuning.srtSender } : {}),
      fanout,
      store,
      now: this.now,
      ...(deps.observe?.senderInput ? { observeSenderInput: deps.observe.senderInput } : {}),
      onEvent: (kind, role, detail) => this.emitEvent(kind, role, detail),
      onActive: () => void this.updateOnAir(),
      onGiveUp: (reason, detail) => void this.finish('failed', reason, detail),
      onLog: (line) => this.log.add(line),
    });
    this.encoder = encoder;
    this.uplinks = uplinks;
    encoder.start();
    if (deps.monitorOutput !== false) {
      this.monitor = new OutputMonitor({ ffmpegPath: deps.probe.path, hasAudio: config.audio.kind !== 'none' || (e.file !== undefined && e.file.audio !== 'none'), fanout, store, now: this.now, onFrame: (f) => this.emit('monitor', f), onLog: (l) => this.log.add(l) });
      this.monitor.start();
    }
    store.setInterval(() => this.emitStats(), tuning.statsIntervalMs ?? 1000);
    store.setInterval(() => void this.updateOnAir(), ON_AIR_CHECK_MS);
    if (config.target.kind === 'stream' && deps.getStream) {
      // One poll serves the failback, the disabled/deleted watch and the platform's view.
      this.platform = new PlatformWatch(this.now, config);
      const watchers = [failbackWatcher(uplinks), streamWatcher(this.targetChanges.watchTarget()), this.platform];
      store.add(pollStream(watchers, config.target.gcoreStreamId, deps.getStream, tuning.streamPollMs ?? deps.platformPollMs ?? 5000));
    }
    uplinks.start();
    this.move('notOnAir', 'connecting to the ingest');
    this.updateOnAir();
  }

  /** A stop during the start ends the start: nothing more may be created. */
  private assertStillStarting(): void {
    if (this.store.isDisposed) throw new Error('the broadcast was stopped while it was starting');
  }

  /** Whether viewers get our stream now: the active ingest acknowledges our data. The state follows it. */
  private updateOnAir(): OnAir {
    const { uplinks, encoder } = this;
    if (!uplinks || !encoder) return this.onAir;
    let verdict = onAirNow(uplinks.policyState(), uplinks.taps());
    if (!verdict.onAir && encoder.stalledForMs() !== null) verdict = { onAir: false, reason: 'the encoder produces nothing; it is being restarted' };
    this.onAir = verdict;
    if (this.current === 'live' || this.current === 'notOnAir') {
      const active = uplinks.policyState().active;
      this.move(verdict.onAir ? 'live' : 'notOnAir', verdict.onAir ? `on air through the ${active ?? 'active'} ingest` : verdict.reason);
    }
    return verdict;
  }

  private onSinkEvent(e: FanoutSinkEvent): void {
    this.log.add(`fan-out ${e.role} ${e.kind}: ${e.detail}`);
    if (e.role === MONITOR_SINK) return; // the monitor falling behind costs a thumbnail, never the viewers anything
    // A sender waiting for its SRT handshake reads nothing: the policy tells that story, not "too slow for the stream".
    const connecting = this.uplinks?.policyState().uplinks[e.role as IngestRole]?.state === 'connecting';
    if ((e.kind === 'dropped' || e.kind === 'failed') && !connecting) {
      this.emitEvent('error', e.role as IngestRole, `the ${e.role} sender could not keep up: ${e.detail}`);
    }
  }

  private move(to: BroadcastState, why: string | null): void {
    // Still not on air, for another reason now (a stall, then the stream disabled): the status says the current one.
    if (to === this.current && to === 'notOnAir' && why !== null) this.reasonText = why;
    if (to === this.current || !canMove(this.current, to)) return;
    this.current = to;
    this.reasonText = to === 'live' ? null : why;
    this.emitEvent('state', undefined, why ?? to, to);
  }

  private finish(final: BroadcastEnd['state'], reason: EndReason, detail: string | null): Promise<void> {
    this.finishing ??= (async () => {
      this.move('stopping', detail ?? 'stopped by the user');
      this.storyAtEnd = this.local?.story() ?? null;
      await this.store.dispose();
      this.move(final, detail ?? 'stopped by the user');
      this.resolveEnded({ state: final, reason, detail });
    })();
    return this.finishing;
  }

  private emitEvent(kind: BroadcastEventKind, role: IngestRole | undefined, detail: string, state?: BroadcastState): void {
    const clean = this.log.redacted(detail);
    this.log.add(`event ${kind}${role ? ` ${role}` : ''}: ${clean}`);
    this.emit('event', { type: 'event', t: Math.round(this.now()) / 1000, kind, ...(role ? { role } : {}), ...(state ? { state } : {}), detail: clean });
  }

  private emitStats(): void {
    const { uplinks, encoder, fanout } = this;
    if (!uplinks || !encoder || !fanout) return;
    const onAir = this.updateOnAir();
    const input = { nowMs: this.now(), state: this.current, onAir, encoder: encoder.stats(), encoderStalledForMs: encoder.stalledForMs() };
    const line = this.history.line({ ...input, policy: uplinks.policyState(), taps: uplinks.taps(), sinks: fanout.stats().sinks });
    const audio = this.monitor?.levels(input.nowMs);
    if (audio) Object.assign(line, { audio, warnings: [...line.warnings, ...audioWarnings(audio)] });
    if (this.local) {
      // The rehearsal's platform model: its decisions read as events, its verdict rides on every stats line.
      for (const detail of this.local.takeViewerEvents()) this.emitEvent('viewers', undefined, detail);
      line.viewers = this.local.viewers();
    }
    if (this.platform) {
      const view = this.platform.latest();
      if (view) line.platform = view;
      line.warnings.push(...this.platform.warnings(onAir.onAir && uplinks.policyState().active === 'primary'));
    }
    this.emit('stats', line);
  }
}
