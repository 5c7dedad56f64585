// The failover policy's moves when the ingest targets change during a broadcast: a key or passphrase change under way
// (attempts wait), the new credentials (running senders restart on them at once, a new URL owing nothing to the old
// one's rate limit), and a stream that cannot be pushed to (every uplink stopped until it can). Pure.

import { type IngestRole } from '../../shared/broadcastTypes';
import { FailoverState } from './failoverState';
import type { PolicyEvent } from './failoverTypes';
import { isOpen, parkUplink, renewUplink } from './failoverUplink';

export class FailoverTargets extends FailoverState {
  /** Handles the three target events; false for any other event. */
  protected onTargetEvent(event: PolicyEvent): boolean {
    if (event.type === 'targetsChanging') this.onTargetsChanging();
    else if (event.type === 'targetsChanged') this.onTargetsChanged(event.roles, event.reason, event.resume === true);
    else if (event.type === 'targetsUnavailable') this.onTargetsUnavailable(event.reason);
    else return false;
    return true;
  }

  /** A key or passphrase change is under way: new attempts wait for it (sessions are left alone). */
  protected onTargetsChanging(): void {
    this.changePending = true;
  }

  /**
   * `roles` have new credentials. Their running senders stop and start again on the new ones now (in failover mode a
   * backup kept only for the failback overlap is parked instead: the primary comes back first); a role that was down or
   * refused is tried now; a parked backup stays parked. Deferred attempts of the other roles are due at once. While
   * every uplink is held (targetsUnavailable) only `resume` starts them again.
   */
  protected onTargetsChanged(roles: readonly IngestRole[], reason: string, resume: boolean): void {
    this.changePending = false;
    if (this.heldReason !== null) {
      if (resume) this.resumeAfterHold(reason);
      return;
    }
    const changed = this.roles.filter((r) => roles.includes(r));
    const primaryWasLive = this.up.primary.state === 'live';
    const restarted: IngestRole[] = [];
    for (const role of changed) {
      const u = this.up[role];
      const wasOpen = isOpen(u);
      if (wasOpen) this.out.push({ type: 'stopUplink', role, reason: `${reason}; reconnecting with the new settings` });
      renewUplink(u);
      const parkBackup = role === 'backup' && this.failoverWithBackup && (wasOpen ? primaryWasLive && changed.includes('primary') : isOpen(this.up.primary));
      if (parkBackup || u.state === 'standby') {
        parkUplink(u, 'standby');
        continue;
      }
      u.state = 'down';
      if (this.startAttempt(role, reason)) restarted.push(role);
    }
    if (changed.includes('primary')) this.overlapSinceMs = null; // the primary's 60 s before the switch back start over
    this.setActive(this.pickActiveRedundant(), reason);
    if (!this.anyLive()) this.noneLiveSinceMs ??= this.nowMs;
    for (const role of restarted) {
      this.emit('targets-changed', role, `${reason}; the ${role} reconnects with the new settings now (attempt ${this.up[role].attempts})`);
    }
    if (restarted.length === 0 && changed.length > 0) this.emit('targets-changed', undefined, `${reason}; the new settings are used at the next connection`);
  }

  /** The stream cannot be pushed to (disabled, deleted): stop everything and wait; no retry, no give-up. */
  protected onTargetsUnavailable(reason: string): void {
    const first = this.heldReason === null;
    this.stopAll(reason);
    for (const role of this.roles) parkUplink(this.up[role], 'stopped');
    this.heldReason = reason;
    this.changePending = false;
    this.noneLiveSinceMs = null;
    if (first) this.emit('down', undefined, `${reason}; every uplink is stopped until the stream can be pushed to again`);
  }

  private resumeAfterHold(reason: string): void {
    this.heldReason = null;
    this.noneLiveSinceMs = this.nowMs;
    for (const role of this.roles) renewUplink(this.up[role]);
    this.emit('targets-changed', undefined, `${reason}; connecting again`);
    this.startAttempt('primary', reason);
    if (this.cfg.mode === 'redundant' && this.cfg.hasBackup) this.startAttempt('backup', reason);
    else if (this.cfg.hasBackup) this.up.backup.state = 'standby';
  }
}
