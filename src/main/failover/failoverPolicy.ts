// Failover policy state machine: which ingest uplinks run, when they retry, fail over and fail back. Events in, commands out.

import { type IngestRole } from '../../shared/broadcastTypes';
import { describeDown, freshUplink, isOpen, markDown, openAttempt, parkUplink, seconds, type DownCause } from './failoverUplink';
import { resolveFailoverConfig, type FailoverConfig, type FailoverConfigInput, type FailoverPolicy, type PolicyCommand, type PolicyEvent, type PolicyEventKind, type PolicySnapshot, type UplinkSnapshot } from './failoverTypes';

export * from './failoverTypes';
export { nextRetryDelayMs } from './backoff';

type Phase = PolicySnapshot['phase'];

/**
 * Creates the policy for one broadcast (design.md "Failover policy"; gcore-api.md §3). Nothing happens until
 * `handle({type:'start'}, nowMs)`. Every `handle` call returns the commands to carry out, in order; the last one is a
 * `wakeAt` whenever a timer is pending and its time changed (or a tick consumed the previous one).
 */
export function createFailoverPolicy(config: FailoverConfigInput, nowMs: number): FailoverPolicy {
  const machine = new FailoverMachine(resolveFailoverConfig(config), nowMs);
  return {
    handle: (event, now) => machine.handle(event, now),
    state: () => machine.snapshot(),
  };
}

class FailoverMachine {
  private phase: Phase = 'idle';
  private active: IngestRole | null = null;
  /** When the primary came back while the backup carried the stream (failover mode), else null. */
  private overlapSinceMs: number | null = null;
  /** Start of the current stretch with no uplink live (the give-up budget runs from here); null while one is live. */
  private noneLiveSinceMs: number | null = null;
  private lastWakeAtMs: number | null = null;
  private nowMs: number;
  private out: PolicyCommand[] = [];
  private readonly roles: readonly IngestRole[];
  private readonly up: Record<IngestRole, UplinkSnapshot> = { primary: freshUplink(), backup: freshUplink() };

  constructor(
    private readonly cfg: FailoverConfig,
    nowMs: number,
  ) {
    this.nowMs = nowMs;
    this.roles = cfg.hasBackup ? ['primary', 'backup'] : ['primary'];
  }

  /** True when the backup is started only while the primary is out. */
  private get failoverWithBackup(): boolean {
    return this.cfg.mode === 'failover' && this.cfg.hasBackup;
  }

  handle(event: PolicyEvent, nowMs: number): PolicyCommand[] {
    this.nowMs = Math.max(this.nowMs, nowMs); // a clock that steps back must not re-arm past deadlines
    this.out = [];
    if (this.phase === 'stopped' || this.phase === 'gaveUp') return [];
    if (event.type === 'stop') {
      this.onStop();
      return this.out;
    }
    if (this.phase === 'idle') {
      if (event.type !== 'start') return [];
      this.onStart();
    } else if (event.type === 'uplinkLive') {
      if (this.isCurrent(event.role, event.attempt)) this.onLive(event.role);
    } else if (event.type === 'uplinkDown') {
      if (this.isCurrent(event.role, event.attempt)) this.onDown(event.role, event.reason, event.detail);
    } else if (event.type === 'simulateOutage') {
      if (this.roles.includes(event.role)) this.onDown(event.role, 'simulated', undefined);
    } else if (event.type === 'platformSwitchedBack') {
      if (this.overlapSinceMs !== null) this.failback('the platform reports the primary live again');
    }
    this.runTimers();
    if (this.phase === 'running') this.requestWake(event.type === 'tick');
    return this.out;
  }

  snapshot(): PolicySnapshot {
    const stableMs = this.cfg.failbackStableMs + this.cfg.failbackMarginMs;
    return {
      mode: this.cfg.mode,
      hasBackup: this.cfg.hasBackup,
      phase: this.phase,
      active: this.active,
      overlap: this.overlapSinceMs === null ? null : { sinceMs: this.overlapSinceMs, failbackAtMs: this.overlapSinceMs + stableMs },
      uplinks: { primary: { ...this.up.primary }, backup: { ...this.up.backup } },
      giveUpAtMs: this.noneLiveSinceMs === null || this.phase !== 'running' ? null : this.noneLiveSinceMs + this.cfg.retryBudgetMs,
      nextWakeAtMs: this.lastWakeAtMs,
    };
  }

  // ---- transitions -------------------------------------------------------------------------------------------------

  private onStart(): void {
    this.phase = 'running';
    this.noneLiveSinceMs = this.nowMs;
    const both = this.cfg.mode === 'redundant' && this.cfg.hasBackup;
    this.startAttempt('primary', 'broadcast starting');
    if (both) this.startAttempt('backup', 'broadcast starting (redundant: both ingests)');
    else if (this.cfg.hasBackup) this.up.backup.state = 'standby';
  }

  private onLive(role: IngestRole): void {
    const u = this.up[role];
    if (u.state !== 'connecting') return; // stale or duplicate report
    u.state = 'live';
    u.liveSinceMs = this.nowMs;
    u.connectDeadlineMs = null;
    u.nextRetryAtMs = null;
    this.noneLiveSinceMs = null;
    if (!this.failoverWithBackup) {
      const before = this.active;
      const after = this.pickActiveRedundant();
      this.setActive(after, `${role} connected`);
      const back = before === 'backup' && after === 'primary';
      this.emit(back ? 'failback' : 'connected', role, back ? 'primary connected again; it carries the stream' : `${role} connected`);
      return;
    }
    const other: IngestRole = role === 'primary' ? 'backup' : 'primary';
    if (role === 'primary' && this.up.backup.state === 'live') {
      // The platform keeps viewers on the backup until the primary has been stable for 60 s: keep both (overlap).
      this.overlapSinceMs = this.nowMs;
      const waitMs = this.cfg.failbackStableMs + this.cfg.failbackMarginMs;
      this.emit('connected', role, `primary connected again; keeping the backup live until the platform switches back (${seconds(waitMs)})`);
      return;
    }
    if (role === 'backup' && this.up.primary.state === 'live') {
      this.standby('backup', 'the primary is live');
      return;
    }
    if (role === 'primary' && this.up.backup.state !== 'standby') this.standby('backup', 'the primary is live again');
    this.setActive(role, `${role} connected`);
    this.emit('connected', role, role === 'primary' ? 'primary connected' : `backup connected; it carries the stream while the ${other} is out`);
  }

  private onDown(role: IngestRole, cause: DownCause, detail: string | undefined): void {
    const u = this.up[role];
    if (!isOpen(u)) return; // already down, standby or stopped
    const what = describeDown(role, cause, detail, this.cfg.connectTimeoutMs);
    this.out.push({ type: 'stopUplink', role, reason: what });
    markDown(u, cause, this.nowMs, this.cfg);
    if (!this.anyLive()) this.noneLiveSinceMs ??= this.nowMs;
    const retry = `${role} retry in ${seconds((u.nextRetryAtMs ?? this.nowMs) - this.nowMs)}`;

    if (!this.failoverWithBackup) {
      const before = this.active;
      const after = this.pickActiveRedundant();
      this.setActive(after, what);
      if (before === role && after !== null) this.emit('failover', role, `${what}; the ${after} carries the stream; ${retry}`);
      else this.emit('down', role, `${what}; ${retry}`);
      return;
    }
    if (role === 'primary') {
      this.overlapSinceMs = null; // a primary that breaks during the overlap starts its 60 s over: no ping-pong
      const b = this.up.backup;
      if (b.state === 'live') {
        this.emit('down', role, `${what}; the backup keeps carrying the stream; ${retry}`);
      } else if (b.state === 'connecting') {
        this.setActive(null, what);
        this.emit('down', role, `${what}; the backup is still connecting; ${retry}`);
      } else if (b.state === 'standby') {
        const started = this.startAttempt('backup', `${what}; failing over to the backup`);
        this.setActive(null, what);
        const wait = started ? '' : ` (the backup may be tried again in ${seconds((b.nextRetryAtMs ?? this.nowMs) - this.nowMs)})`;
        this.emit('failover', role, `${what}; switching to the backup${wait}; ${retry}`);
      } else {
        this.setActive(null, what);
        this.emit('down', role, `${what}; the backup is down too; ${retry}`);
      }
      return;
    }
    // The backup broke.
    if (this.up.primary.state === 'live') {
      this.overlapSinceMs = null;
      this.standby('backup', 'the primary is live');
      this.setActive('primary', `${what} while the primary is live`);
      this.emit('failback', role, `${what} while the primary is live; switching to the primary`);
      return;
    }
    this.setActive(null, what);
    const primaryNote = this.up.primary.state === 'connecting' ? 'the primary is reconnecting' : 'the primary is down too';
    this.emit('down', role, `${what}; ${primaryNote}; ${retry}`);
  }

  private failback(why: string): void {
    this.overlapSinceMs = null;
    this.setActive('primary', why);
    this.standby('backup', why);
    this.emit('failback', 'primary', `${why}; back on the primary, backup stopped`);
  }

  private onStop(): void {
    this.stopAll('broadcast stopped');
    this.phase = 'stopped';
    this.emit('stopped', undefined, 'broadcast stopped');
  }

  private giveUp(): void {
    const detail = `no ingest was reachable for ${seconds(this.cfg.retryBudgetMs)}; giving up`;
    this.stopAll('giving up');
    this.phase = 'gaveUp';
    this.emit('error', undefined, detail);
    this.out.push({ type: 'giveUp', detail });
  }

  private stopAll(why: string): void {
    for (const role of this.roles) {
      const u = this.up[role];
      if (isOpen(u)) this.out.push({ type: 'stopUplink', role, reason: why });
      parkUplink(u, 'stopped');
    }
    this.overlapSinceMs = null;
    this.lastWakeAtMs = null;
    this.setActive(null, why);
  }

  // ---- timers ------------------------------------------------------------------------------------------------------

  private runTimers(): void {
    if (this.phase !== 'running') return;
    const now = this.nowMs;
    if (this.noneLiveSinceMs !== null && now >= this.noneLiveSinceMs + this.cfg.retryBudgetMs) {
      this.giveUp();
      return;
    }
    for (const role of this.roles) {
      const u = this.up[role];
      if (u.state === 'connecting' && u.connectDeadlineMs !== null && now >= u.connectDeadlineMs) this.onDown(role, 'connect-timeout', undefined);
    }
    const stableMs = this.cfg.failbackStableMs + this.cfg.failbackMarginMs;
    if (this.overlapSinceMs !== null && now >= this.overlapSinceMs + stableMs) {
      this.failback(`the primary has been stable for ${seconds(stableMs)}`);
    }
    for (const role of this.roles) {
      const u = this.up[role];
      if (u.state !== 'down' || u.nextRetryAtMs === null || now < u.nextRetryAtMs) continue;
      if (role === 'backup' && this.failoverWithBackup && this.up.primary.state === 'live') {
        this.standby('backup', 'the primary is live');
        continue;
      }
      if (this.startAttempt(role, `retry after ${u.consecutiveFailures} failure(s)`)) {
        this.emit('retry', role, `retrying ${role} (attempt ${u.attempts})`);
      }
    }
  }

  private requestWake(consumed: boolean): void {
    let next: number | null = null;
    const consider = (t: number | null): void => {
      if (t !== null && (next === null || t < next)) next = t;
    };
    for (const role of this.roles) {
      const u = this.up[role];
      if (u.state === 'connecting') consider(u.connectDeadlineMs);
      if (u.state === 'down') consider(u.nextRetryAtMs);
    }
    if (this.overlapSinceMs !== null) consider(this.overlapSinceMs + this.cfg.failbackStableMs + this.cfg.failbackMarginMs);
    if (this.noneLiveSinceMs !== null) consider(this.noneLiveSinceMs + this.cfg.retryBudgetMs);
    if (next !== null && (consumed || next !== this.lastWakeAtMs)) this.out.push({ type: 'wakeAt', atMs: next });
    this.lastWakeAtMs = next;
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  /** Opens an attempt on `role` now, or schedules it when the ingest's minimum gap has not passed; true if started. */
  private startAttempt(role: IngestRole, reason: string): boolean {
    const command = openAttempt(this.up[role], role, this.nowMs, this.cfg, reason);
    if (command) this.out.push(command);
    return command !== null;
  }

  /** Parks the backup (failover mode): stops it if it runs and cancels its retries. */
  private standby(role: IngestRole, why: string): void {
    const u = this.up[role];
    if (isOpen(u)) this.out.push({ type: 'stopUplink', role, reason: `${why}; the ${role} is not needed` });
    parkUplink(u, 'standby');
  }

  private isCurrent(role: IngestRole, attempt: number | undefined): boolean {
    return this.roles.includes(role) && (attempt === undefined || attempt === this.up[role].attempts);
  }

  private anyLive(): boolean {
    return this.roles.some((r) => this.up[r].state === 'live');
  }

  private pickActiveRedundant(): IngestRole | null {
    if (this.up.primary.state === 'live') return 'primary';
    if (this.cfg.hasBackup && this.up.backup.state === 'live') return 'backup';
    return null;
  }

  private setActive(role: IngestRole | null, reason: string): void {
    if (this.active === role) return;
    this.active = role;
    this.out.push({ type: 'setActive', role, reason });
  }

  private emit(kind: PolicyEventKind, role: IngestRole | undefined, detail: string): void {
    this.out.push(role === undefined ? { type: 'event', kind, detail } : { type: 'event', kind, role, detail });
  }
}
