// A thin React wrapper around uPlot: one chart, created once, fed new columns each second, destroyed on unmount.

import { useEffect, useRef, type JSX } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TimeMarker, TimeSpan, YZone } from '../logic/chartGuides';
import { formatClock } from '../logic/format';
import { CHART_WINDOW_S, visibleTimeRangeS, type ChartColumns } from '../logic/liveChartData';
import { drawBackground, drawForeground, type ReferenceLine, type SeriesMarker } from './chartOverlays';

export interface ChartSeriesSpec {
  label: string;
  /** CSS colour of the line; `var(--name)` is resolved against the page, so the theme can pick it. */
  color: string;
  /** Unit printed after values, e.g. 'kbps', 'ms', '%'. */
  unit: string;
  /** Series sharing a scale share a y axis; the second scale key gets an axis on the right. Default: the unit. */
  scale?: string;
  dashed?: boolean;
  /** Dash pattern in CSS pixels; overrides `dashed`. */
  dash?: number[];
  /** Line width in CSS pixels (default 2). */
  widthPx?: number;
  /** Shapes drawn on the line every few samples, so a series hidden under another is still seen. */
  marker?: SeriesMarker;
}

export interface TimeSeriesChartProps {
  title: string;
  series: ChartSeriesSpec[];
  /** x = unix seconds, then one column per entry of `series`. */
  data: ChartColumns;
  /** Widest visible time window (the stats ring holds 300 s); narrower while less data exists (visibleTimeRangeS). */
  windowS?: number;
  heightPx?: number;
  /** Top of the y range per scale key (from a robust percentile, not the maximum); other scales: 0 to max + 15 %. */
  yMax?: Readonly<Record<string, number>>;
  /** Fixed values drawn as thin dotted lines (the target bitrate) and printed in the legend. */
  referenceLines?: readonly ReferenceLine[];
  /** Horizontal health bands (amber, red) behind the lines. */
  zones?: readonly YZone[];
  /** Which ingest carried the stream, shaded behind the lines. */
  timeSpans?: readonly TimeSpan[];
  /** Events marked on the time axis (failover, failback…); also listed as text under the chart. */
  timeMarkers?: readonly TimeMarker[];
  /**
   * What the legend prints per series (in `series` order): a number, null for "—" (e.g. an uplink that is down or on
   * standby), or undefined for the newest value in the data.
   */
  legendValues?: readonly (number | null | undefined)[];
  /** One line under the chart saying what the guides mean. */
  note?: string;
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

/** `getProps` returns the newest props: uPlot is created once, its range and draw hooks read them on every redraw. */
function chartOptions(getProps: () => TimeSeriesChartProps, widthPx: number): uPlot.Options {
  const props = getProps();
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
  for (const key of scaleKeys) {
    scales[key] = {
      auto: true,
      range: (_u, _min, max) => {
        const fixed = getProps().yMax?.[key];
        return [0, fixed !== undefined && fixed > 0 ? fixed : max > 0 ? max * 1.15 : 1];
      },
    };
  }
  const overlays = (): Parameters<typeof drawBackground>[1] => {
    const p = getProps();
    return {
      zones: p.zones ?? [],
      referenceLines: (p.referenceLines ?? []).map((l) => ({ ...l, color: resolveColor(l.color) })),
      timeSpans: p.timeSpans ?? [],
      timeMarkers: p.timeMarkers ?? [],
      series: p.series.map((s) => ({ marker: s.marker, color: resolveColor(s.color), scale: s.scale ?? s.unit })),
    };
  };
  return {
    width: widthPx,
    height: props.heightPx ?? 180,
    scales,
    axes,
    // The text line under the chart is the legend (with latest values); uPlot's own would repeat it.
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    hooks: {
      drawClear: [(u) => drawBackground(u, overlays())],
      draw: [(u) => drawForeground(u, overlays())],
    },
    series: [
      {},
      ...props.series.map(
        (s): uPlot.Series => ({
          label: s.label,
          stroke: resolveColor(s.color),
          width: s.widthPx ?? 2,
          scale: s.scale ?? s.unit,
          dash: s.dash ?? (s.dashed === true ? [6, 4] : undefined),
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

/** The legend shows each series' marker shape beside its colour, as on the canvas. */
const MARKER_GLYPH: Record<SeriesMarker, string> = { circle: '●', square: '■', triangle: '▲' };

function legendValue(props: TimeSeriesChartProps, seriesIndex: number): number | null {
  const given = props.legendValues?.[seriesIndex];
  return given === undefined ? latestValue(props.data[seriesIndex + 1]) : given;
}

/** The marks in words: the latest four switches, suspicions and faults, then how many retries (they come every 10 s). */
function markedText(marks: readonly TimeMarker[]): string {
  const main = marks.filter((m) => m.kind !== 'retry').slice(-4);
  const retries = marks.length - marks.filter((m) => m.kind !== 'retry').length;
  const parts = main.map((m) => `${formatClock(m.t)} ${m.label}`);
  if (retries > 0) parts.push(retries === 1 ? '1 retry' : `${retries} retries`);
  return parts.join(' · ');
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
    const plot = new uPlot(chartOptions(() => propsRef.current, el.clientWidth || 600), propsRef.current.data, el);
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
            {s.marker === undefined ? null : (
              <span className="swatch-marker" style={{ color: s.color }} aria-hidden="true">
                {MARKER_GLYPH[s.marker]}
              </span>
            )}
            {s.label}: <strong>{formatValue(legendValue(props, i), s.unit)}</strong>
          </span>
        ))}
        {(props.referenceLines ?? []).map((l) => (
          <span key={`ref-${l.label}`} className="chart-latest-item">
            <span className="swatch swatch-reference" style={{ borderColor: l.color }} aria-hidden="true" />
            {l.label}: <strong>{formatValue(l.y, l.scale)}</strong>
          </span>
        ))}
      </p>
      {props.note === undefined ? null : <p className="chart-note">{props.note}</p>}
      {props.timeMarkers === undefined || props.timeMarkers.length === 0 ? null : (
        <p className="chart-marks">Marked: {markedText(props.timeMarkers)}</p>
      )}
    </figure>
  );
}
