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
/** Rows of event labels at the top of the plot. */
const LABEL_ROWS = 2;

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
  for (const m of o.timeMarkers) {
    const [name, fallback] = MARK_COLOR[m.tone];
    const x = u.valToPos(m.t, 'x', true);
    ctx.strokeStyle = cssColor(name, fallback);
    ctx.lineWidth = 2 * ratio;
    ctx.setLineDash([4 * ratio, 3 * ratio]);
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
  }
  drawMarkLabels(u, o.timeMarkers);
  ctx.restore();
}

/**
 * Labels beside the marks, switches and faults first, retries after, newest first within each: each goes into the first of two rows where it
 * overlaps no other label; with none free (retries every 10 s) the mark stays unlabelled (the chart lists them in text).
 */
function drawMarkLabels(u: uPlot, marks: readonly TimeMarker[]): void {
  const { ctx, bbox } = u;
  const ratio = uPlot.pxRatio;
  const rows: Array<Array<[number, number]>> = Array.from({ length: LABEL_ROWS }, () => []);
  const newestFirst = [...marks].sort((a, b) => b.t - a.t);
  const byPriority = [...newestFirst.filter((m) => m.kind !== 'retry'), ...newestFirst.filter((m) => m.kind === 'retry')];
  ctx.font = `${11 * ratio}px sans-serif`;
  ctx.textBaseline = 'top';
  // uPlot leaves the alignment of its last axis label (right or center) on the context.
  ctx.textAlign = 'left';
  ctx.setLineDash([]);
  for (const m of byPriority) {
    const x = u.valToPos(m.t, 'x', true);
    const widthPx = ctx.measureText(m.label).width;
    // Near the right edge the label goes to the left of its mark instead of being cut off.
    const textX = x + 3 * ratio + widthPx > bbox.left + bbox.width ? Math.max(bbox.left, x - 3 * ratio - widthPx) : x + 3 * ratio;
    const span: [number, number] = [textX - 4 * ratio, textX + widthPx + 4 * ratio];
    const row = rows.findIndex((taken) => taken.every(([a, b]) => span[1] <= a || span[0] >= b));
    if (row < 0) continue;
    rows[row]?.push(span);
    const textY = bbox.top + row * 14 * ratio + 2 * ratio;
    // An outline in the panel colour keeps the label readable over lines and zones without hiding them (a box would).
    ctx.lineWidth = 3 * ratio;
    ctx.strokeStyle = cssColor('--panel', '#181b22');
    ctx.strokeText(m.label, textX, textY);
    const [name, fallback] = MARK_COLOR[m.tone];
    ctx.fillStyle = cssColor(name, fallback);
    ctx.fillText(m.label, textX, textY);
  }
}
