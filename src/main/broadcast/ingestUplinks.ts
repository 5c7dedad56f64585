// The uplinks to the ingests, driven by the pure failover policy: carries out its commands (start, stop, timers),
// feeds it what the taps and senders report, attaches each live uplink to the fan-out, and swaps the ingest targets
// when the stream's key or passphrase changes during the broadcast.

import { INGEST_ROLES, type BroadcastEventKind, type IngestRole, type UplinkDownReason } from '../../shared/broadcastTypes';
import { createFailoverPolicy, type FailoverConfigInput, type FailoverPolicy, type PolicyCommand, type PolicyEvent, type PolicySnapshot } from '../failover/failoverPolicy';
import type { TsFanout } from '../mpegts/tsFanout';
import type { TapSnapshot } from '../srt/tapTypes';
import type { DisposableStore } from './disposables';
import { startUplink, type SrtSenderKind, type Uplink, type UplinkTarget } from './uplink';

export interface IngestUplinksOptions {
  ffmpegPath: string;
  primary: UplinkTarget;
  backup: UplinkTarget | null;
  latencyMs: number;
  failover: Omit<FailoverConfigInput, 'hasBackup'>;
  silenceMs: number;
  connectTimeoutMs: number;
  stopTimeoutMs: number;
  /** Who speaks SRT to the ingests; default the engine itself. */
  srtSender?: SrtSenderKind;
  fanout: TsFanout;
  /** Owns the policy's wake-up timer and every uplink. */
  store: DisposableStore;
  now: () => number;
  /** Measurement hook: every chunk handed to a sender. */
  observeSenderInput?: (role: IngestRole, chunk: Buffer) => void;
  onEvent(kind: BroadcastEventKind, role: IngestRole | undefined, detail: string): void;
  /** The uplink carrying the stream changed (null: none). */
  onActive(role: IngestRole | null): void;
  /** No ingest was reachable for the whole retry budget, or every ingest refused the stream (the policy has emitted the `error` event saying so). */
  onGiveUp(reason: 'unreachable' | 'refused', detail: string): void;
  onLog(line: string): void;
}

interface Entry {
  ready: Promise<Uplink | null>;
  current: Uplink | null;
}

export class IngestUplinks {
  private readonly policy: FailoverPolicy;
  private readonly uplinks = new Map<IngestRole, Entry>();
  private readonly lastDown: Partial<Record<IngestRole, string>> = {};
  /** Where each role pushes now; replaced by replaceTargets. */
  private readonly targets: Record<IngestRole, UplinkTarget | null>;
  /** Senders still stopping, by role: the next sender of that role starts only once its predecessor has exited. */
  private readonly closing = new Map<IngestRole, Promise<void>>();
  private cancelWake: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly options: IngestUplinksOptions) {
    this.policy = createFailoverPolicy({ ...options.failover, hasBackup: options.backup !== null }, options.now());
    this.targets = { primary: options.primary, backup: options.backup };
    options.store.add(() => this.stop());
  }

  start(): void {
    this.dispatch({ type: 'start' });
  }

  /** The Gcore API reports the platform back on the primary: end the failback overlap early. */
  platformSwitchedBack(): void {
    this.dispatch({ type: 'platformSwitchedBack' });
  }

  /** A key or passphrase change is under way: no attempt starts with the old credentials until replaceTargets. */
  targetsChanging(): void {
    this.dispatch({ type: 'targetsChanging' });
  }

  /**
   * New targets (already checked): the roles whose host, port, stream id or passphrase differ restart on them at once;
   * an unchanged set only ends targetsChanging. `resume`: after holdAll, every uplink starts again. Returns the roles changed.
   */
  replaceTargets(next: { primary: UplinkTarget; backup: UplinkTarget | null }, reason: string, resume = false): IngestRole[] {
    const roles = INGEST_ROLES.filter((role) => !sameTarget(this.targets[role], next[role]));
    this.targets.primary = next.primary;
    this.targets.backup = next.backup;
    this.dispatch({ type: 'targetsChanged', roles, reason, resume });
    return roles;
  }

  /** The stream cannot be pushed to (disabled, deleted): every uplink stops, nothing is retried until replaceTargets. */
  holdAll(reason: string): void {
    this.dispatch({ type: 'targetsUnavailable', reason });
  }

  policyState(): PolicySnapshot {
    return this.policy.state();
  }

  /** Why each uplink last went down (the policy's sentence), e.g. to explain a give-up. */
  lastFailures(): Partial<Record<IngestRole, string>> {
    return { ...this.lastDown };
  }

  taps(): Partial<Record<IngestRole, TapSnapshot>> {
    const out: Partial<Record<IngestRole, TapSnapshot>> = {};
    for (const [role, entry] of this.uplinks) if (entry.current) out[role] = entry.current.snapshot();
    return out;
  }

  /** Stops the policy and every uplink; resolves when every sender has exited. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    for (const command of this.policy.handle({ type: 'stop' }, this.options.now())) {
      if (command.type === 'event') this.options.onEvent(command.kind === 'retry' ? 'stopped' : command.kind, command.role, command.detail);
    }
    this.stopped = true;
    this.cancelWake?.();
    await Promise.all([...this.uplinks.keys()].map((role) => this.closeUplink(role, { endOfShow: true })));
  }

  private dispatch(event: PolicyEvent): void {
    if (this.stopped) return;
    for (const command of this.policy.handle(event, this.options.now())) this.execute(command);
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
        this.options.onActive(command.role);
        return;
      case 'wakeAt':
        this.cancelWake?.();
        this.cancelWake = this.options.store.setTimeout(() => this.dispatch({ type: 'tick' }), Math.max(0, command.atMs - this.options.now()));
        return;
      case 'event':
        if (command.role && (command.kind === 'down' || command.kind === 'failover')) this.lastDown[command.role] = command.detail;
        this.options.onEvent(command.kind, command.role, command.detail);
        return;
      case 'giveUp':
        this.options.onGiveUp(command.reason, command.detail);
        return;
    }
  }

  private openUplink(role: IngestRole, attempt: number, fromGop: boolean): void {
    const target = this.targets[role];
    if (!target) return;
    const { fanout } = this.options;
    const entry: Entry = { ready: Promise.resolve(null), current: null };
    const before = this.closing.get(role) ?? Promise.resolve();
    const start = (): Promise<Uplink> => startUplink({
      ffmpegPath: this.options.ffmpegPath,
      target,
      latencyMs: this.options.latencyMs,
      silenceMs: this.options.silenceMs,
      connectTimeoutMs: this.options.connectTimeoutMs,
      stopTimeoutMs: this.options.stopTimeoutMs,
      ...(this.options.srtSender ? { sender: this.options.srtSender } : {}),
      callbacks: {
        attempted: () => this.dispatch({ type: 'uplinkAttempted', role, attempt }),
        live: () => this.dispatch({ type: 'uplinkLive', role, attempt }),
        suspect: (detail) => this.dispatch({ type: 'uplinkSuspect', role, detail, attempt }),
        recovered: () => this.dispatch({ type: 'uplinkRecovered', role, attempt }),
        down: (reason, detail, permanent) => this.onDown(role, reason, detail, attempt, permanent),
        warning: (detail) => this.options.onEvent('error', role, detail),
        log: (line) => this.options.onLog(`sender-${role}: ${line}`),
      },
    });
    // Never two connections to one URL, not even the old and the new sender of a role during a restart.
    entry.ready = before.then(() => (this.uplinks.get(role) === entry && !this.stopped ? start() : null)).then(
      (uplink) => {
        if (!uplink) return null;
        entry.current = uplink;
        // Closed while it was opening: closeUplink() awaits `ready` and stops it; feed it nothing.
        if (this.uplinks.get(role) !== entry) return uplink;
        const observe = this.options.observeSenderInput;
        const write = observe
          ? (chunk: Buffer) => {
              observe(role, chunk);
              return uplink.write(chunk);
            }
          : (chunk: Buffer) => uplink.write(chunk);
        fanout.addSink(role, write, { fromGop });
        // After a `false` from write the fan-out queues for this sink until told the pipe drained.
        uplink.onDrain(() => fanout.sinkDrained(role));
        return uplink;
      },
      (err: unknown) => {
        this.onDown(role, 'process-exit', err instanceof Error ? err.message : String(err), attempt, false);
        return null;
      },
    );
    this.uplinks.set(role, entry);
  }

  private onDown(role: IngestRole, reason: UplinkDownReason, detail: string, attempt: number, permanent: boolean): void {
    this.options.onLog(`${role} down (${reason}${permanent ? ', permanent' : ''}): ${detail}`);
    this.dispatch({ type: 'uplinkDown', role, reason, detail, attempt, permanent });
  }

  /** Detaches the role's sink from the fan-out after the frame it is receiving is complete (bounded wait). */
  private endOnWholeFrame(role: IngestRole): Promise<void> {
    const { fanout } = this.options;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        fanout.removeSink(role);
        resolve();
      }, FRAME_END_WAIT_MS);
      timer.unref();
      fanout.endSinkAtFrame(role, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * Stops a role's uplink. At the end of the show its sink ends on a whole frame and the uplink delivers its tail;
   * a stop the policy orders (a dead ingest, a hedge no longer needed, the backup after the failback) is immediate:
   * the other ingest carries what viewers watch, and the role may be needed again at once.
   */
  private async closeUplink(role: IngestRole, how: { endOfShow: boolean } = { endOfShow: false }): Promise<void> {
    const entry = this.uplinks.get(role);
    if (!entry) return;
    this.uplinks.delete(role);
    if (!how.endOfShow) this.options.fanout.removeSink(role);
    const detached = how.endOfShow ? this.endOnWholeFrame(role) : Promise.resolve();
    const done = detached.then(() => entry.ready).then((uplink) => uplink?.stop({ deliverTail: how.endOfShow }));
    this.closing.set(role, done);
    await done;
    if (this.closing.get(role) === done) this.closing.delete(role);
  }
}

/** How long a stopping uplink waits for the rest of the frame being sent (an encoder that stopped sends none). */
const FRAME_END_WAIT_MS = 250;

function sameTarget(a: UplinkTarget | null, b: UplinkTarget | null): boolean {
  if (a === null || b === null) return a === b;
  return a.host === b.host && a.port === b.port && a.srtStreamId === b.srtStreamId && a.passphrase === b.passphrase;
}
