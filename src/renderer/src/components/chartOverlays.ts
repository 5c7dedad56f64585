// Canvas drawing for a uPlot chart's guides: active-ingest shading and health zones behind the lines, series markers
// and event marks on the time axis in front of them. The positions come from logic/chartGuides.ts.

import uPlot from 'uplot';
import { markerIndices, type TimeMarker, type TimeSpan, type YZone } from '../logic/chartGuides';

/** Shapes a series can mark its samples with, so lines that coincide stay distinguishable. */
export type SeriesMarker = 'circle' | 'square' | 'triangle';

/** A horizontal line at a fixed value (e.g. the target bitrate), with its legend text. */
export interface ReferenceLine {
  scale: string;
  y: number;
  label: string;
  /** CSS colour; `var(--name)` is resolved by the chart. */
  color: string;
}

export interface ChartOverlays {
  zones: readonly YZone[];
  referenceLines: readonly ReferenceLine[];
  timeSpans: readonly TimeSpan[];
  timeMarkers: readonly TimeMarker[];
  /** Per series (in data order after x): its marker shape, its colour (resolved) and its y scale. */
  series: ReadonlyArray<{ marker?: SeriesMarker; color: string; scale: string }>;
}

/** A series draws a marker every this many samples (10 s at 1 Hz: about every 20 px on a 5-minute chart). */
const MARKER_EVERY_N = 10;
const MARKER_SIZE_PX = 7;

function cssColor(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

const SPAN_COLOR: Record<'primary' | 'backup' | 'none', [string, string]> = {
  primary: ['--span-primary', 'rgba(61, 220, 151, 0.08)'],
  backup: ['--span-backup', 'rgba(255, 176, 32, 0.14)'],
  none: ['--span-none', 'rgba(255, 80, 80, 0.16)'],
};
const ZONE_COLOR: Record<YZone['tone'], [string, string]> = {
  warn: ['--zone-warn', 'rgba(255, 176, 32, 0.16)'],
  bad: ['--zone-bad', 'rgba(255, 80, 80, 0.16)'],
};
const MARK_COLOR: Record<TimeMarker['tone'], [string, string]> = {
  good: ['--mark-good', '#3ddc97'],
  warn: ['--mark-warn', '#ffb020'],
  bad: ['--mark-bad', '#ff5050'],
  info: ['--mark-info', '#c8ccd4'],
};

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Behind the lines: which ingest carried the stream (full height), then the zones of each y scale (full width). */
export function drawBackground(u: uPlot, o: ChartOverlays): void {
  const { ctx, bbox } = u;
  const right = bbox.left + bbox.width;
  const bottom = bbox.top + bbox.height;
  ctx.save();
  for (const span of o.timeSpans) {
    const x0 = clamp(u.valToPos(span.fromT, 'x', true), bbox.left, right);
    const x1 = clamp(u.valToPos(span.toT, 'x', true), bbox.left, right);
    if (!(x1 > x0)) continue;
    const [name, fallback] = SPAN_COLOR[span.active ?? 'none'];
    ctx.fillStyle = cssColor(name, fallback);
    ctx.fillRect(x0, bbox.top, x1 - x0, bbox.height);
  }
  for (const zone of o.zones) {
    const scaleMax = u.scales[zone.scale]?.max;
    if (scaleMax === undefined || scaleMax === null || zone.fromY >= scaleMax) continue;
    const yLow = clamp(u.valToPos(zone.fromY, zone.scale, true), bbox.top, bottom);
    const yHigh = clamp(u.valToPos(Math.min(zone.toY, scaleMax), zone.scale, true), bbox.top, bottom);
    const [name, fallback] = ZONE_COLOR[zone.tone];
    ctx.fillStyle = cssColor(name, fallback);
    ctx.fillRect(bbox.left, yHigh, bbox.width, yLow - yHigh);
  }
  ctx.restore();
}

function markerPath(shape: SeriesMarker, x: number, y: number, r: number): Path2D {
  const p = new Path2D();
  if (shape === 'square') p.rect(x - r, y - r, 2 * r, 2 * r);
  else if (shape === 'triangle') {
    p.moveTo(x, y - r);
    p.lineTo(x + r, y + r);
    p.lineTo(x - r, y + r);
    p.closePath();
  } else p.arc(x, y, r, 0, 2 * Math.PI);
  return p;
}

/** In front of the lines: each marked series' shapes (phase-shifted so they never share a sample), then the event marks. */
export function drawForeground(u: uPlot, o: ChartOverlays): void {
  const { ctx, bbox } = u;
  const ratio = uPlot.pxRatio;
  const xs = u.data[0];
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  const marked = o.series.map((s, i) => ({ ...s, column: u.data[i + 1] })).filter((s) => s.marker !== undefined);
  for (const [k, s] of marked.entries()) {
    const phase = Math.floor((k * MARKER_EVERY_N) / Math.max(1, marked.length));
    ctx.fillStyle = s.color;
    for (const idx of markerIndices(xs.length, MARKER_EVERY_N, phase)) {
      const v = s.column?.[idx];
      const t = xs[idx];
      if (v === null || v === undefined || t === undefined) continue;
      ctx.fill(markerPath(s.marker ?? 'circle', u.valToPos(t, 'x', true), u.valToPos(v, s.scale, true), (MARKER_SIZE_PX / 2) * ratio));
    }
  }
  for (const line of o.referenceLines) {
    const y = u.valToPos(line.y, line.scale, true);
    ctx.strokeStyle = line.color;
    ctx.lineWidth = 1.5 * ratio;
    ctx.setLineDash([2 * ratio, 3 * ratio]);
    ctx.beginPath();
    ctx.moveTo(bbox.left, y);
    ctx.lineTo(bbox.left + bbox.width, y);
    ctx.stroke();
  }
  ctx.font = `${11 * ratio}px sans-serif`;
  ctx.textBaseline = 'top';
  for (const [k, m] of o.timeMarkers.entries()) {
    const x = u.valToPos(m.t, 'x', true);
    const [name, fallback] = MARK_COLOR[m.tone];
    const color = cssColor(name, fallback);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2 * ratio;
    ctx.setLineDash([4 * ratio, 3 * ratio]);
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
    ctx.fillStyle = color;
    // Three label rows in turn, so marks a few seconds apart do not print over each other.
    ctx.fillText(m.label, x + 3 * ratio, bbox.top + (k % 3) * 13 * ratio + 2 * ratio);
  }
  ctx.restore();
}
