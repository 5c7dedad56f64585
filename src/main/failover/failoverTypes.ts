// Contract of the failover policy: its config (with defaults), the events it consumes and the commands it emits.

import type { BroadcastMode, IngestRole, UplinkDownReason, UplinkState } from '../../shared/broadcastTypes';
import { AppError } from '../appError';
import { DEFAULT_RETRY_BACKOFF, type RetryBackoff } from './backoff';

/** Settings as a caller gives them; omitted fields take the defaults below. */
export interface FailoverConfigInput {
  mode?: BroadcastMode;
  hasBackup: boolean;
  /** Never attempt a URL sooner than this after the previous attempt to the same URL (Gcore's rate limit). */
  primaryRetryMinIntervalMs?: number;
  retryBackoff?: Partial<RetryBackoff>;
  /** Gcore switches viewers back after the primary has been stable this long. */
  failbackStableMs?: number;
  /** Extra time on top of failbackStableMs before the backup is stopped. */
  failbackMarginMs?: number;
  /** An attempt that is not live after this long counts as failed. */
  connectTimeoutMs?: number;
  /** Give up once no uplink has been live for this long. */
  retryBudgetMs?: number;
  /** A session that stayed live this long resets the back-off to its first step when it breaks. */
  backoffResetAfterLiveMs?: number;
  /**
   * An ingest that stops answering is only *suspected* for this long: its SRT session is kept (SRT rides out a glitch
   * shorter than its latency) and, in failover mode, the backup is started as a hedge. Just under Gcore's ~3 s before
   * it switches viewers to the backup (gcore-api.md §3), so a glitch that ends in time never becomes a platform switch.
   */
  suspectGraceMs?: number;
  /** Source of jitter in [0, 1); inject a seeded one in tests. */
  random?: () => number;
}

/** Settings with every default applied. */
export interface FailoverConfig {
  mode: BroadcastMode;
  hasBackup: boolean;
  primaryRetryMinIntervalMs: number;
  retryBackoff: RetryBackoff;
  failbackStableMs: number;
  failbackMarginMs: number;
  connectTimeoutMs: number;
  retryBudgetMs: number;
  backoffResetAfterLiveMs: number;
  suspectGraceMs: number;
  random: () => number;
}

export const FAILOVER_DEFAULTS = Object.freeze({
  mode: 'failover' as BroadcastMode,
  // Gcore's 10 s plus a margin: an attempt that lands a millisecond inside the limit is refused silently, and the
  // engine's sender reaches the ingest within a millisecond of the attempt being counted (a timer firing early did it).
  primaryRetryMinIntervalMs: 10_500,
  failbackStableMs: 60_000,
  failbackMarginMs: 15_000,
  connectTimeoutMs: 8_000,
  retryBudgetMs: 300_000,
  backoffResetAfterLiveMs: 30_000,
  suspectGraceMs: 2_500,
});

/** Refusals of the stream id, key or passphrase an ingest may give before it is not tried again (one confirming attempt). */
export const REFUSALS_BEFORE_GIVING_UP = 2;

/** Inputs of `FailoverPolicy.handle`. `attempt`, when given, must match the attempt of the last startUplink. */
export type PolicyEvent =
  | { type: 'start' }
  | { type: 'uplinkLive'; role: IngestRole; attempt?: number }
  /**
   * The attempt's first SRT handshake packet left now: the moment the ingest's rate limiter counts (the sender starts
   * its handshake 0.2–0.9 s after it was started, once it has read its input), so the next attempt is timed from here.
   */
  | { type: 'uplinkAttempted'; role: IngestRole; attempt?: number }
  /** `permanent`: a rejection that means a wrong stream id, key or passphrase (retrying cannot help). */
  | { type: 'uplinkDown'; role: IngestRole; reason: UplinkDownReason; detail?: string; attempt?: number; permanent?: boolean }
  /** The uplink's ingest stopped answering while data was sent (its session is still up). */
  | { type: 'uplinkSuspect'; role: IngestRole; detail?: string; attempt?: number }
  /** A suspected ingest answered again. */
  | { type: 'uplinkRecovered'; role: IngestRole; attempt?: number }
  /** The API reported `live` on the primary while the backup was live: the platform is back on the primary. */
  | { type: 'platformSwitchedBack' }
  /** Local rehearsal: treat the uplink as down now. */
  | { type: 'simulateOutage'; role: IngestRole }
  /**
   * The stream's key or passphrase is being changed (the API call is under way): no new attempt starts until
   * `targetsChanged`, so none goes out with credentials about to die. Running sessions are left alone.
   */
  | { type: 'targetsChanging' }
  /**
   * The listed roles have a new URL or passphrase (a new key is a new URL: the ingest's minimum gap since the last attempt
   * and the refusal count start over). Their running senders are restarted on it at once, fed from the GOP cache; an
   * empty list only ends `targetsChanging`. With `resume`, also ends `targetsUnavailable`: every uplink starts again.
   */
  | { type: 'targetsChanged'; roles: readonly IngestRole[]; reason: string; resume?: boolean }
  /** The stream cannot be pushed to (disabled, deleted): every uplink stops and nothing is retried until `targetsChanged`. */
  | { type: 'targetsUnavailable'; reason: string }
  /** Timer wake-up requested by a wakeAt command (early, late or spurious ticks are harmless). */
  | { type: 'tick' }
  | { type: 'stop' };

export type PolicyEventKind = 'connected' | 'suspect' | 'recovered' | 'failover' | 'failback' | 'down' | 'error' | 'stopped' | 'retry' | 'targets-changed';

/** Outputs of `FailoverPolicy.handle`, in the order the host should carry them out. */
export type PolicyCommand =
  /** Start the role's sender; `attempt` numbers the role's attempts from 1. Feed it from the cached GOP when fromGop. */
  | { type: 'startUplink'; role: IngestRole; fromGop: boolean; attempt: number; reason: string }
  /** Stop the role's sender if it still runs (idempotent for the host). */
  | { type: 'stopUplink'; role: IngestRole; reason: string }
  /** Which uplink carries the stream now (for display and stats headline); null = none. */
  | { type: 'setActive'; role: IngestRole | null; reason: string }
  /** Call handle({type:'tick'}) at this time; replaces any earlier wakeAt. */
  | { type: 'wakeAt'; atMs: number }
  /** A state change, with a sentence for logs and the UI. */
  | { type: 'event'; kind: PolicyEventKind; role?: IngestRole; detail: string }
  /** Stop the broadcast: no ingest reachable for the whole retry budget (CLI exit 6), or every ingest refused the stream (exit 7). */
  | { type: 'giveUp'; reason: 'unreachable' | 'refused'; detail: string };

/** One uplink in a state snapshot. */
export interface UplinkSnapshot {
  state: UplinkState;
  /** Attempts started on this role since start. */
  attempts: number;
  /** Failures since the last stable session; drives the back-off step. */
  consecutiveFailures: number;
  lastAttemptAtMs: number | null;
  nextRetryAtMs: number | null;
  connectDeadlineMs: number | null;
  liveSinceMs: number | null;
  /** When the ingest stopped answering (state `suspect`), else null. */
  suspectSinceMs: number | null;
  /** Permanent refusals (wrong id, key or passphrase) in a row; at REFUSALS_BEFORE_GIVING_UP the uplink is `refused`. */
  refusals: number;
  lastDownReason: UplinkDownReason | 'simulated' | null;
}

/** A read-only view of the policy for the UI, stats and tests. */
export interface PolicySnapshot {
  mode: BroadcastMode;
  hasBackup: boolean;
  phase: 'idle' | 'running' | 'stopped' | 'gaveUp';
  active: IngestRole | null;
  /** Set while the primary is back but the backup still carries the stream (failover mode). */
  overlap: { sinceMs: number; failbackAtMs: number } | null;
  uplinks: Record<IngestRole, UplinkSnapshot>;
  /** When the broadcast gives up if no uplink becomes live; null while one is live. */
  giveUpAtMs: number | null;
  /** The earliest pending timer, as last requested with wakeAt. */
  nextWakeAtMs: number | null;
  /** Why every uplink is stopped on purpose (`targetsUnavailable`: the stream was disabled or deleted); null otherwise. */
  held: string | null;
  /** True between `targetsChanging` and `targetsChanged`: new attempts wait for the new key or passphrase. */
  changePending: boolean;
}

/** The reducer-style policy: events in, commands out. No I/O, no timers. */
export interface FailoverPolicy {
  handle(event: PolicyEvent, nowMs: number): PolicyCommand[];
  state(): PolicySnapshot;
}

function checkMs(name: string, value: number, minimum: number): number {
  if (!Number.isFinite(value) || value < minimum) {
    throw new AppError('config', 'bad_failover_setting', `The failover setting ${name} must be a number ≥ ${minimum}; got ${String(value)}.`);
  }
  return value;
}

/** Applies defaults and validates ranges; throws AppError('config') naming the bad setting. */
export function resolveFailoverConfig(input: FailoverConfigInput): FailoverConfig {
  const d = FAILOVER_DEFAULTS;
  const b = { ...DEFAULT_RETRY_BACKOFF, ...(input.retryBackoff ?? {}) };
  const mode = input.mode ?? d.mode;
  if (mode !== 'failover' && mode !== 'redundant') {
    throw new AppError('config', 'bad_failover_setting', `The failover mode must be "failover" or "redundant"; got "${String(mode)}".`);
  }
  const jitterRatio = checkMs('retryBackoff.jitterRatio', b.jitterRatio, 0);
  if (jitterRatio >= 1) throw new AppError('config', 'bad_failover_setting', 'The failover setting retryBackoff.jitterRatio must be below 1.');
  return {
    mode,
    hasBackup: input.hasBackup,
    primaryRetryMinIntervalMs: checkMs('primaryRetryMinIntervalMs', input.primaryRetryMinIntervalMs ?? d.primaryRetryMinIntervalMs, 0),
    retryBackoff: {
      initialMs: checkMs('retryBackoff.initialMs', b.initialMs, 0),
      factor: checkMs('retryBackoff.factor', b.factor, 1),
      maxMs: checkMs('retryBackoff.maxMs', b.maxMs, 0),
      jitterRatio,
    },
    failbackStableMs: checkMs('failbackStableMs', input.failbackStableMs ?? d.failbackStableMs, 0),
    failbackMarginMs: checkMs('failbackMarginMs', input.failbackMarginMs ?? d.failbackMarginMs, 0),
    connectTimeoutMs: checkMs('connectTimeoutMs', input.connectTimeoutMs ?? d.connectTimeoutMs, 1),
    retryBudgetMs: checkMs('retryBudgetMs', input.retryBudgetMs ?? d.retryBudgetMs, 0),
    backoffResetAfterLiveMs: checkMs('backoffResetAfterLiveMs', input.backoffResetAfterLiveMs ?? d.backoffResetAfterLiveMs, 0),
    suspectGraceMs: checkMs('suspectGraceMs', input.suspectGraceMs ?? d.suspectGraceMs, 0),
    random: input.random ?? Math.random,
  };
}
