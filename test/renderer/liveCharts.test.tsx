// The live charts as a streamer reads them: scales that ignore the start-up burst, the target line, RTT against the
// SRT latency with zones, retransmission zones, event marks, the active ingest shaded, "—" for idle uplinks, and the
// two ingests' lines kept apart. Charts are the chartStub recorder (uPlot cannot load in jsdom; see chartStub.tsx).

import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TimeSeriesChartProps } from '../../src/renderer/src/components/TimeSeriesChart';
import { LiveCharts } from '../../src/renderer/src/screens/LiveCharts';
import type { BroadcastEvent, StatsSnapshot } from '../../src/shared/broadcastTypes';
import { chartProps } from './chartStub';
import { fakeSnapshot, fakeUplink } from './fixtures';

vi.mock('../../src/renderer/src/components/TimeSeriesChart', () => import('./chartStub'));

beforeEach(() => chartProps.clear());
afterEach(cleanup);

const T0 = 1_750_000_000;

function props(title: string): TimeSeriesChartProps {
  const p = chartProps.get(title);
  if (p === undefined) throw new Error(`chart ${title} not rendered`);
  return p;
}

/** The field case: a 5.4 Mbps GOP burst in the first two seconds, then a steady 1 Mbps on the primary. */
function burstThenSteady(seconds: number): StatsSnapshot[] {
  return Array.from({ length: seconds }, (_, i) => {
    const kbps = i === 0 ? 5400 : i === 1 ? 3100 : 1000;
    return fakeSnapshot(T0 + i, {
      encoder: { fps: 30, kbps, speed: 1, dropped: 0, duplicated: 0, restarts: 0 },
      uplinks: [fakeUplink('primary', { sendKbps: kbps, rttMs: 4 + (i % 5) })],
    });
  });
}

function event(dt: number, kind: BroadcastEvent['kind'], role: BroadcastEvent['role'], detail: string = kind): BroadcastEvent {
  return { type: 'event', t: T0 + dt, kind, detail, ...(role === undefined ? {} : { role }) };
}

describe('LiveCharts', () => {
  it('scales the bitrate charts to the steady stream, not the start-up burst, and draws the target', () => {
    render(<LiveCharts snapshots={burstThenSteady(60)} targetKbps={1000} latencyMs={2000} />);
    for (const title of ['Encoder bitrate', 'Send bitrate per ingest']) {
      // The 1 Mbps line sits at 80 % of the height (the burst clipped at the top) instead of the bottom fifth.
      expect(props(title).yMax).toEqual({ kbps: 1250 });
      expect(props(title).referenceLines).toEqual([{ scale: 'kbps', y: 1000, label: 'Target', color: 'var(--series-target)' }]);
    }
  });

  it('draws RTT against the SRT latency with amber and red zones, not auto-scaled to the jitter', () => {
    render(<LiveCharts snapshots={burstThenSteady(30)} targetKbps={1000} latencyMs={2000} />);
    const rtt = props('Round-trip time per ingest');
    expect(rtt.yMax).toEqual({ ms: 1000 });
    expect(rtt.zones?.map((z) => [z.scale, z.fromY, z.toY, z.tone])).toEqual([
      ['ms', 500, 800, 'warn'],
      ['ms', 800, Number.POSITIVE_INFINITY, 'bad'],
    ]);
    expect(rtt.note).toBe('Against the SRT latency of 2000 ms: amber above 500 ms, red above 800 ms (too little time left to repair losses).');

    const loss = props('Retransmissions and loss');
    expect(loss.yMax).toEqual({ '%': 7.5 });
    expect(loss.zones?.map((z) => [z.scale, z.fromY, z.toY, z.tone])).toEqual([
      ['%', 2, 5, 'warn'],
      ['%', 5, Number.POSITIVE_INFINITY, 'bad'],
    ]);
  });

  it('marks failover, failback, suspect and retry on the uplinks’ time axes and shades the ingest that carried the stream', () => {
    const actives = ['primary', 'primary', 'primary', 'backup', 'backup', 'backup', 'primary'] as const;
    const snapshots = actives.map((active, i) => fakeSnapshot(T0 + i, { active }));
    const events = [
      event(-30, 'failover', 'primary'), // older than the charts' window
      event(0, 'connected', 'primary'),
      event(2, 'suspect', 'primary'),
      event(3, 'failover', 'primary', 'primary went silent; the backup carries the stream'), // names the ingest that failed
      event(4, 'retry', 'primary'),
      event(6, 'failback', 'primary'),
    ];
    render(<LiveCharts snapshots={snapshots} events={events} targetKbps={2500} latencyMs={2000} />);
    expect(props('Encoder bitrate').timeMarkers).toBeUndefined();
    for (const title of ['Send bitrate per ingest', 'Round-trip time per ingest', 'Retransmissions and loss']) {
      expect(props(title).timeMarkers?.map((m) => [m.t - T0, m.label, m.tone])).toEqual([
        [2, 'Suspect primary', 'warn'],
        [3, 'Failover primary → backup', 'bad'],
        [4, 'Retry primary', 'info'],
        [6, 'Failback → primary', 'good'],
      ]);
    }
    expect(props('Send bitrate per ingest').timeSpans?.map((s) => [s.fromT - T0, s.toT - T0, s.active])).toEqual([
      [0, 3, 'primary'],
      [3, 6, 'backup'],
      [6, 7, 'primary'],
    ]);
  });

  it('prints "—" for an uplink that is down or on standby, not its last figures', () => {
    const snapshots = [
      fakeSnapshot(T0, { uplinks: [fakeUplink('primary', { rttMs: 31, sendKbps: 2700 }), fakeUplink('backup', { rttMs: 48, sendKbps: 2650, state: 'standby' })] }),
      fakeSnapshot(T0 + 1, {
        active: 'backup',
        uplinks: [
          fakeUplink('primary', { state: 'down', rttMs: 31, sendKbps: 2700, retransPct: 9, lostPkts: 12 }),
          fakeUplink('backup', { rttMs: 45, sendKbps: 2500, retransPct: 1.5, lostPkts: 2 }),
        ],
      }),
    ];
    render(<LiveCharts snapshots={snapshots.slice(0, 1)} targetKbps={2500} latencyMs={2000} />);
    expect(props('Send bitrate per ingest').legendValues).toEqual([2700, null]);
    expect(props('Round-trip time per ingest').legendValues).toEqual([31, null]);
    cleanup();
    render(<LiveCharts snapshots={snapshots} targetKbps={2500} latencyMs={2000} />);
    expect(props('Send bitrate per ingest').legendValues).toEqual([null, 2500]);
    expect(props('Round-trip time per ingest').legendValues).toEqual([null, 45]);
    expect(props('Retransmissions and loss').legendValues).toEqual([null, 1.5, null, 2]);
  });

  it('keeps both ingests’ lines distinguishable when they coincide (redundant mode): different dashes and markers', () => {
    const snapshots = [0, 1, 2].map((i) =>
      fakeSnapshot(T0 + i, { uplinks: [fakeUplink('primary', { sendKbps: 2500, rttMs: 30 }), fakeUplink('backup', { sendKbps: 2500, rttMs: 30 })] }),
    );
    render(<LiveCharts snapshots={snapshots} targetKbps={2500} latencyMs={2000} />);
    for (const title of ['Send bitrate per ingest', 'Round-trip time per ingest']) {
      const p = props(title);
      const v = title.startsWith('Send') ? 2500 : 30;
      // Both lines are drawn (neither hidden or dropped)…
      expect(p.data.slice(1)).toEqual([
        [v, v, v],
        [v, v, v],
      ]);
      // …and told apart: the backup dashed and square-marked over the solid, round-marked primary.
      const [primary, backup] = p.series;
      expect([primary?.dash, primary?.marker]).toEqual([undefined, 'circle']);
      expect([backup?.dash, backup?.marker]).toEqual([[8, 5], 'square']);
    }
  });
});
