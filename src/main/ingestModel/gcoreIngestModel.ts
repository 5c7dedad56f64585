// Pure, clock-injected model of Gcore's ingest (no I/O): fed timestamped facts per ingest, it decides what the platform
// does (admission, idle drop, which ingest viewers watch, switches) and reports what viewers see and the API's live flags.

import { gcoreIngestRules, type GcoreIngestRules } from './gcoreIngestRules';
import type { FactOutcome, IngestFact, IngestLiveState, IngestRole, ViewerReport } from './ingestModelTypes';
import { admitAttempt, deriveSessions, type LoggedFact } from './ingestSessions';
import { viewerTimeline } from './viewerTimeline';

export interface GcoreIngestModelOptions {
  /** Platform figures; Gcore's documented values by default (gcoreIngestRules.ts). */
  rules?: Partial<GcoreIngestRules>;
  /** Monotonic clock in ms (default for report/liveState times). */
  clock: () => number;
  /** When viewers start looking (the report's origin). Default: clock() at construction. */
  startMs?: number;
}

/**
 * Usage: `model.record({ kind: 'attempt', role: 'primary', caller: 'a', atMs })` → 'admitted'; then accepted/data facts;
 * `model.report(t)` extends the timeline to `t` assuming the current state continues (flowing data keeps flowing, stopped
 * data leads to the idle drop), so a test can push a few seconds of real SRT and ask what viewers see 90 s later.
 */
export class GcoreIngestModel {
  readonly rules: GcoreIngestRules;
  readonly startMs: number;
  private readonly clock: () => number;
  /** All facts that were applied, ordered by atMs (stable for equal times). */
  private readonly log: LoggedFact[] = [];
  /** Verdicts per caller, so a caller's repeated handshakes are one attempt. */
  private readonly verdicts = new Map<string, FactOutcome>();

  constructor(options: GcoreIngestModelOptions) {
    this.rules = gcoreIngestRules(options.rules);
    this.clock = options.clock;
    this.startMs = options.startMs ?? options.clock();
  }

  /**
   * Applies one fact and says what the platform made of it. An attempt is `admitted`, or dropped silently as `busy` or
   * `rate-limited`; a repeated attempt of the same caller gets its first verdict again. Other facts are `applied`, or
   * `no-session` (ignored) when their caller has no open connection at `atMs`.
   */
  record(fact: IngestFact): FactOutcome {
    const key = `${fact.role}/${fact.caller}`;
    if (fact.kind === 'attempt') {
      const earlier = this.verdicts.get(key);
      if (earlier !== undefined) return earlier;
      const verdict = admitAttempt(this.log, fact.role, this.rules, fact.atMs);
      this.verdicts.set(key, verdict);
      this.insert({ ...fact, outcome: verdict });
      return verdict;
    }
    const { open } = deriveSessions(this.log, fact.role, this.rules, fact.atMs);
    if (!open || open.caller !== fact.caller) return 'no-session';
    this.insert({ ...fact, outcome: 'applied' });
    return 'applied';
  }

  /** True while `role` has an open connection at `atMs` (the idle drop applied). */
  connectionOpen(role: IngestRole, atMs: number = this.clock()): boolean {
    return deriveSessions(this.log, role, this.rules, atMs).open !== null;
  }

  /** The caller whose connection is open on `role` at `atMs`, or null. */
  openCaller(role: IngestRole, atMs: number = this.clock()): string | null {
    return deriveSessions(this.log, role, this.rules, atMs).open?.caller ?? null;
  }

  /**
   * The API's `live` / `backup_live` at `atMs`: the ingest is receiving, i.e. its open connection has carried data. It turns
   * false when the connection ends, which the idle drop makes 3 s (idleDropMs) after data stops.
   */
  liveState(atMs: number = this.clock()): IngestLiveState {
    const receiving = (role: IngestRole): boolean => {
      const open = deriveSessions(this.log, role, this.rules, atMs).open;
      return open !== null && open.data.length > 0;
    };
    return { live: receiving('primary'), backup_live: receiving('backup') };
  }

  /** What viewers see from startMs to `atMs` (which may lie in the future: the current state is assumed to continue). */
  report(atMs: number = this.clock()): ViewerReport {
    const primary = deriveSessions(this.log, 'primary', this.rules, atMs);
    const backup = deriveSessions(this.log, 'backup', this.rules, atMs);
    const timeline = viewerTimeline({ primary: primary.sessions, backup: backup.sessions }, this.rules, this.startMs, atMs);
    return {
      fromMs: this.startMs,
      toMs: atMs,
      ...timeline,
      ignoredAttempts: [...primary.ignored, ...backup.ignored].sort((a, b) => a.atMs - b.atMs),
      sessions: [...primary.sessions, ...backup.sessions],
    };
  }

  /** The facts applied so far, in time order (copies). */
  facts(): IngestFact[] {
    return this.log.map(({ outcome: _outcome, ...fact }) => fact as IngestFact);
  }

  private insert(entry: LoggedFact): void {
    // Facts may arrive back-dated (dataStopped carries the last packet's time): keep the log in time order.
    let i = this.log.length;
    while (i > 0 && (this.log[i - 1]?.atMs ?? -Infinity) > entry.atMs) i--;
    this.log.splice(i, 0, entry);
  }
}
