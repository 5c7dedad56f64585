// Pure arithmetic of the benchmark: summaries, ratios, interpolation of cumulative counters, percentage errors.

/** Median with min/max over the repetitions of one figure. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
  values: number[];
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((s, v) => s + v, 0) / values.length;
}

/** Median, min and max (rounded to `digits`) of the finite values; NaN everywhere when there are none. */
export function summarize(values: readonly number[], digits = 1): Summary {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0, values: [] };
  return {
    median: round(median(finite), digits),
    min: round(Math.min(...finite), digits),
    max: round(Math.max(...finite), digits),
    n: finite.length,
    values: finite.map((v) => round(v, digits)),
  };
}

/** measured / baseline, rounded; NaN when the baseline is not positive. */
export function ratio(measured: number, baseline: number, digits = 2): number {
  return baseline > 0 ? round(measured / baseline, digits) : NaN;
}

/** One sample of a cumulative counter (bytes) at a time (ms). */
export interface CounterSample {
  tMs: number;
  value: number;
}

/**
 * The time at which a non-decreasing cumulative counter first reached `target`, interpolated linearly between the
 * sample before and the sample at/after the crossing. Null if the samples never reach it. `samples` sorted by time.
 */
export function timeAtCounter(samples: readonly CounterSample[], target: number, fromIndex = 0): number | null {
  for (let i = Math.max(0, fromIndex); i < samples.length; i++) {
    const b = samples[i]!;
    if (b.value < target) continue;
    const a = i > 0 ? samples[i - 1]! : null;
    if (!a || b.value === a.value || a.value >= target) return b.tMs;
    return a.tMs + ((target - a.value) / (b.value - a.value)) * (b.tMs - a.tMs);
  }
  return null;
}

/**
 * When a counter sampled at each chunk's (or packet's) arrival first reached `target`: every byte of a chunk arrives
 * with it, so no interpolation (timeAtCounter's would date the last bytes of a chunk before the chunk existed: up to
 * one source chunk, 40–70 ms at 6 Mbit/s, too early). Null when it never did.
 */
export function arrivalAtCounter(samples: readonly CounterSample[], target: number, fromIndex = 0): number | null {
  for (let i = Math.max(0, fromIndex); i < samples.length; i++) if (samples[i]!.value >= target) return samples[i]!.tMs;
  return null;
}

/** The value of a cumulative counter at `tMs`, interpolated linearly; null outside the sampled span. */
export function counterAtTime(samples: readonly CounterSample[], tMs: number): number | null {
  if (samples.length === 0 || tMs < samples[0]!.tMs || tMs > samples.at(-1)!.tMs) return null;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    if (tMs > b.tMs) continue;
    if (b.tMs === a.tMs) return b.value;
    return a.value + ((tMs - a.tMs) / (b.tMs - a.tMs)) * (b.value - a.value);
  }
  return samples.at(-1)!.value;
}

/** Signed error of `measured` against `reference`, in percent. */
export function pctError(measured: number, reference: number): number {
  return ((measured - reference) / reference) * 100;
}

/** Mean of |error %| over the pairs whose reference is positive. */
export function meanAbsPctError(pairs: ReadonlyArray<readonly [measured: number, reference: number]>): number {
  const errors = pairs.filter(([, r]) => r > 0).map(([m, r]) => Math.abs(pctError(m, r)));
  return mean(errors);
}

/** The p-th percentile (0–100) by linear interpolation between the nearest ranks; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (rank - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Least-squares slope of y over x (y units per x unit); NaN with fewer than two distinct x. */
export function slope(points: ReadonlyArray<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = mean(points.map((p) => p.x));
  const my = mean(points.map((p) => p.y));
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  return sxx === 0 ? NaN : sxy / sxx;
}
