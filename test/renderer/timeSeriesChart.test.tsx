// TimeSeriesChart wrapper: creates one uPlot, hands it each new data set, destroys it on unmount, prints latest values.
// uPlot itself needs matchMedia and a 2D canvas, which jsdom lacks, so 'uplot' is replaced by a recording fake here.

import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TimeSeriesChart, type ChartSeriesSpec } from '../../src/renderer/src/components/TimeSeriesChart';
import type { TimeMarker } from '../../src/renderer/src/logic/chartGuides';
import type { ChartColumns } from '../../src/renderer/src/logic/liveChartData';

interface FakePlot {
  opts: {
    series: { label?: string; dash?: number[]; width?: number }[];
    scales: Record<string, { range?: (u: unknown, min: number, max: number) => [number, number] }>;
    axes: { scale?: string; side?: number }[];
    hooks: { drawClear: Array<(u: unknown) => void>; draw: Array<(u: unknown) => void> };
  };
  data: unknown;
  target: HTMLElement;
  setData: ReturnType<typeof vi.fn>;
  setSize: ReturnType<typeof vi.fn>;
  destroy: ReturnType<typeof vi.fn>;
}

const plots: FakePlot[] = [];

vi.mock('uplot', () => ({
  default: class {
    static pxRatio = 1;
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

/** What the guides drew on a recording 2D context, in canvas pixels. */
interface Drawn {
  rects: Array<[string, number, number, number, number]>;
  texts: Array<[string, number]>;
  shapes: Array<[string, number, number]>;
  vertical: number[];
}

/** Path2D is a browser API jsdom lacks: this one records the first point of each shape. */
class RecordingPath {
  at: [number, number] = [Number.NaN, Number.NaN];
  kind = '';
  rect(x: number, y: number, w: number): void {
    this.kind = 'square';
    this.at = [x + w / 2, y + w / 2];
  }
  arc(x: number, y: number): void {
    this.kind = 'circle';
    this.at = [x, y];
  }
  moveTo(x: number, y: number): void {
    this.kind = 'triangle';
    this.at = [x, y];
  }
  lineTo(): void {}
  closePath(): void {}
}

/**
 * A uPlot stand-in for the draw hooks: a `widthPx`×100 plot area at (10, 0); x is 10 + unix seconds and every y scale
 * maps 0–`yMax` onto the height (canvas y grows downwards).
 */
function fakeDrawTarget(data: ChartColumns, yMax: number, widthPx = 100): { u: unknown; drawn: Drawn } {
  const drawn: Drawn = { rects: [], texts: [], shapes: [], vertical: [] };
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    font: '',
    textBaseline: '',
    save() {},
    restore() {},
    clip() {},
    rect() {},
    setLineDash() {},
    beginPath() {},
    stroke() {},
    lastMove: [0, 0] as [number, number],
    moveTo(x: number, y: number) {
      ctx.lastMove = [x, y];
    },
    lineTo(x: number) {
      if (x === ctx.lastMove[0]) drawn.vertical.push(x);
    },
    fillRect(x: number, y: number, w: number, h: number) {
      drawn.rects.push([ctx.fillStyle, x, y, w, h]);
    },
    fill(p: RecordingPath) {
      drawn.shapes.push([p.kind, p.at[0], p.at[1]]);
    },
    strokeText() {},
    textAlign: 'right',
    fillText(text: string, x: number) {
      // Recorded as the left edge of the text.
      expect(ctx.textAlign).toBe('left');
      drawn.texts.push([text, x]);
    },
    /** 6 px per character. */
    measureText(text: string) {
      return { width: text.length * 6 };
    },
  };
  const u = {
    ctx,
    bbox: { left: 10, top: 0, width: widthPx, height: 100 },
    data,
    scales: { x: { min: 0, max: 100 }, ms: { min: 0, max: yMax }, kbps: { min: 0, max: yMax } },
    valToPos: (v: number, scale: string) => (scale === 'x' ? 10 + v : 100 - (v / yMax) * 100),
  };
  return { u, drawn };
}

describe('TimeSeriesChart guides', () => {
  beforeEach(() => {
    vi.stubGlobal('Path2D', RecordingPath);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('takes the y top from yMax (read on every redraw), else 0 to the maximum + 15 %', () => {
    const series: ChartSeriesSpec[] = [{ label: 'Encoder', color: '#3ddc97', unit: 'kbps' }];
    const view = render(<TimeSeriesChart title="Encoder bitrate" series={series} data={[[1, 2], [5400, 1000]]} yMax={{ kbps: 1250 }} />);
    const range = (plots[0] as FakePlot).opts.scales.kbps?.range;
    expect(range?.(null, 0, 5400)).toEqual([0, 1250]);
    view.rerender(<TimeSeriesChart title="Encoder bitrate" series={series} data={[[1, 2], [5400, 1000]]} />);
    expect(range?.(null, 0, 5400)).toEqual([0, 5400 * 1.15]);
  });

  it('prints "—" where legendValues says null, the data where it says undefined, and the reference lines', () => {
    render(
      <TimeSeriesChart
        title="Send bitrate per ingest"
        series={[
          { label: 'Primary', color: '#4da3ff', unit: 'kbps', marker: 'circle' },
          { label: 'Backup', color: '#ff9f1c', unit: 'kbps', dash: [8, 5], widthPx: 2.5, marker: 'square' },
        ]}
        data={[[1, 2], [1000, 1010], [2650, 2650]]}
        legendValues={[undefined, null]}
        referenceLines={[{ scale: 'kbps', y: 1000, label: 'Target', color: '#fff' }]}
      />,
    );
    expect(screen.getByText('Primary:').textContent).toBe('●Primary: 1010 kbps');
    expect(screen.getByText('Backup:').textContent).toBe('■Backup: —');
    expect(screen.getByText('Target:').textContent).toBe('Target: 1000 kbps');
    const opts = (plots[0] as FakePlot).opts;
    expect(opts.series.map((s) => [s.dash, s.width])).toEqual([
      [undefined, undefined],
      [undefined, 2],
      [[8, 5], 2.5],
    ]);
  });

  it('shades the active ingest and the zones behind the lines, clipped to the plot', () => {
    render(
      <TimeSeriesChart
        title="Round-trip time per ingest"
        series={[{ label: 'Primary', color: '#4da3ff', unit: 'ms' }]}
        data={[[10, 20], [5, 6]]}
        zones={[
          { scale: 'ms', fromY: 500, toY: 800, tone: 'warn', label: 'a' },
          { scale: 'ms', fromY: 800, toY: Number.POSITIVE_INFINITY, tone: 'bad', label: 'b' },
          { scale: 'ms', fromY: 2000, toY: Number.POSITIVE_INFINITY, tone: 'bad', label: 'above the top' },
        ]}
        timeSpans={[
          { fromT: -20, toT: 40, active: 'primary' },
          { fromT: 40, toT: 70, active: 'backup' },
          { fromT: 70, toT: 200, active: null },
        ]}
      />,
    );
    const { u, drawn } = fakeDrawTarget([[10, 20], [5, 6]], 1000);
    (plots[0] as FakePlot).opts.hooks.drawClear.forEach((hook) => hook(u));
    expect(drawn.rects.map(([, ...geometry]) => geometry)).toEqual([
      [10, 0, 40, 100], // primary from the left edge (clipped) to t=40
      [50, 0, 30, 100], // backup
      [80, 0, 30, 100], // none, clipped at the right edge
      [10, 20, 100, 30], // amber 500–800 ms of 0–1000
      [10, 0, 100, 20], // red from 800 ms to the top
    ]);
    expect(drawn.rects.map(([color]) => color)).toEqual([
      'rgba(61, 220, 151, 0.08)',
      'rgba(255, 176, 32, 0.14)',
      'rgba(255, 80, 80, 0.16)',
      'rgba(255, 176, 32, 0.16)',
      'rgba(255, 80, 80, 0.16)',
    ]);
  });

  it('marks events on the time axis and puts each series’ markers on different samples', () => {
    const data: ChartColumns = [Array.from({ length: 20 }, (_, i) => i), Array.from({ length: 20 }, () => 500), Array.from({ length: 20 }, () => 500)];
    render(
      <TimeSeriesChart
        title="Send bitrate per ingest"
        series={[
          { label: 'Primary', color: '#4da3ff', unit: 'kbps', marker: 'circle' },
          { label: 'Backup', color: '#ff9f1c', unit: 'kbps', dash: [8, 5], marker: 'square' },
        ]}
        data={data}
        referenceLines={[{ scale: 'kbps', y: 250, label: 'Target', color: '#fff' }]}
        timeMarkers={[
          { t: 4, kind: 'failover', label: 'Failover → backup', tone: 'bad' },
          { t: 15, kind: 'failback', label: 'Failback → primary', tone: 'good' },
          { t: 195, kind: 'fault', label: 'Fault', tone: 'bad' },
        ]}
      />,
    );
    const { u, drawn } = fakeDrawTarget(data, 1000, 200);
    (plots[0] as FakePlot).opts.hooks.draw.forEach((hook) => hook(u));
    // Two identical lines (redundant mode): circles on samples 0 and 10, squares on 5 and 15.
    expect(drawn.shapes).toEqual([
      ['circle', 10, 50],
      ['circle', 20, 50],
      ['square', 15, 50],
      ['square', 25, 50],
    ]);
    expect(drawn.vertical).toEqual([14, 25, 205]);
    // Labels at 6 px a character, newest first: the fault's would pass the right edge (x 210), so it goes to the left
    // of its mark; the failover's would overlap the failback's, so it takes the second row.
    expect(drawn.texts).toEqual([
      ['Fault', 205 - 3 - 30],
      ['Failback → primary', 28],
      ['Failover → backup', 17],
    ]);
    expect(screen.getByText(/^Marked:/).textContent).toMatch(/^Marked: \d\d:\d\d:\d\d Failover → backup · \d\d:\d\d:\d\d Failback → primary · \d\d:\d\d:\d\d Fault$/);
  });

  it('draws every mark but leaves out labels that would overlap in both rows, retries before switches', () => {
    const data: ChartColumns = [[0, 50], [500, 500]];
    const marks: TimeMarker[] = [
      ...[4, 5, 6, 7].map((t) => ({ t, kind: 'retry' as const, label: `Retry ${t}`, tone: 'info' as const })),
      { t: 8, kind: 'failback', label: 'Failback → primary', tone: 'good' },
    ];
    render(<TimeSeriesChart title="RTT" series={[{ label: 'Primary', color: '#4da3ff', unit: 'ms' }]} data={data} timeMarkers={marks} />);
    const { u, drawn } = fakeDrawTarget(data, 1000);
    (plots[0] as FakePlot).opts.hooks.draw.forEach((hook) => hook(u));
    expect(drawn.vertical).toEqual([14, 15, 16, 17, 18]);
    expect(drawn.texts.map(([text]) => text)).toEqual(['Failback → primary', 'Retry 7']);
    // Under the chart, retries are counted rather than listed (they come every 10 s while an ingest is down).
    expect(screen.getByText(/^Marked:/).textContent).toMatch(/^Marked: \d\d:\d\d:\d\d Failback → primary · 4 retries$/);
  });
});
