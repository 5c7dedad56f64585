// TimeSeriesChart wrapper: creates one uPlot, hands it each new data set, destroys it on unmount, prints latest values.
// uPlot itself needs matchMedia and a 2D canvas, which jsdom lacks, so 'uplot' is replaced by a recording fake here.

import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TimeSeriesChart, type ChartSeriesSpec } from '../../src/renderer/src/components/TimeSeriesChart';
import type { ChartColumns } from '../../src/renderer/src/logic/liveChartData';

interface FakePlot {
  opts: { series: { label?: string }[]; scales: Record<string, unknown>; axes: { scale?: string; side?: number }[] };
  data: unknown;
  target: HTMLElement;
  setData: ReturnType<typeof vi.fn>;
  setSize: ReturnType<typeof vi.fn>;
  destroy: ReturnType<typeof vi.fn>;
}

const plots: FakePlot[] = [];

vi.mock('uplot', () => ({
  default: class {
    height = 180;
    setData = vi.fn();
    setSize = vi.fn();
    destroy = vi.fn();
    constructor(opts: FakePlot['opts'], data: unknown, target: HTMLElement) {
      plots.push({ opts, data, target, setData: this.setData, setSize: this.setSize, destroy: this.destroy });
    }
  },
}));

beforeEach(() => {
  plots.length = 0;
});
afterEach(cleanup);

const SERIES: ChartSeriesSpec[] = [
  { label: 'Primary retrans', color: '#4da3ff', unit: '%' },
  { label: 'Primary lost', color: '#ff6b81', unit: 'pkts' },
];

describe('TimeSeriesChart', () => {
  it('creates one plot with the data, updates it in place and destroys it on unmount', () => {
    const first: ChartColumns = [[100, 101], [0.5, 1.25], [0, 3]];
    const view = render(<TimeSeriesChart title="Retransmissions and loss" series={SERIES} data={first} />);
    expect(plots).toHaveLength(1);
    const plot = plots[0] as FakePlot;
    expect(plot.data).toBe(first);
    expect(plot.target.classList.contains('chart-canvas')).toBe(true);
    expect(plot.opts.series.map((s) => s.label)).toEqual([undefined, 'Primary retrans', 'Primary lost']);
    // Two units → two y scales, the second one's axis on the right.
    expect(Object.keys(plot.opts.scales)).toEqual(['x', '%', 'pkts']);
    expect(plot.opts.axes.map((a) => a.side)).toEqual([undefined, 3, 1]);

    const second: ChartColumns = [[100, 101, 102], [0.5, 1.25, 2], [0, 3, null]];
    view.rerender(<TimeSeriesChart title="Retransmissions and loss" series={SERIES} data={second} />);
    expect(plots).toHaveLength(1);
    expect(plot.setData).toHaveBeenLastCalledWith(second);
    // The text fallback shows the newest value of each series (skipping gaps).
    expect(screen.getByText('Primary retrans:').textContent).toBe('Primary retrans: 2 %');
    expect(screen.getByText('Primary lost:').textContent).toBe('Primary lost: 3 pkts');

    view.unmount();
    expect(plot.destroy).toHaveBeenCalledTimes(1);
  });

  it('prints a dash before any value arrives', () => {
    render(<TimeSeriesChart title="Round-trip time" series={[{ label: 'Backup', color: '#ff9f1c', unit: 'ms' }]} data={[[1], [null]]} />);
    expect(screen.getByText('Backup:').textContent).toBe('Backup: —');
    expect(screen.getByText('Round-trip time').tagName).toBe('FIGCAPTION');
  });
});
