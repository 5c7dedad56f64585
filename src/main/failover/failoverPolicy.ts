// Failover policy state machine: which ingest uplinks run, when they are suspected, retried, failed over and back, and
// when the broadcast gives up. Events in, commands out; the clock comes with every event.

import { type IngestRole } from '../../shared/broadcastTypes';
import { describeDown, isOpen, isUp, markDown, parkUplink, seconds, type DownCause } from './failoverUplink';
import { FailoverTargets } from './failoverTargets';
import {
  REFUSALS_BEFORE_GIVING_UP,
  resolveFailoverConfig,
  type FailoverConfigInput,
  type FailoverPolicy,
  type PolicyCommand,
  type PolicyEvent,
  type PolicyEventKind,
} from './failoverTypes';

export * from './failoverTypes';
export { nextRetryDelayMs } from './backoff';

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

class FailoverMachine extends FailoverTargets {
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
    } else if (this.onTargetEvent(event) || this.heldReason !== null) {
      // The targets changed (handled above), or every uplink is stopped on purpose: reports of stopped senders are stale.
    } else if (event.type === 'uplinkAttempted') {
      if (this.isCurrent(event.role, event.attempt)) this.noteHandshakeSent(event.role);
    } else if (event.type === 'uplinkLive') {
      if (this.isCurrent(event.role, event.attempt)) this.onLive(event.role);
    } else if (event.type === 'uplinkDown') {
      if (this.isCurrent(event.role, event.attempt)) this.onDown(event.role, event.reason, event.detail, event.permanent === true);
    } else if (event.type === 'uplinkSuspect') {
      if (this.isCurrent(event.role, event.attempt)) this.onSuspect(event.role, event.detail);
    } else if (event.type === 'uplinkRecovered') {
      if (this.isCurrent(event.role, event.attempt)) this.onRecovered(event.role);
    } else if (event.type === 'simulateOutage') {
      if (this.roles.includes(event.role)) this.onDown(event.role, 'simulated', undefined, false);
    } else if (event.type === 'platformSwitchedBack') {
      if (this.overlapSinceMs !== null) this.failback('the platform reports the primary live again');
    }
    if (this.phase === 'running') this.paceRetriesWhileNothingLive();
    this.runTimers();
    if (this.phase === 'running') this.requestWake(event.type === 'tick');
    return this.out;
  }

  private onStart(): void {
    this.phase = 'running';
    this.noneLiveSinceMs = this.nowMs;
    this.startAttempt('primary', 'broadcast starting');
    // Redundant mode too: the backup joins once the primary is live (or fails), because the platform starts viewers on
    // whichever ingest receives data first and would otherwise switch them back to the primary a minute later.
    if (this.cfg.hasBackup) this.up.backup.state = 'standby';
  }

  /** Redundant mode: the backup, parked only until the primary's first outcome, starts now. */
  private joinRedundantBackup(why: string): void {
    if (this.cfg.mode === 'redundant' && this.cfg.hasBackup && this.up.backup.state === 'standby') {
      this.startAttempt('backup', `${why} (redundant: both ingests)`);
    }
  }

  private onLive(role: IngestRole): void {
    const u = this.up[role];
    if (u.state !== 'connecting') return; // stale or duplicate report
    u.state = 'live';
    u.liveSinceMs = this.nowMs;
    u.connectDeadlineMs = null;
    u.nextRetryAtMs = null;
    u.refusals = 0;
    this.noneLiveSinceMs = null;
    if (!this.failoverWithBackup) {
      if (role === 'primary') this.joinRedundantBackup('primary connected');
      const before = this.active;
      const after = this.pickActiveRedundant();
      this.setActive(after, `${role} connected`);
      const back = before === 'backup' && after === 'primary';
      this.emit(back ? 'failback' : 'connected', role, back ? 'primary connected again; it carries the stream' : `${role} connected`);
      return;
    }
    const primary = this.up.primary;
    if (role === 'backup' && primary.state === 'suspect') {
      this.emit('connected', role, 'backup connected as a hedge; the primary keeps its session while it may still recover');
      return;
    }
    if (role === 'backup' && primary.state === 'live') {
      this.standby('backup', 'the primary is live');
      return;
    }
    if (role === 'primary' && this.up.backup.state === 'live') {
      // The platform keeps viewers on the backup until the primary has been stable for 60 s: keep both (overlap).
      this.overlapSinceMs = this.nowMs;
      const waitMs = this.cfg.failbackStableMs + this.cfg.failbackMarginMs;
      this.emit('connected', role, `primary connected again; keeping the backup live until the platform switches back (${seconds(waitMs)})`);
      return;
    }
    if (role === 'primary' && this.up.backup.state !== 'standby' && this.up.backup.state !== 'refused') this.standby('backup', 'the primary is live again');
    this.setActive(role, `${role} connected`);
    this.emit('connected', role, role === 'primary' ? 'primary connected' : 'backup connected; it carries the stream while the primary is out');
  }

  /** The ingest stopped answering: keep its session for the grace time; in failover mode, hedge with the backup. */
  private onSuspect(role: IngestRole, detail: string | undefined): void {
    const u = this.up[role];
    if (u.state !== 'live') return;
    u.state = 'suspect';
    u.suspectSinceMs = this.nowMs;
    const why = `${role} is not answering${detail ? ` (${detail})` : ''}`;
    const grace = `its session is kept for up to ${seconds(this.cfg.suspectGraceMs)}`;
    if (this.failoverWithBackup && role === 'primary' && this.up.backup.state === 'standby') {
      const started = this.startAttempt('backup', `${why}; starting the backup as a hedge`);
      this.emit('suspect', role, `${why}; ${started ? 'starting the backup as a hedge' : 'the backup cannot be tried yet (ingest rate limit)'}; ${grace}`);
      return;
    }
    this.emit('suspect', role, `${why}; ${grace}`);
  }

  /** The suspected ingest answered again within the grace time: nothing happened for viewers; drop the hedge. */
  private onRecovered(role: IngestRole): void {
    const u = this.up[role];
    if (u.state !== 'suspect') return;
    const silentMs = this.nowMs - (u.suspectSinceMs ?? this.nowMs);
    u.state = 'live';
    u.suspectSinceMs = null;
    const hedge = this.failoverWithBackup && role === 'primary' && this.overlapSinceMs === null && isOpen(this.up.backup) && this.active === 'primary';
    if (hedge) this.standby('backup', 'the primary answered again');
    if (this.active === null) this.setActive(role, `${role} answered again`);
    this.emit('recovered', role, `${role} answered again after ${seconds(silentMs)}${hedge ? '; the hedge backup is stopped (the platform never switched)' : ''}`);
  }

  private onDown(role: IngestRole, cause: DownCause, detail: string | undefined, permanent: boolean): void {
    const u = this.up[role];
    if (!isOpen(u)) return; // already down, standby, refused or stopped
    const carried = this.active === role && isUp(u);
    const what = describeDown(role, cause, detail, this.cfg.connectTimeoutMs);
    this.out.push({ type: 'stopUplink', role, reason: what });
    markDown(u, cause, this.nowMs, this.cfg, !this.anyLive(role));
    if (permanent) {
      u.refusals += 1;
      if (u.refusals >= REFUSALS_BEFORE_GIVING_UP) {
        parkUplink(u, 'refused');
        this.afterRefusal(role, what);
        return;
      }
    } else if (cause === 'rejected') {
      u.refusals = 0; // a transient rejection (busy, overload): the ingest is not refusing the key
    }
    // Other failures keep the count: an attempt the ingest dropped silently (rate limit) ends as a connect timeout
    // between two refusals, and must not keep a refused key from being confirmed.
    if (!this.anyLive()) this.noneLiveSinceMs ??= this.nowMs;
    this.paceRetriesWhileNothingLive();
    // Computed when the sentence is written: starting the backup first may move this retry (the two take turns).
    const retry = (): string => {
      this.paceRetriesWhileNothingLive();
      const waitMs = (u.nextRetryAtMs ?? this.nowMs) - this.nowMs;
      const when = waitMs < 50 ? 'now' : `in ${seconds(waitMs)}`;
      return permanent ? `one more attempt ${when} to confirm` : `${role} retry ${when}`;
    };
    if (!this.failoverWithBackup) {
      if (role === 'primary') this.joinRedundantBackup(what);
      const after = this.pickActiveRedundant();
      this.setActive(after, what);
      if (carried && after !== null) this.emit('failover', role, `${what}; the ${after} carries the stream; ${retry()}`);
      else this.emit('down', role, `${what}; ${retry()}`);
      return;
    }
    if (role === 'primary') this.primaryDown(what, retry, carried);
    else this.backupDown(what, retry);
  }

  /** Failover mode: the primary is down (not only suspected): the backup carries the stream, or is started now. */
  private primaryDown(what: string, retry: () => string, carried: boolean): void {
    this.overlapSinceMs = null; // a primary that breaks during the overlap starts its 60 s over: no ping-pong
    const b = this.up.backup;
    // `failover` only for a real switch away from an ingest that carried the stream; never before anything was on air.
    const kind: PolicyEventKind = carried ? 'failover' : 'down';
    if (isUp(b)) {
      this.setActive('backup', what);
      this.emit(kind, 'primary', `${what}; the backup carries the stream; ${retry()}`);
    } else if (b.state === 'connecting') {
      this.setActive(null, what);
      this.emit(kind, 'primary', `${what}; the backup is connecting; ${retry()}`);
    } else if (b.state === 'standby') {
      const started = this.startAttempt('backup', `${what}; trying the backup`);
      this.setActive(null, what);
      this.paceRetriesWhileNothingLive();
      const wait = started ? '' : this.changePending ? ' (once the new key or passphrase is known)' : ` (the backup may be tried again in ${seconds((b.nextRetryAtMs ?? this.nowMs) - this.nowMs)})`;
      this.emit(kind, 'primary', `${what}; ${carried ? 'switching to' : 'trying'} the backup${wait}; ${retry()}`);
    } else if (b.state === 'down' && b.lastDownReason === null) {
      // Never tried yet: a hedge that the ingest's rate limit deferred.
      this.setActive(null, what);
      this.emit(kind, 'primary', `${what}; the backup is tried in ${seconds((b.nextRetryAtMs ?? this.nowMs) - this.nowMs)} (ingest rate limit); ${retry()}`);
    } else {
      this.setActive(null, what);
      this.emit('down', 'primary', `${what}; the backup is ${b.state === 'refused' ? 'refused' : 'down'} too; ${retry()}`);
    }
  }

  private backupDown(what: string, retry: () => string): void {
    const primary = this.up.primary;
    if (isUp(primary)) {
      const wasActive = this.active === 'backup';
      this.overlapSinceMs = null;
      this.standby('backup', 'the primary is live');
      this.setActive('primary', `${what} while the primary is live`);
      this.emit(wasActive ? 'failback' : 'down', 'backup', `${what} while the primary is live${wasActive ? '; switching to the primary' : ''}`);
      return;
    }
    this.setActive(null, what);
    const primaryNote = primary.state === 'connecting' ? 'the primary is reconnecting' : `the primary is ${primary.state === 'refused' ? 'refused' : 'down'} too`;
    this.emit('down', 'backup', `${what}; ${primaryNote}; ${retry()}`);
  }

  /** An ingest refused the stream twice: it is not tried again; when every ingest has, the broadcast ends. */
  private afterRefusal(role: IngestRole, what: string): void {
    if (this.roles.every((r) => this.up[r].state === 'refused')) {
      const detail = `every ingest refused the stream (${what}); check the stream key, reset it, and check that the stream is active`;
      this.stopAll('every ingest refused the stream');
      this.phase = 'gaveUp';
      this.emit('error', undefined, detail);
      this.out.push({ type: 'giveUp', reason: 'refused', detail });
      return;
    }
    if (this.active === role) this.setActive(this.pickActiveRedundant(), what);
    this.emit('down', role, `${what}; it refused the stream twice, so it is not tried again`);
    if (this.failoverWithBackup && role === 'primary' && this.up.backup.state === 'standby') this.startAttempt('backup', `${what}; trying the backup`);
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
    this.out.push({ type: 'giveUp', reason: 'unreachable', detail });
  }

  private runTimers(): void {
    if (this.phase !== 'running') return;
    const now = this.nowMs;
    if (this.noneLiveSinceMs !== null && now >= this.noneLiveSinceMs + this.cfg.retryBudgetMs) {
      this.giveUp();
      return;
    }
    for (const role of this.roles) {
      const u = this.up[role];
      if (u.state === 'connecting' && u.connectDeadlineMs !== null && now >= u.connectDeadlineMs) this.onDown(role, 'connect-timeout', undefined, false);
      if (u.state === 'suspect' && u.suspectSinceMs !== null && now >= u.suspectSinceMs + this.cfg.suspectGraceMs) {
        this.onDown(role, 'silent', `no answer for ${seconds(now - u.suspectSinceMs)} after the suspicion`, false);
      }
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
}
