// Pure helpers of the audio meter: dBFS to a bar's share, the held peak per channel, and the age of a picture in words.

/** The meter's scale: −60 dBFS (empty bar) to 0 dBFS (full). */
export const METER_FLOOR_DBFS = -60;

/** A level as the filled share of the bar, 0…1. */
export function meterShare(dbfs: number): number {
  if (!Number.isFinite(dbfs)) return dbfs > 0 ? 1 : 0;
  return Math.min(1, Math.max(0, (dbfs - METER_FLOOR_DBFS) / -METER_FLOOR_DBFS));
}

export interface HeldPeak {
  dbfs: number;
  /** When this peak was reached, ms. */
  atMs: number;
}

/** How long a peak mark stays before it falls to the current level. */
export const PEAK_HOLD_MS = 2_000;

/** Each channel's held peak after a new reading: a higher peak replaces it, an old one falls to the current level. */
export function holdPeaks(held: readonly HeldPeak[], peaksDbfs: readonly number[], nowMs: number): HeldPeak[] {
  return peaksDbfs.map((dbfs, i) => {
    const prev = held[i];
    if (!prev || dbfs >= prev.dbfs || nowMs - prev.atMs > PEAK_HOLD_MS) return { dbfs, atMs: nowMs };
    return prev;
  });
}

/** "just now", "4 s ago", "2 min ago". */
export function ageText(ageMs: number): string {
  const s = Math.max(0, Math.floor(ageMs / 1000));
  if (s < 2) return 'just now';
  if (s < 120) return `${s} s ago`;
  return `${Math.floor(s / 60)} min ago`;
}

/** Channel names for the bars: L/R for stereo, else numbers. */
export function channelLabel(index: number, count: number): string {
  if (count === 2) return index === 0 ? 'L' : 'R';
  if (count === 1) return 'M';
  return String(index + 1);
}
