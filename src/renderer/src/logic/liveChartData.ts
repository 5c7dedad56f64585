// Turns the ring of 1 Hz stats snapshots into the column arrays the live charts plot (x = unix seconds).

import { INGEST_ROLES, type IngestRole, type StatsSnapshot, type UplinkStats } from '../../../shared/broadcastTypes';

/** uPlot's aligned data: x values first, then one array per series (null = no value at that x). */
export type ChartColumns = [number[], ...(number | null)[][]];

export interface LiveChartData {
  encoderKbps: ChartColumns;
  /** primary, backup */
  sendKbps: ChartColumns;
  /** primary, backup */
  rttMs: ChartColumns;
  /** primary retrans %, backup retrans %, primary lost packets, backup lost packets */
  lossRetrans: ChartColumns;
  /** dropped, duplicated frames */
  frames: ChartColumns;
}

const ROLES: readonly IngestRole[] = INGEST_ROLES;

function perRole(snapshots: readonly StatsSnapshot[], pick: (u: UplinkStats) => number | null): (number | null)[][] {
  return ROLES.map((role) =>
    snapshots.map((s) => {
      const u = s.uplinks.find((x) => x.role === role);
      return u === undefined ? null : pick(u);
    }),
  );
}

export function liveChartData(snapshots: readonly StatsSnapshot[]): LiveChartData {
  const t = snapshots.map((s) => s.t);
  return {
    encoderKbps: [t, snapshots.map((s) => s.encoder.kbps)],
    sendKbps: [t, ...perRole(snapshots, (u) => u.sendKbps)],
    rttMs: [t, ...perRole(snapshots, (u) => u.rttMs)],
    lossRetrans: [t, ...perRole(snapshots, (u) => u.retransPct), ...perRole(snapshots, (u) => u.lostPkts)],
    frames: [t, snapshots.map((s) => s.encoder.dropped), snapshots.map((s) => s.encoder.duplicated)],
  };
}

/** Seconds of history the live charts show at most (the stats ring holds this much). */
export const CHART_WINDOW_S = 300;
/** Seconds the time axis spans at least: a new broadcast's line grows from the left edge over its first minute. */
export const CHART_MIN_WINDOW_S = 60;

/**
 * The time range a live chart shows. The first `minWindowS` of data fill the chart from its left edge (the axis
 * stays put meanwhile); then the range covers all the data with the newest sample at the right edge, up to
 * `windowS`, after which it slides.
 */
export function visibleTimeRangeS(firstS: number, lastS: number, windowS = CHART_WINDOW_S, minWindowS = CHART_MIN_WINDOW_S): [number, number] {
  if (!Number.isFinite(firstS) || !Number.isFinite(lastS)) return [lastS - windowS, lastS];
  const minS = Math.min(minWindowS, windowS);
  if (lastS - firstS < minS) return [firstS, firstS + minS];
  return [Math.max(firstS, lastS - windowS), lastS];
}
