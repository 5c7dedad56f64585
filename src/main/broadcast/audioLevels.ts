// Audio levels and their warnings from the monitor's ebur128 readings (pure): per-channel peak, loudness, clipping held
// for a few seconds, silence after a few seconds without sound.

import { AUDIO_FLOOR_DB, type AudioLevels, type BroadcastWarning } from '../../shared/broadcastTypes';
import type { Ebur128Reading } from '../ffmpeg/ebur128Parser';

export const AUDIO_LIMITS = Object.freeze({
  /** A true peak at or above this is clipping: AAC's decoded peaks overshoot, so −1 dBFS is the usual ceiling. */
  clippingDbfs: -1,
  /** How long one clipped peak keeps the clipping flag up, so a single overload is seen on a 1 Hz screen. */
  clipHoldMs: 3_000,
  /** Every channel's peak below this counts as no sound (a quiet room with a live microphone stays above it). */
  silenceDbfs: -60,
  /** Silence must last this long before it is called silent (pauses in speech are shorter). */
  silentAfterMs: 3_000,
  /** Readings older than this say nothing about now (the monitor restarts or fell behind). */
  staleAfterMs: 2_000,
  /** The stats line's peaks are the maxima over this window. */
  peakWindowMs: 1_000,
});

const MAX_HISTORY_MS = Math.max(AUDIO_LIMITS.clipHoldMs, AUDIO_LIMITS.silentAfterMs) + 1_000;

function floored(db: number): number {
  return Number.isFinite(db) ? Math.max(AUDIO_FLOOR_DB, Math.round(db * 10) / 10) : db > 0 ? 0 : AUDIO_FLOOR_DB;
}

interface TimedReading {
  atMs: number;
  reading: Ebur128Reading;
}

/** The recent readings of one broadcast's audio; the caller passes the clock. */
export class AudioLevelMeter {
  private readonly readings: TimedReading[] = [];
  private firstAtMs: number | null = null;

  add(reading: Ebur128Reading, atMs: number): void {
    this.firstAtMs ??= atMs;
    this.readings.push({ atMs, reading });
    while (this.readings.length > 0 && this.readings[0]!.atMs < atMs - MAX_HISTORY_MS) this.readings.shift();
  }

  /** Forgets everything (the monitor restarted: its first seconds must prove silence again). */
  reset(): void {
    this.readings.length = 0;
    this.firstAtMs = null;
  }

  /** Levels at `nowMs`: peaks over `windowMs` (the latest reading alone for 0); null when nothing recent was measured. */
  levels(nowMs: number, windowMs: number = AUDIO_LIMITS.peakWindowMs): AudioLevels | null {
    const L = AUDIO_LIMITS;
    const latest = this.readings.at(-1);
    if (!latest || nowMs - latest.atMs > L.staleAfterMs) return null;
    const inWindow = this.readings.filter((r) => r.atMs >= nowMs - windowMs);
    const window = inWindow.length > 0 ? inWindow : [latest];
    const channels = latest.reading.peakDbfs.length;
    const peakDbfs = Array.from({ length: channels }, (_, c) => floored(Math.max(...window.map((r) => r.reading.peakDbfs[c] ?? -Infinity))));
    const clipping = this.readings.some((r) => r.atMs >= nowMs - L.clipHoldMs && Math.max(...r.reading.peakDbfs) >= L.clippingDbfs);
    const quietSpan = this.readings.filter((r) => r.atMs >= nowMs - L.silentAfterMs);
    const silent =
      this.firstAtMs !== null &&
      nowMs - this.firstAtMs >= L.silentAfterMs &&
      quietSpan.every((r) => Math.max(...r.reading.peakDbfs) < L.silenceDbfs);
    return { hasTrack: true, peakDbfs, loudnessLufs: floored(latest.reading.momentaryLufs), clipping, silent };
  }
}

/** What a broadcast without an audio track reports. */
export const NO_AUDIO_TRACK: Readonly<AudioLevels> = Object.freeze({ hasTrack: false, peakDbfs: [], loudnessLufs: null, clipping: false, silent: true });

/** The warnings the audio levels call for (none without a measurement). */
export function audioWarnings(levels: AudioLevels | null | undefined): BroadcastWarning[] {
  if (!levels) return [];
  const out: BroadcastWarning[] = [];
  if (!levels.hasTrack) {
    out.push({ code: 'audio-silent', severity: 'info', message: 'The stream has no audio track: viewers hear nothing. Choose an audio source if that is not intended.' });
    return out;
  }
  if (levels.clipping) {
    out.push({ code: 'audio-clipping', severity: 'warning', message: 'The audio is clipping (peaks at full scale): viewers hear distortion. Lower the input volume.' });
  }
  if (levels.silent) {
    out.push({ code: 'audio-silent', severity: 'warning', message: 'The audio has been silent for a few seconds: check the microphone, its mute switch and the audio source.' });
  }
  return out;
}
