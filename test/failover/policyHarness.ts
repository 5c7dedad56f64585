// Shared harness of the failover policy tests: a policy with fixed jitter, a compact rendering of its commands, and
// the events the tests feed it.

import type { IngestRole, UplinkDownReason } from '../../src/shared/broadcastTypes';
import { createFailoverPolicy, type FailoverConfigInput, type FailoverPolicy, type PolicyCommand, type PolicyEvent } from '../../src/main/failover/failoverPolicy';

/**
 * random() = 0.5 makes the jitter factor exactly 1, so delays are the plain back-off steps. The rate limit is Gcore's
 * round 10 s (the default adds a safety margin to it) so the timelines below read in whole seconds.
 */
export function makePolicy(cfg: Partial<FailoverConfigInput> = {}): FailoverPolicy {
  return createFailoverPolicy({ hasBackup: true, random: () => 0.5, primaryRetryMinIntervalMs: 10_000, ...cfg }, 0);
}

/** A compact, exact rendering of commands: `start:primary#1`, `stop:backup`, `active:null`, `event:failover:primary`, `wake:30000`. */
export function brief(cmds: PolicyCommand[]): string[] {
  return cmds.map((c) => {
    switch (c.type) {
      case 'startUplink':
        return `start:${c.role}#${c.attempt}${c.fromGop ? '' : ':noGop'}`;
      case 'stopUplink':
        return `stop:${c.role}`;
      case 'setActive':
        return `active:${c.role ?? 'null'}`;
      case 'wakeAt':
        return `wake:${c.atMs}`;
      case 'event':
        return `event:${c.kind}${c.role ? `:${c.role}` : ''}`;
      case 'giveUp':
        return 'giveUp';
    }
  });
}

export const live = (role: IngestRole, attempt?: number): PolicyEvent => ({ type: 'uplinkLive', role, ...(attempt !== undefined ? { attempt } : {}) });
export const down = (role: IngestRole, reason: UplinkDownReason = 'silent', detail?: string): PolicyEvent => ({ type: 'uplinkDown', role, reason, detail });
export const tick: PolicyEvent = { type: 'tick' };
