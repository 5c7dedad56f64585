// Turns the ring of 1 Hz stats snapshots into the column arrays the live charts plot (x = unix seconds).

import type { IngestRole, StatsSnapshot, UplinkStats } from '../../../shared/broadcastTypes';

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

const ROLES: readonly IngestRole[] = ['primary', 'backup'];

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
