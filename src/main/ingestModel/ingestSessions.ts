// Pure: the platform's connection rules per ingest URL (gcore-api.md §3 "Ingest security rules" and "SRT latency…"):
// admission of attempts (one connection per URL, rate limit) and the sessions the facts describe, idle drop included.

import type { GcoreIngestRules } from './gcoreIngestRules';
import type { FactOutcome, IgnoredAttempt, IngestFact, IngestRole, IngestSession } from './ingestModelTypes';

/** A fact as kept in the model's log: attempts carry the verdict given when they were recorded. */
export type LoggedFact = IngestFact & { outcome: FactOutcome };

export interface DerivedSessions {
  sessions: IngestSession[];
  /** The session open at the evaluation time, if any. */
  open: IngestSession | null;
  ignored: IgnoredAttempt[];
}

/** Time the session last showed life: end of its last data interval, or its admission when no data came. */
function idleSinceMs(s: IngestSession): number | null {
  const last = s.data.at(-1);
  if (last && last.toMs === null) return null; // data flowing
  return last?.toMs ?? s.admittedAtMs;
}

function endSession(s: IngestSession, atMs: number, reason: IngestSession['endReason']): void {
  const last = s.data.at(-1);
  if (last && last.toMs === null) last.toMs = Math.max(last.fromMs, atMs);
  s.endedAtMs = atMs;
  s.endReason = reason;
}

/**
 * The sessions of `role` described by `facts` (in time order) up to `untilMs`. A session without data for
 * `rules.idleDropMs` ends by itself ("the ingester drops a connection after 3 s without data"), whether or not a
 * `dropped` fact says so; facts from callers that have no open session are ignored.
 */
export function deriveSessions(facts: readonly LoggedFact[], role: IngestRole, rules: GcoreIngestRules, untilMs: number): DerivedSessions {
  const sessions: IngestSession[] = [];
  const ignored: IgnoredAttempt[] = [];
  let open: IngestSession | null = null;
  const applyIdleDrop = (atMs: number): void => {
    if (!open) return;
    const since = idleSinceMs(open);
    if (since !== null && atMs >= since + rules.idleDropMs) {
      endSession(open, since + rules.idleDropMs, 'idle');
      open = null;
    }
  };
  for (const f of facts) {
    if (f.role !== role || f.atMs > untilMs) continue;
    applyIdleDrop(f.atMs);
    if (f.kind === 'attempt') {
      if (f.outcome === 'admitted') {
        if (open) endSession(open, f.atMs, 'closed'); // cannot happen with verdicts from admitAttempt
        open = { role, caller: f.caller, admittedAtMs: f.atMs, acceptedAtMs: null, endedAtMs: null, endReason: null,
          latencyMs: rules.defaultLatencyMs, data: [] };
        sessions.push(open);
      } else if (f.outcome === 'busy' || f.outcome === 'rate-limited') {
        ignored.push({ role, caller: f.caller, atMs: f.atMs, reason: f.outcome });
      }
      continue;
    }
    const s: IngestSession | null = open;
    if (!s || s.caller !== f.caller) continue;
    const last = s.data.at(-1);
    switch (f.kind) {
      case 'accepted':
        s.acceptedAtMs ??= f.atMs;
        if (f.latencyMs !== undefined) s.latencyMs = f.latencyMs;
        break;
      case 'data':
        if (!last || last.toMs !== null) s.data.push({ fromMs: f.atMs, toMs: null });
        break;
      case 'dataStopped':
        if (last && last.toMs === null) last.toMs = Math.max(last.fromMs, f.atMs);
        break;
      case 'dropped':
        endSession(s, f.atMs, f.reason);
        open = null;
        break;
    }
  }
  applyIdleDrop(untilMs);
  return { sessions, open, ignored };
}

/**
 * The verdict on a new connection attempt at `atMs`: `busy` while the URL has an open session ("new connections with the
 * same key are rejected silently"), `rate-limited` sooner than `attemptMinIntervalMs` after the previous attempt ("wait
 * ≥ 10 s between connection attempts"; which attempts count: `droppedAttemptsCount`), else `admitted`.
 */
export function admitAttempt(facts: readonly LoggedFact[], role: IngestRole, rules: GcoreIngestRules, atMs: number): 'admitted' | 'busy' | 'rate-limited' {
  if (deriveSessions(facts, role, rules, atMs).open) return 'busy';
  let previousMs: number | null = null;
  for (const f of facts) {
    if (f.role !== role || f.kind !== 'attempt' || f.atMs > atMs) continue;
    if (f.outcome === 'admitted' || rules.droppedAttemptsCount) previousMs = f.atMs;
  }
  if (previousMs !== null && atMs < previousMs + rules.attemptMinIntervalMs) return 'rate-limited';
  return 'admitted';
}
