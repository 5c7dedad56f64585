// Pure: what viewers see, from the sessions of both ingests, under the platform's failover rules (gcore-api.md §3
// "Primary/backup semantics": primary priority, switch after ~3 s missing while the backup is online, switch back after
// 60 s stable, ~15 s without picture on every switch).

import type { GcoreIngestRules } from './gcoreIngestRules';
import type { IngestRole, IngestSession, NoPictureInterval, NoPictureReason, ViewerEvent, ViewerReport } from './ingestModelTypes';

/** Data arriving on one session: [fromMs, toMs). */
interface Span {
  fromMs: number;
  toMs: number;
  session: IngestSession;
}

interface WatchPeriod {
  fromMs: number;
  role: IngestRole;
  session: IngestSession;
  gapUntilMs: number;
  gapReason: NoPictureReason;
}

interface Segment {
  fromMs: number;
  toMs: number;
  reason: NoPictureReason | null; // null = picture
}

const other = (r: IngestRole): IngestRole => (r === 'primary' ? 'backup' : 'primary');

function spansOf(sessions: readonly IngestSession[]): Span[] {
  return sessions.flatMap((session) => session.data.map((d) => ({ fromMs: d.fromMs, toMs: d.toMs ?? Infinity, session })))
    .filter((s) => s.toMs > s.fromMs);
}

const spanAt = (spans: readonly Span[], t: number): Span | undefined => spans.find((s) => s.fromMs <= t && t < s.toMs);

/**
 * Data spans of one role merged across gaps shorter than their session's SRT latency: what the ingest delivers as one
 * uninterrupted stream (the receiver's buffer covers the gap). The switch back waits for 60 s of this, so a hiccup of a
 * few hundred milliseconds that SRT absorbs does not restart the platform's stability clock.
 */
function stableRuns(spans: readonly Span[]): Span[] {
  const runs: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.fromMs - b.fromMs)) {
    const last = runs.at(-1);
    if (last && last.session === s.session && s.fromMs - last.toMs < s.session.latencyMs) last.toMs = Math.max(last.toMs, s.toMs);
    else runs.push({ ...s });
  }
  return runs;
}

function lastEndAtOrBefore(spans: readonly Span[], t: number): number | null {
  let end: number | null = null;
  for (const s of spans) if (s.toMs <= t && (end === null || s.toMs > end)) end = s.toMs;
  return end;
}

/**
 * "Picture" spans of a role: data arriving plus the SRT latency after it stops. A network glitch shorter than the
 * latency is absorbed (the receiver still plays buffered packets and retransmissions arrive in time); a longer one loses
 * the picture from `stop + latency` until data arrives again. (An encoder that stalls would lose the whole gap; the
 * model counts every gap like a network glitch.)
 */
function presentSpans(spans: readonly Span[]): Array<{ fromMs: number; toMs: number }> {
  return spans.map((s) => ({ fromMs: s.fromMs, toMs: s.toMs + s.session.latencyMs })).sort((a, b) => a.fromMs - b.fromMs);
}

/** Splits [fromMs, toMs) into picture / no-data segments by the role's present spans. */
function pictureSegments(present: ReadonlyArray<{ fromMs: number; toMs: number }>, fromMs: number, toMs: number): Segment[] {
  const out: Segment[] = [];
  let t = fromMs;
  for (const p of present) {
    if (p.toMs <= t || t >= toMs) continue;
    if (p.fromMs >= toMs) break;
    if (p.fromMs > t) out.push({ fromMs: t, toMs: p.fromMs, reason: 'no-data' });
    const end = Math.min(p.toMs, toMs);
    out.push({ fromMs: Math.max(t, p.fromMs), toMs: end, reason: null });
    t = end;
  }
  if (t < toMs) out.push({ fromMs: t, toMs, reason: 'no-data' });
  return out;
}

/** The platform's decisions over [fromMs, untilMs], evaluated at every time a rule's condition can change. */
function decide(spans: Record<IngestRole, Span[]>, rules: GcoreIngestRules, fromMs: number, untilMs: number): { periods: WatchPeriod[]; events: ViewerEvent[] } {
  const times = new Set<number>([fromMs]);
  const primaryRuns = stableRuns(spans.primary);
  for (const s of [...spans.primary, ...spans.backup]) {
    for (const t of [s.fromMs, s.toMs, s.toMs + rules.switchAfterMissingMs]) {
      if (t >= fromMs && t <= untilMs) times.add(t);
    }
  }
  for (const run of primaryRuns) {
    const t = run.fromMs + rules.switchBackStableMs;
    if (t >= fromMs && t <= untilMs) times.add(t);
  }
  const periods: WatchPeriod[] = [];
  const events: ViewerEvent[] = [];
  const watch = (t: number, kind: ViewerEvent['kind'], span: Span, reason: string, gapMs: number): void => {
    const from = periods.at(-1)?.role ?? null;
    const role = span.session.role;
    events.push({ atMs: t, kind, from, to: role, reason });
    periods.push({ fromMs: t, role, session: span.session, gapUntilMs: t + gapMs, gapReason: kind === 'switch' ? 'switch-gap' : 'start-gap' });
  };
  // Conditions compare `t >= edge + threshold`, the very sum the candidate time was built from: `t - edge >= threshold`
  // can miss it by a rounding error with fractional clock values.
  for (const t of [...times].sort((a, b) => a - b)) {
    // A decision can enable another at the same instant (a switch onto a role that then restarts): settle first.
    for (let settled = false, guard = 0; !settled && guard < 4; guard++) {
      settled = true;
      const current = periods.at(-1);
      const online = (r: IngestRole): Span | undefined => spanAt(spans[r], t);
      if (!current) {
        const first = online('primary') ?? online('backup'); // primary has priority
        if (first) watch(t, 'start', first, `${first.session.role} receives data`, rules.startGapMs);
        settled = !first;
        continue;
      }
      const w = current.role;
      const mine = online(w);
      const theirs = online(other(w));
      const primary = online('primary');
      const stableSince = primary ? spanAt(primaryRuns, t)?.fromMs : undefined;
      if (w === 'backup' && primary && stableSince !== undefined && t >= stableSince + rules.switchBackStableMs) {
        watch(t, 'switch', primary, `primary stable for ${Math.round(t - stableSince)} ms`, rules.switchBackGapMs);
        settled = false;
      } else if (!mine && theirs) {
        const missingSinceMs = lastEndAtOrBefore(spans[w], t) ?? current.fromMs;
        if (t >= missingSinceMs + rules.switchAfterMissingMs) {
          watch(t, 'switch', theirs, `${w} missing for ${Math.round(t - missingSinceMs)} ms, ${other(w)} online`, rules.switchGapMs);
          settled = false;
        }
      } else if (mine && mine.session !== current.session) {
        watch(t, 'restart', mine, `${w} carries data on a new connection`, rules.startGapMs);
        settled = false;
      }
    }
  }
  return { periods, events };
}

function mergeNoPicture(segments: readonly Segment[]): NoPictureInterval[] {
  const out: NoPictureInterval[] = [];
  for (const s of segments) {
    if (s.reason === null || s.toMs <= s.fromMs) continue;
    const last = out.at(-1);
    if (last && last.reason === s.reason && last.toMs === s.fromMs) last.toMs = s.toMs;
    else out.push({ fromMs: s.fromMs, toMs: s.toMs, reason: s.reason });
  }
  return out;
}

/** The viewer timeline from `fromMs` to `untilMs` for the sessions of both ingests (as derived up to `untilMs`). */
export function viewerTimeline(
  sessions: Record<IngestRole, IngestSession[]>,
  rules: GcoreIngestRules,
  fromMs: number,
  untilMs: number,
): Pick<ViewerReport, 'watching' | 'events' | 'noPicture' | 'totals'> {
  const spans = { primary: spansOf(sessions.primary), backup: spansOf(sessions.backup) };
  const { periods, events } = decide(spans, rules, fromMs, untilMs);
  const segments: Segment[] = [];
  const watching: ViewerReport['watching'] = [];
  const firstFromMs = periods[0]?.fromMs ?? untilMs;
  if (firstFromMs > fromMs) {
    segments.push({ fromMs, toMs: firstFromMs, reason: 'not-started' });
    watching.push({ fromMs, toMs: firstFromMs, role: null });
  }
  periods.forEach((p, i) => {
    const endMs = periods[i + 1]?.fromMs ?? untilMs;
    watching.push({ fromMs: p.fromMs, toMs: endMs, role: p.role });
    const gapEndMs = Math.min(p.gapUntilMs, endMs);
    if (gapEndMs > p.fromMs) segments.push({ fromMs: p.fromMs, toMs: gapEndMs, reason: p.gapReason });
    if (endMs > gapEndMs) segments.push(...pictureSegments(presentSpans(spans[p.role]), gapEndMs, endMs));
  });
  const firstPictureAtMs = segments.find((s) => s.reason === null && s.toMs > s.fromMs)?.fromMs ?? null;
  const noPicture = mergeNoPicture(segments);
  const afterFirst = firstPictureAtMs ?? untilMs;
  const noPictureMs = noPicture.reduce((sum, n) => sum + Math.max(0, n.toMs - Math.max(n.fromMs, afterFirst)), 0);
  return {
    watching,
    events,
    noPicture,
    totals: {
      noPictureMs,
      beforeFirstPictureMs: afterFirst - fromMs,
      firstPictureAtMs,
      switches: events.filter((e) => e.kind === 'switch').length,
      restarts: events.filter((e) => e.kind === 'restart').length,
    },
  };
}
