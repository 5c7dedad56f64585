// The five live charts of the last 5 minutes: encoder bitrate, send bitrate and RTT per ingest, loss/retransmissions, frames.

import { useMemo, type JSX } from 'react';
import type { StatsSnapshot } from '../../../shared/broadcastTypes';
import { TimeSeriesChart } from '../components/TimeSeriesChart';
import { liveChartData } from '../logic/liveChartData';

// Primary blue, backup orange (dashed): distinguishable for the common colour-vision deficiencies. The values live in
// app.css so the dark and light themes each get colours with enough contrast.
const PRIMARY = 'var(--series-primary)';
const BACKUP = 'var(--series-backup)';
const ENCODER = 'var(--series-encoder)';
const LOST_PRIMARY = 'var(--series-lost-primary)';
const LOST_BACKUP = 'var(--series-lost-backup)';
const NEUTRAL = 'var(--series-neutral)';

export interface LiveChartsProps {
  snapshots: readonly StatsSnapshot[];
}

export function LiveCharts({ snapshots }: LiveChartsProps): JSX.Element {
  const data = useMemo(() => liveChartData(snapshots), [snapshots]);
  return (
    <div className="chart-grid">
      <TimeSeriesChart title="Encoder bitrate" series={[{ label: 'Encoder', color: ENCODER, unit: 'kbps' }]} data={data.encoderKbps} />
      <TimeSeriesChart
        title="Send bitrate per ingest"
        series={[
          { label: 'Primary', color: PRIMARY, unit: 'kbps' },
          { label: 'Backup', color: BACKUP, unit: 'kbps', dashed: true },
        ]}
        data={data.sendKbps}
      />
      <TimeSeriesChart
        title="Round-trip time per ingest"
        series={[
          { label: 'Primary', color: PRIMARY, unit: 'ms' },
          { label: 'Backup', color: BACKUP, unit: 'ms', dashed: true },
        ]}
        data={data.rttMs}
      />
      <TimeSeriesChart
        title="Retransmissions and loss"
        series={[
          { label: 'Primary retrans', color: PRIMARY, unit: '%' },
          { label: 'Backup retrans', color: BACKUP, unit: '%', dashed: true },
          { label: 'Primary lost', color: LOST_PRIMARY, unit: 'pkts' },
          { label: 'Backup lost', color: LOST_BACKUP, unit: 'pkts', dashed: true },
        ]}
        data={data.lossRetrans}
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
