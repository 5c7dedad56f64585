// The failover policy's state and its primitive moves (attempts, standby, the active ingest, events, wake-ups, retry
// pacing); the transitions that use them live in failoverPolicy.ts. Pure: no I/O, the clock comes with every event.

import { type IngestRole } from '../../shared/broadcastTypes';
import { freshUplink, isOpen, isUp, openAttempt, parkUplink } from './failoverUplink';
import type { FailoverConfig, PolicyCommand, PolicyEventKind, PolicySnapshot, UplinkSnapshot } from './failoverTypes';

export type Phase = PolicySnapshot['phase'];

/** What the policy knows at one moment, and the moves every transition is made of; commands collect in `out`. */
export class FailoverState {
  protected phase: Phase = 'idle';
  protected active: IngestRole | null = null;
  /** When the primary came back while the backup carried the stream after a real failover, else null. */
  protected overlapSinceMs: number | null = null;
  /** Start of the current stretch with no uplink live (the give-up budget runs from here); null while one is live. */
  protected noneLiveSinceMs: number | null = null;
  protected lastWakeAtMs: number | null = null;
  /** Set by targetsChanging until targetsChanged: attempts wait for the new credentials (they are due at once then). */
  protected changePending = false;
  /** Why every uplink is stopped on purpose (targetsUnavailable), until targetsChanged; null otherwise. */
  protected heldReason: string | null = null;
  protected nowMs: number;
  protected out: PolicyCommand[] = [];
  protected readonly roles: readonly IngestRole[];
  protected readonly up: Record<IngestRole, UplinkSnapshot> = { primary: freshUplink(), backup: freshUplink() };

  constructor(
    protected readonly cfg: FailoverConfig,
    nowMs: number,
  ) {
    this.nowMs = nowMs;
    this.roles = cfg.hasBackup ? ['primary', 'backup'] : ['primary'];
  }

  /** True when the backup is started only while the primary is out (or suspected). */
  protected get failoverWithBackup(): boolean {
    return this.cfg.mode === 'failover' && this.cfg.hasBackup;
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
      held: this.heldReason,
      changePending: this.changePending,
    };
  }


  protected stopAll(why: string): void {
    for (const role of this.roles) {
      const u = this.up[role];
      if (isOpen(u)) this.out.push({ type: 'stopUplink', role, reason: why });
      if (u.state !== 'refused') parkUplink(u, 'stopped');
    }
    this.overlapSinceMs = null;
    this.lastWakeAtMs = null;
    this.setActive(null, why);
  }


  protected requestWake(consumed: boolean): void {
    let next: number | null = null;
    const consider = (t: number | null): void => {
      if (t !== null && (next === null || t < next)) next = t;
    };
    for (const role of this.roles) {
      const u = this.up[role];
      if (u.state === 'connecting') consider(u.connectDeadlineMs);
      if (u.state === 'down' && !this.changePending) consider(u.nextRetryAtMs);
      if (u.state === 'suspect' && u.suspectSinceMs !== null) consider(u.suspectSinceMs + this.cfg.suspectGraceMs);
    }
    if (this.overlapSinceMs !== null) consider(this.overlapSinceMs + this.cfg.failbackStableMs + this.cfg.failbackMarginMs);
    if (this.noneLiveSinceMs !== null) consider(this.noneLiveSinceMs + this.cfg.retryBudgetMs);
    if (next !== null && (consumed || next !== this.lastWakeAtMs)) this.out.push({ type: 'wakeAt', atMs: next });
    this.lastWakeAtMs = next;
  }

  // ---- helpers -----------------------------------------------------------------------------------------------------

  /**
   * While nothing is live every second counts: each URL that is down is retried at the ingest's minimum gap (no
   * back-off), and the two in turn, never within half that gap of each other, so an attempt goes out about every 5 s
   * and whichever ingest comes back first is found quickly.
   */
  protected paceRetriesWhileNothingLive(): void {
    if (this.anyLive()) return;
    const gapMs = this.cfg.primaryRetryMinIntervalMs;
    for (const role of this.roles) {
      const u = this.up[role];
      if (u.state !== 'down' || u.nextRetryAtMs === null) continue;
      u.nextRetryAtMs = Math.min(u.nextRetryAtMs, Math.max(this.nowMs, (u.lastAttemptAtMs ?? this.nowMs) + gapMs));
    }
    if (!this.cfg.hasBackup) return;
    const [first, second] = this.byNextAttempt();
    const later = this.up[second];
    const earlier = this.up[first];
    if (later.state !== 'down' || later.nextRetryAtMs === null) return;
    const earlierAtMs = earlier.state === 'down' ? earlier.nextRetryAtMs : earlier.state === 'connecting' ? earlier.lastAttemptAtMs : null;
    if (earlierAtMs !== null) later.nextRetryAtMs = Math.max(later.nextRetryAtMs, earlierAtMs + gapMs / 2);
  }

  /** The two roles, the one whose next (or current) attempt comes first leading; the primary on a tie. */
  protected byNextAttempt(): [IngestRole, IngestRole] {
    const at = (u: UplinkSnapshot): number => (u.state === 'connecting' ? (u.lastAttemptAtMs ?? 0) : u.state === 'down' ? (u.nextRetryAtMs ?? Infinity) : Infinity);
    return at(this.up.backup) < at(this.up.primary) ? ['backup', 'primary'] : ['primary', 'backup'];
  }

  /**
   * Opens an attempt on `role` now, or schedules it when the ingest's minimum gap has not passed; true if started. While a
   * key or passphrase change is pending the attempt is only marked due (it starts when the new credentials are known).
   */
  protected startAttempt(role: IngestRole, reason: string): boolean {
    if (this.heldReason !== null) return false;
    const u = this.up[role];
    if (this.changePending) {
      if (!isOpen(u)) {
        u.state = 'down';
        u.nextRetryAtMs ??= this.nowMs;
      }
      return false;
    }
    const command = openAttempt(u, role, this.nowMs, this.cfg, reason);
    if (command) this.out.push(command);
    return command !== null;
  }

  /** Parks the backup (failover mode): stops it if it runs and cancels its retries. */
  protected standby(role: IngestRole, why: string): void {
    const u = this.up[role];
    if (u.state === 'refused') return;
    if (isOpen(u)) this.out.push({ type: 'stopUplink', role, reason: `${why}; the ${role} is not needed` });
    parkUplink(u, 'standby');
  }

  /** The ingest's rate limiter counts an attempt from its first handshake packet: time the next one from there. */
  protected noteHandshakeSent(role: IngestRole): void {
    const u = this.up[role];
    if (u.state === 'connecting') u.lastAttemptAtMs = this.nowMs;
  }

  protected isCurrent(role: IngestRole, attempt: number | undefined): boolean {
    return this.roles.includes(role) && (attempt === undefined || attempt === this.up[role].attempts);
  }

  /** Some uplink (other than `except`) has a working session. */
  protected anyLive(except?: IngestRole): boolean {
    return this.roles.some((r) => r !== except && isUp(this.up[r]));
  }

  protected pickActiveRedundant(): IngestRole | null {
    if (isUp(this.up.primary)) return 'primary';
    if (this.cfg.hasBackup && isUp(this.up.backup)) return 'backup';
    return null;
  }

  protected setActive(role: IngestRole | null, reason: string): void {
    if (this.active === role) return;
    this.active = role;
    this.out.push({ type: 'setActive', role, reason });
  }

  protected emit(kind: PolicyEventKind, role: IngestRole | undefined, detail: string): void {
    this.out.push(role === undefined ? { type: 'event', kind, detail } : { type: 'event', kind, role, detail });
  }
}
