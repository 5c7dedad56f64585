// The live charts' guides: robust scales, zones, event marks, active-ingest spans, legend values, marker spacing.
// (.tsx only because the renderer test project picks up *.test.tsx.)

import { describe, expect, it } from 'vitest';
import {
  activeIngestSpans,
  bitrateTopKbps,
  eventMarkers,
  markerIndices,
  percentile,
  retransTopPct,
  retransZones,
  rttTopMs,
  rttZones,
  uplinkLegendValue,
} from '../../src/renderer/src/logic/chartGuides';
import type { BroadcastEvent, IngestRole, UplinkState } from '../../src/shared/broadcastTypes';
import { fakeSnapshot, fakeUplink } from './fixtures';

const T0 = 1_750_000_000;
/** The start seen in the field: a 5.4 Mbps GOP burst, then a steady 1 Mbps. */
const BURST_THEN_STEADY = [5400, 3100, ...Array.from({ length: 58 }, (_, i) => 990 + (i % 3) * 10)];

describe('percentile', () => {
  it.each([
    { values: [], p: 0.95, want: null },
    { values: [null, undefined, Number.NaN], p: 0.95, want: null },
    { values: [7], p: 0.95, want: 7 },
    { values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], p: 0.5, want: 5 },
    { values: [10, 9, 8, 7, 6, 5, 4, 3, 2, 1], p: 0.9, want: 9 },
    { values: [1, null, 3, 2], p: 1, want: 3 },
    { values: [1, 2, 3], p: 0, want: 1 },
  ])('p$p of $values is $want', ({ values, p, want }) => {
    expect(percentile(values, p)).toBe(want);
  });
});

describe('y scale tops', () => {
  it.each([
    // The field case: the burst must not set the scale; the 1 Mbps line sits at about 3/4 of the height.
    { name: 'burst then steady, target 1000', values: BURST_THEN_STEADY, target: 1000, want: 1262.5 },
    { name: 'burst alone in the first seconds is clipped at 2× the target', values: [5400, 5300, 1000], target: 1000, want: 2000 },
    { name: 'a quiet start still shows the target with room', values: [0, 0, 10], target: 2500, want: 3125 },
    { name: 'no target: the percentile with headroom', values: [800, 800, 800, 800], target: null, want: 1000 },
    { name: 'no data and no target: a unit range', values: [], target: null, want: 1 },
  ])('bitrate: $name', ({ values, target, want }) => {
    expect(bitrateTopKbps(values, target)).toBe(want);
  });

  it.each([
    // 5–10 ms of jitter against 2000 ms of latency: the chart spans 0–1000 ms, the line stays at the bottom.
    { name: 'loopback RTT against 2000 ms', values: [3, 10, 4, 6], latency: 2000, want: 1000 },
    { name: 'a long path raises the top', values: [900, 950, 1000, 980], latency: 2000, want: 1250 },
    { name: 'never above the latency itself', values: [1900, 2100, 2500], latency: 2000, want: 2000 },
    { name: 'a short latency', values: [40, 45], latency: 120, want: 60 },
  ])('RTT: $name', ({ values, latency, want }) => {
    expect(rttTopMs(values, latency)).toBe(want);
  });

  it.each([
    { name: 'a clean path shows both zones', values: [0, 0.1, 0.2], want: 7.5 },
    { name: 'a lossy path raises the top', values: [10, 12, 20, 16], want: 25 },
  ])('retransmissions: $name', ({ values, want }) => {
    expect(retransTopPct(values)).toBe(want);
  });
});

describe('zones', () => {
  it('puts RTT amber from 25 % and red from 40 % of the latency (the engine warns at 40 %)', () => {
    expect(rttZones(2000).map((z) => [z.fromY, z.toY, z.tone, z.scale])).toEqual([
      [500, 800, 'warn', 'ms'],
      [800, Number.POSITIVE_INFINITY, 'bad', 'ms'],
    ]);
  });

  it('puts retransmissions amber above 2 % and red above 5 %', () => {
    expect(retransZones().map((z) => [z.fromY, z.toY, z.tone, z.scale])).toEqual([
      [2, 5, 'warn', '%'],
      [5, Number.POSITIVE_INFINITY, 'bad', '%'],
    ]);
  });
});

describe('eventMarkers', () => {
  const ev = (dt: number, kind: BroadcastEvent['kind'], role?: IngestRole): BroadcastEvent => ({
    type: 'event',
    t: T0 + dt,
    kind,
    detail: kind,
    ...(role === undefined ? {} : { role }),
  });

  it('marks failover, failback, suspect, retry and fault within the window, oldest first; skips the rest', () => {
    const events = [
      ev(-5, 'failover', 'backup'), // before the window
      ev(12, 'failback', 'primary'),
      ev(1, 'connected', 'primary'),
      ev(3, 'suspect', 'primary'),
      ev(4, 'failover', 'primary'), // the engine names the ingest that failed
      ev(8, 'retry', 'primary'),
      ev(2, 'fault', 'primary'),
      ev(6, 'state'),
      ev(99, 'failback', 'primary'), // after it
      ev(20, 'failback', 'backup'), // the backup broke while the primary was live: back to the primary all the same
    ];
    expect(eventMarkers(events, T0, T0 + 60).map((m) => [m.t - T0, m.label, m.tone])).toEqual([
      [2, 'Fault primary', 'bad'],
      [3, 'Suspect primary', 'warn'],
      [4, 'Failover primary → backup', 'bad'],
      [8, 'Retry primary', 'info'],
      [12, 'Failback → primary', 'good'],
      [20, 'Failback → primary', 'good'],
    ]);
  });
});

describe('activeIngestSpans', () => {
  it.each([
    { name: 'nothing yet', actives: [], want: [] },
    { name: 'one ingest all along', actives: ['primary', 'primary', 'primary'], want: [[0, 3, 'primary']] },
    {
      name: 'failover and failback',
      actives: ['primary', 'primary', null, 'backup', 'backup', 'primary'],
      want: [
        [0, 2, 'primary'],
        [2, 3, null],
        [3, 5, 'backup'],
        [5, 6, 'primary'],
      ],
    },
  ] as const)('$name', ({ actives, want }) => {
    const snapshots = actives.map((active, i) => fakeSnapshot(T0 + i, { active }));
    expect(activeIngestSpans(snapshots).map((s) => [s.fromT - T0, s.toT - T0, s.active])).toEqual(want);
  });

  it('does not bridge a gap in the snapshots', () => {
    const snapshots = [fakeSnapshot(T0), fakeSnapshot(T0 + 1), fakeSnapshot(T0 + 10)];
    expect(activeIngestSpans(snapshots).map((s) => [s.fromT - T0, s.toT - T0])).toEqual([
      [0, 2],
      [10, 11],
    ]);
  });
});

describe('uplinkLegendValue', () => {
  it.each<{ state: UplinkState; want: number | null }>([
    { state: 'live', want: 42 },
    { state: 'suspect', want: 42 },
    { state: 'connecting', want: 42 },
    { state: 'down', want: null },
    { state: 'refused', want: null },
    { state: 'stopped', want: null },
    { state: 'standby', want: null },
  ])('$state → $want', ({ state, want }) => {
    const latest = fakeSnapshot(T0, { uplinks: [fakeUplink('backup', { state, rttMs: 42 })] });
    expect(uplinkLegendValue(latest, 'backup', (u) => u.rttMs)).toBe(want);
  });

  it('is empty without a snapshot or without that uplink', () => {
    expect(uplinkLegendValue(undefined, 'primary', (u) => u.rttMs)).toBeNull();
    expect(uplinkLegendValue(fakeSnapshot(T0, { uplinks: [fakeUplink('primary')] }), 'backup', (u) => u.rttMs)).toBeNull();
  });
});

describe('markerIndices', () => {
  it.each([
    { length: 0, everyN: 10, phase: 0, want: [] },
    { length: 25, everyN: 10, phase: 0, want: [0, 10, 20] },
    { length: 25, everyN: 10, phase: 5, want: [5, 15] },
    { length: 5, everyN: 0, phase: 0, want: [0, 1, 2, 3, 4] },
    { length: 12, everyN: 5, phase: 12, want: [2, 7] },
  ])('length $length every $everyN from $phase', ({ length, everyN, phase, want }) => {
    expect(markerIndices(length, everyN, phase)).toEqual(want);
  });
});
