// Pure parser of ffmpeg's ebur128 log lines (peak=true): one 100 ms measurement per line, or null for any other line.

/** One ebur128 measurement. */
export interface Ebur128Reading {
  /** Audio time of the measurement, seconds from the start of the stream. */
  tS: number;
  /** Momentary loudness over the last 400 ms, LUFS (about −120 or lower for digital silence). */
  momentaryLufs: number;
  /** True peak (ebur128 FTPK, 4× oversampled) of the last 100 ms per channel, dBFS (−Infinity for digital silence). */
  peakDbfs: number[];
}

// [Parsed_ebur128_0 @ 0x…] t: 0.399979   TARGET:-23 LUFS    M: -22.0 S:-120.7     I: -22.0 LUFS   LRA:   0.0 LU  FTPK: -20.9 -20.9 dBFS  TPK: …
const LINE = /^\[Parsed_ebur128_\d+ @ [^\]]+\] t: *([0-9.]+) .*?\bM: *(-?[0-9.]+|-?inf|nan) .*?\bFTPK: *((?:(?:-?[0-9.]+|-?inf|nan) +)+)dBFS/;

function dbValue(text: string): number {
  if (text === '-inf') return -Infinity;
  if (text === 'inf') return Infinity;
  return Number(text);
}

export function parseEbur128Line(line: string): Ebur128Reading | null {
  const m = LINE.exec(line);
  if (!m) return null;
  const tS = Number(m[1]);
  const momentaryLufs = dbValue(m[2]!);
  const peakDbfs = m[3]!.trim().split(/ +/).map(dbValue);
  if (!Number.isFinite(tS) || Number.isNaN(momentaryLufs) || peakDbfs.some((p) => Number.isNaN(p))) return null;
  return { tS, momentaryLufs, peakDbfs };
}
