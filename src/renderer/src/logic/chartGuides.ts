// The live charts' guides (pure): robust y scales, health zones, event marks on the time axis, active-ingest shading,
// legend values and the marker positions that keep overlapping lines apart.

import type { BroadcastEvent, BroadcastEventKind, IngestRole, StatsSnapshot, UplinkState, UplinkStats } from '../../../shared/broadcastTypes';

/** A horizontal band of one y scale: the values in it are worth attention (`warn`) or harm viewers (`bad`). */
export interface YZone {
  scale: string;
  fromY: number;
  /** `Infinity`: up to the top of the chart. */
  toY: number;
  tone: 'warn' | 'bad';
  label: string;
}

/** A vertical mark on the time axis. */
export interface TimeMarker {
  /** Unix seconds. */
  t: number;
  kind: BroadcastEventKind;
  /** Short text drawn beside the mark, e.g. `Failover → backup`. */
  label: string;
  tone: 'good' | 'warn' | 'bad' | 'info';
}

/** A stretch of time during which one ingest (or none) carried the stream. */
export interface TimeSpan {
  /** Unix seconds, inclusive. */
  fromT: number;
  /** Unix seconds, exclusive. */
  toT: number;
  active: IngestRole | null;
}

/** Thresholds the zones are drawn at, each with its reason. */
export const CHART_LIMITS = Object.freeze({
  /** RTT above this share of the SRT latency eats into the time left for repairs: amber. */
  rttWarnShareOfLatency: 0.25,
  /** …above this share the engine warns (`rtt-high`, broadcastWarnings.ts): red. */
  rttBadShareOfLatency: 0.4,
  /** The RTT chart shows at least this share of the latency, so a healthy line stays low instead of filling the chart. */
  rttMinTopShareOfLatency: 0.5,
  /** Retransmitted share of packets above which the path is lossy: amber. */
  retransWarnPct: 2,
  /** …above this the engine warns (`retransmissions-high`): red. */
  retransBadPct: 5,
  /** The retransmission chart shows at least 0–this %, so both zones are always in view. */
  retransMinTopPct: 7.5,
  /** Percentile of the window that sets the top of a scale: a few outliers (the start-up GOP burst) do not. */
  scalePercentile: 0.95,
  /** Room above that percentile. */
  scaleHeadroom: 1.25,
  /** A bitrate scale reaches at least this multiple of the target, and a burst clips at `bitrateCapOfTarget`×. */
  bitrateMinTopOfTarget: 1.25,
  bitrateCapOfTarget: 2,
});

/** The `p` quantile (0–1, nearest rank) of the finite values; null when there are none. */
export function percentile(values: readonly (number | null | undefined)[], p: number): number | null {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return null;
  const rank = Math.ceil(Math.min(1, Math.max(0, p)) * finite.length);
  return finite[Math.max(0, rank - 1)] ?? null;
}

export interface RobustTopOptions {
  /** Every value plotted on the scale, all series together. */
  values: readonly (number | null | undefined)[];
  /** The top is never below this (e.g. 1.25 × the target bitrate). */
  floor: number;
  /** …nor above this, when given: a value beyond it is clipped at the top edge (the legend prints the real figure). */
  cap?: number;
}

/** Top of a y scale from the window's 95th percentile with headroom, not from its maximum. */
export function robustTop({ values, floor, cap }: RobustTopOptions): number {
  const p = percentile(values, CHART_LIMITS.scalePercentile);
  let top = Math.max(floor, p === null ? 0 : p * CHART_LIMITS.scaleHeadroom);
  if (cap !== undefined && cap >= floor) top = Math.min(top, cap);
  return top > 0 ? top : 1;
}

/** Bitrate scale top: around the target when there is one, robust to the start-up burst either way. */
export function bitrateTopKbps(values: readonly (number | null | undefined)[], targetKbps: number | null): number {
  if (targetKbps === null || !(targetKbps > 0)) return robustTop({ values, floor: 0 });
  return robustTop({ values, floor: targetKbps * CHART_LIMITS.bitrateMinTopOfTarget, cap: targetKbps * CHART_LIMITS.bitrateCapOfTarget });
}

/** RTT scale top: at least half the SRT latency (so 10 ms of jitter against 2000 ms looks as small as it is). */
export function rttTopMs(values: readonly (number | null | undefined)[], latencyMs: number): number {
  const floor = latencyMs * CHART_LIMITS.rttMinTopShareOfLatency;
  return robustTop({ values, floor, cap: Math.max(floor, latencyMs) });
}

/** Amber from 25 % of the latency, red from 40 % (where the engine's `rtt-high` warning starts). */
export function rttZones(latencyMs: number, scale = 'ms'): YZone[] {
  const warn = latencyMs * CHART_LIMITS.rttWarnShareOfLatency;
  const bad = latencyMs * CHART_LIMITS.rttBadShareOfLatency;
  return [
    { scale, fromY: warn, toY: bad, tone: 'warn', label: `over ${Math.round(CHART_LIMITS.rttWarnShareOfLatency * 100)} % of the latency` },
    { scale, fromY: bad, toY: Number.POSITIVE_INFINITY, tone: 'bad', label: `over ${Math.round(CHART_LIMITS.rttBadShareOfLatency * 100)} % of the latency` },
  ];
}

/** Retransmission scale top: both zones in view, more when the path is worse. */
export function retransTopPct(values: readonly (number | null | undefined)[]): number {
  return robustTop({ values, floor: CHART_LIMITS.retransMinTopPct });
}

/** Amber above 2 % retransmitted, red above 5 % (the engine's `retransmissions-high`). */
export function retransZones(scale = '%'): YZone[] {
  return [
    { scale, fromY: CHART_LIMITS.retransWarnPct, toY: CHART_LIMITS.retransBadPct, tone: 'warn', label: `over ${CHART_LIMITS.retransWarnPct} %` },
    { scale, fromY: CHART_LIMITS.retransBadPct, toY: Number.POSITIVE_INFINITY, tone: 'bad', label: `over ${CHART_LIMITS.retransBadPct} %` },
  ];
}

const MARKED: Partial<Record<BroadcastEventKind, { name: string; tone: TimeMarker['tone'] }>> = {
  failover: { name: 'Failover', tone: 'bad' },
  failback: { name: 'Failback', tone: 'good' },
  suspect: { name: 'Suspect', tone: 'warn' },
  retry: { name: 'Retry', tone: 'info' },
  fault: { name: 'Fault', tone: 'bad' },
};

/**
 * A mark's words. The engine's failover names the ingest that failed (the other one carries on) and a failback always
 * returns to the primary (its role may name the backup that broke); the other kinds name the ingest they concern.
 */
function markerLabel(name: string, e: BroadcastEvent): string {
  if (e.kind === 'failback') return `${name} → primary`;
  if (e.role === undefined) return name;
  if (e.kind === 'failover') return `${name} ${e.role} → ${e.role === 'primary' ? 'backup' : 'primary'}`;
  return `${name} ${e.role}`;
}

/** Failover, failback, suspect, retry and fault events within [fromT, toT] as marks on the time axis, oldest first. */
export function eventMarkers(events: readonly BroadcastEvent[], fromT: number, toT: number): TimeMarker[] {
  const out: TimeMarker[] = [];
  for (const e of events) {
    const m = MARKED[e.kind];
    if (m === undefined || e.t < fromT || e.t > toT) continue;
    out.push({ t: e.t, kind: e.kind, label: markerLabel(m.name, e), tone: m.tone });
  }
  return out.sort((a, b) => a.t - b.t);
}

/** Snapshots further apart than this (a reload, a stopped engine) leave a gap instead of a span across it. */
const MAX_SAMPLE_GAP_S = 2;

/** Consecutive snapshots with the same active ingest as one span each; a span ends where the next begins. */
export function activeIngestSpans(snapshots: readonly StatsSnapshot[]): TimeSpan[] {
  const spans: TimeSpan[] = [];
  for (const [i, s] of snapshots.entries()) {
    const next = snapshots[i + 1];
    const toT = next !== undefined && next.t - s.t <= MAX_SAMPLE_GAP_S ? next.t : s.t + 1;
    const last = spans.at(-1);
    if (last !== undefined && last.active === s.active && last.toT === s.t) last.toT = toT;
    else spans.push({ fromT: s.t, toT, active: s.active });
  }
  return spans;
}

/** States in which an uplink carries nothing: its legend reads "—", not the last figure it had. */
const IDLE_STATES: ReadonlySet<UplinkState> = new Set<UplinkState>(['down', 'refused', 'stopped', 'standby']);

/** The figure a legend shows for one uplink now: null (printed "—") when it is missing or carries nothing. */
export function uplinkLegendValue(
  latest: StatsSnapshot | undefined,
  role: IngestRole,
  pick: (u: UplinkStats) => number | null,
): number | null {
  const u = latest?.uplinks.find((x) => x.role === role);
  if (u === undefined || IDLE_STATES.has(u.state)) return null;
  return pick(u);
}

/**
 * Sample indices at which a series draws its markers: every `everyN`-th, starting at `phase`, so two series with
 * different phases never put their markers on the same sample (in redundant mode both lines can coincide).
 */
export function markerIndices(length: number, everyN: number, phase: number): number[] {
  const step = Math.max(1, Math.floor(everyN));
  const out: number[] = [];
  for (let i = ((phase % step) + step) % step; i < length; i += step) out.push(i);
  return out;
}
