// A thin React wrapper around uPlot: one chart, created once, fed new columns each second, destroyed on unmount.

import { useEffect, useRef, type JSX } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatClock } from '../logic/format';
import { CHART_WINDOW_S, visibleTimeRangeS, type ChartColumns } from '../logic/liveChartData';

export interface ChartSeriesSpec {
  label: string;
  /** CSS colour of the line; `var(--name)` is resolved against the page, so the theme can pick it. */
  color: string;
  /** Unit printed after values, e.g. 'kbps', 'ms', '%'. */
  unit: string;
  /** Series sharing a scale share a y axis; the second scale key gets an axis on the right. Default: the unit. */
  scale?: string;
  dashed?: boolean;
}

export interface TimeSeriesChartProps {
  title: string;
  series: ChartSeriesSpec[];
  /** x = unix seconds, then one column per entry of `series`. */
  data: ChartColumns;
  /** Widest visible time window (the stats ring holds 300 s); narrower while less data exists (visibleTimeRangeS). */
  windowS?: number;
  heightPx?: number;
}

function formatValue(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const digits = Math.abs(v) < 10 && !Number.isInteger(v) ? 1 : 0;
  return `${v.toFixed(digits)} ${unit}`;
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

/** Canvas strokes cannot use CSS variables: resolve `var(--x)` to the theme's current value. */
function resolveColor(color: string): string {
  const m = /^var\((--[\w-]+)\)$/.exec(color);
  return m?.[1] === undefined ? color : cssVar(m[1], '#888888');
}

function chartOptions(props: TimeSeriesChartProps, widthPx: number): uPlot.Options {
  const axisColor = cssVar('--chart-axis', '#c8ccd4');
  const gridColor = cssVar('--chart-grid', 'rgba(128,128,128,0.25)');
  const windowS = props.windowS ?? CHART_WINDOW_S;
  const scaleKeys = [...new Set(props.series.map((s) => s.scale ?? s.unit))];
  const axes: uPlot.Axis[] = [
    {
      stroke: axisColor,
      grid: { stroke: gridColor },
      ticks: { stroke: gridColor },
      // Wall-clock labels far enough apart to stay readable, yet one a minute on a 5-minute chart in a half-width column.
      space: 80,
      values: (_u, splits) => splits.map((t) => formatClock(t)),
    },
    ...scaleKeys.slice(0, 2).map(
      (key, i): uPlot.Axis => ({
        scale: key,
        side: i === 0 ? 3 : 1,
        label: key,
        stroke: axisColor,
        grid: { show: i === 0, stroke: gridColor },
        ticks: { stroke: gridColor },
      }),
    ),
  ];
  const scales: uPlot.Scales = {
    // A new broadcast's first minute fills the chart from the left instead of a sliver at the right of 5 minutes.
    x: { time: true, range: (_u, min, max) => visibleTimeRangeS(min, max, windowS) },
  };
  for (const key of scaleKeys) scales[key] = { auto: true, range: (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1] };
  return {
    width: widthPx,
    height: props.heightPx ?? 180,
    scales,
    axes,
    // The text line under the chart is the legend (with latest values); uPlot's own would repeat it.
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    series: [
      {},
      ...props.series.map(
        (s): uPlot.Series => ({
          label: s.label,
          stroke: resolveColor(s.color),
          width: 2,
          scale: s.scale ?? s.unit,
          dash: s.dashed === true ? [6, 4] : undefined,
          spanGaps: false,
          value: (_u, v) => formatValue(v, s.unit),
        }),
      ),
    ],
  };
}

function latestValue(column: readonly (number | null)[] | undefined): number | null {
  if (column === undefined) return null;
  for (let i = column.length - 1; i >= 0; i -= 1) {
    const v = column[i];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}

/** A live line chart. The canvas is not readable by screen readers, so the latest values are also printed as text. */
export function TimeSeriesChart(props: TimeSeriesChartProps): JSX.Element {
  const containerRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const propsRef = useRef(props);
  propsRef.current = props;
  const seriesKey = props.series.map((s) => `${s.label}|${s.color}|${s.unit}|${s.scale ?? ''}`).join(';');

  useEffect(() => {
    const el = containerRef.current;
    if (el === null) return undefined;
    const plot = new uPlot(chartOptions(propsRef.current, el.clientWidth || 600), propsRef.current.data, el);
    plotRef.current = plot;
    const observer =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => plot.setSize({ width: el.clientWidth || 600, height: plot.height }));
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
  }, [seriesKey]);

  useEffect(() => {
    plotRef.current?.setData(props.data);
  }, [props.data]);

  return (
    <figure className="chart">
      <figcaption className="chart-title">{props.title}</figcaption>
      <div ref={containerRef} className="chart-canvas" aria-hidden="true" />
      <p className="chart-latest">
        {props.series.map((s, i) => (
          <span key={s.label} className="chart-latest-item">
            <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
            {s.label}: <strong>{formatValue(latestValue(props.data[i + 1]), s.unit)}</strong>
          </span>
        ))}
      </p>
    </figure>
  );
}
