// The five live charts of the last 5 minutes: encoder bitrate, send bitrate and RTT per ingest, loss/retransmissions,
// frames; scaled robustly, with the target bitrate, health zones, event marks and the active ingest shaded.

import { useMemo, type JSX } from 'react';
import type { BroadcastEvent, IngestRole, StatsSnapshot, UplinkStats } from '../../../shared/broadcastTypes';
import type { ReferenceLine } from '../components/chartOverlays';
import { TimeSeriesChart } from '../components/TimeSeriesChart';
import {
  activeIngestSpans,
  bitrateTopKbps,
  CHART_LIMITS,
  eventMarkers,
  retransTopPct,
  retransZones,
  rttTopMs,
  rttZones,
  uplinkLegendValue,
} from '../logic/chartGuides';
import { liveChartData, type ChartColumns } from '../logic/liveChartData';

// Primary blue (solid, round markers), backup orange (dashed, square markers): distinguishable for the common
// colour-vision deficiencies and when the two lines coincide (redundant mode). The values live in app.css so the dark
// and light themes each get colours with enough contrast.
const PRIMARY = 'var(--series-primary)';
const BACKUP = 'var(--series-backup)';
const ENCODER = 'var(--series-encoder)';
const LOST_PRIMARY = 'var(--series-lost-primary)';
const LOST_BACKUP = 'var(--series-lost-backup)';
const NEUTRAL = 'var(--series-neutral)';
const TARGET = 'var(--series-target)';
const BACKUP_DASH = [8, 5];
/** Seconds after the newest snapshot an event may carry and still be marked (events can arrive between snapshots). */
const MARK_LEAD_S = 2;

export interface LiveChartsProps {
  snapshots: readonly StatsSnapshot[];
  /** The broadcast's events: failover, failback, suspect, retry and fault are marked on the time axis. */
  events?: readonly BroadcastEvent[];
  /** The configured bitrate (BroadcastStatus.config), drawn as a line; null when unknown. */
  targetKbps?: number | null;
  /** The SRT latency in use: the RTT chart is drawn against it. */
  latencyMs: number;
}

/** All values of the given columns (after x) in one list, for a scale shared by those series. */
function valuesOf(columns: ChartColumns, from = 1, to = columns.length): (number | null)[] {
  return columns.slice(from, to).flat() as (number | null)[];
}

function roleLegend(latest: StatsSnapshot | undefined, pick: (u: UplinkStats) => number | null): (number | null)[] {
  return (['primary', 'backup'] as const satisfies readonly IngestRole[]).map((role) => uplinkLegendValue(latest, role, pick));
}

export function LiveCharts({ snapshots, events = [], targetKbps = null, latencyMs }: LiveChartsProps): JSX.Element {
  const data = useMemo(() => liveChartData(snapshots), [snapshots]);
  const guides = useMemo(() => {
    const latest = snapshots.at(-1);
    const fromT = snapshots[0]?.t ?? 0;
    const toT = (latest?.t ?? 0) + MARK_LEAD_S;
    const target: ReferenceLine[] = targetKbps === null || !(targetKbps > 0) ? [] : [{ scale: 'kbps', y: targetKbps, label: 'Target', color: TARGET }];
    const sendAndEncoder = [...valuesOf(data.sendKbps), ...valuesOf(data.encoderKbps)];
    return {
      target,
      markers: snapshots.length === 0 ? [] : eventMarkers(events, fromT, toT),
      spans: activeIngestSpans(snapshots),
      encoderTopKbps: bitrateTopKbps(valuesOf(data.encoderKbps), targetKbps),
      sendTopKbps: bitrateTopKbps(sendAndEncoder, targetKbps),
      rttTopMs: rttTopMs(valuesOf(data.rttMs), latencyMs),
      retransTopPct: retransTopPct(valuesOf(data.lossRetrans, 1, 3)),
      rttZones: rttZones(latencyMs, 'ms'),
      retransZones: retransZones('%'),
      sendLegend: roleLegend(latest, (u) => u.sendKbps),
      rttLegend: roleLegend(latest, (u) => u.rttMs),
      lossLegend: [...roleLegend(latest, (u) => u.retransPct), ...roleLegend(latest, (u) => u.lostPkts)],
    };
  }, [snapshots, events, data, targetKbps, latencyMs]);
  const warnMs = Math.round(latencyMs * CHART_LIMITS.rttWarnShareOfLatency);
  const badMs = Math.round(latencyMs * CHART_LIMITS.rttBadShareOfLatency);

  return (
    <div className="chart-grid">
      <TimeSeriesChart
        title="Encoder bitrate"
        series={[{ label: 'Encoder', color: ENCODER, unit: 'kbps' }]}
        data={data.encoderKbps}
        yMax={{ kbps: guides.encoderTopKbps }}
        referenceLines={guides.target}
      />
      <TimeSeriesChart
        title="Send bitrate per ingest"
        series={[
          { label: 'Primary', color: PRIMARY, unit: 'kbps', marker: 'circle' },
          { label: 'Backup', color: BACKUP, unit: 'kbps', dashed: true, dash: BACKUP_DASH, widthPx: 2.5, marker: 'square' },
        ]}
        data={data.sendKbps}
        yMax={{ kbps: guides.sendTopKbps }}
        referenceLines={guides.target}
        timeSpans={guides.spans}
        timeMarkers={guides.markers}
        legendValues={guides.sendLegend}
        note="Shaded: the ingest carrying the stream (green primary, amber backup, red none)."
      />
      <TimeSeriesChart
        title="Round-trip time per ingest"
        series={[
          { label: 'Primary', color: PRIMARY, unit: 'ms', marker: 'circle' },
          { label: 'Backup', color: BACKUP, unit: 'ms', dashed: true, dash: BACKUP_DASH, widthPx: 2.5, marker: 'square' },
        ]}
        data={data.rttMs}
        yMax={{ ms: guides.rttTopMs }}
        zones={guides.rttZones}
        timeMarkers={guides.markers}
        legendValues={guides.rttLegend}
        note={`Against the SRT latency of ${latencyMs} ms: amber above ${warnMs} ms, red above ${badMs} ms (too little time left to repair losses).`}
      />
      <TimeSeriesChart
        title="Retransmissions and loss"
        series={[
          { label: 'Primary retrans', color: PRIMARY, unit: '%', marker: 'circle' },
          { label: 'Backup retrans', color: BACKUP, unit: '%', dashed: true, dash: BACKUP_DASH, widthPx: 2.5, marker: 'square' },
          { label: 'Primary lost', color: LOST_PRIMARY, unit: 'pkts' },
          { label: 'Backup lost', color: LOST_BACKUP, unit: 'pkts', dashed: true },
        ]}
        data={data.lossRetrans}
        yMax={{ '%': guides.retransTopPct }}
        zones={guides.retransZones}
        timeMarkers={guides.markers}
        legendValues={guides.lossLegend}
        note={`Retransmitted packets: amber above ${CHART_LIMITS.retransWarnPct} %, red above ${CHART_LIMITS.retransBadPct} % (the path is losing packets).`}
      />
      <TimeSeriesChart
        title="Encoder frames dropped / duplicated"
        series={[
          { label: 'Dropped', color: LOST_BACKUP, unit: 'frames' },
          { label: 'Duplicated', color: NEUTRAL, unit: 'frames', dashed: true },
        ]}
        data={data.frames}
      />
    </div>
  );
}
