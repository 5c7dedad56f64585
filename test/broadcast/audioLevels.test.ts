// Audio levels and warnings from ebur128 readings (pure; the clock is passed in).

import { describe, expect, it } from 'vitest';
import { AUDIO_LIMITS, AudioLevelMeter, NO_AUDIO_TRACK, audioWarnings } from '../../src/main/broadcast/audioLevels';

function reading(peakDbfs: number[], momentaryLufs = -23) {
  return { tS: 0, momentaryLufs, peakDbfs };
}

/** Feeds readings every 100 ms from t=0 to t=durationMs (exclusive), peaks from `peakAt(ms)`. */
function fed(durationMs: number, peakAt: (ms: number) => number[], meter = new AudioLevelMeter(), fromMs = 0): AudioLevelMeter {
  for (let t = fromMs; t < fromMs + durationMs; t += 100) meter.add(reading(peakAt(t)), t);
  return meter;
}

describe('AudioLevelMeter', () => {
  it('reports each channel’s highest peak over the last second and the latest loudness', () => {
    const meter = fed(2_000, (t) => [t === 1_500 ? -6 : -20, -30]);
    expect(meter.levels(1_900)).toEqual({ hasTrack: true, peakDbfs: [-6, -30], loudnessLufs: -23, clipping: false, silent: false });
    expect(meter.levels(1_900, 0)!.peakDbfs).toEqual([-20, -30]);
  });

  it('floors −∞ at −120 dB so the line survives JSON', () => {
    expect(fed(500, () => [-Infinity, -Infinity]).levels(400)!.peakDbfs).toEqual([-120, -120]);
  });

  it('holds clipping for a few seconds after one peak at full scale', () => {
    const meter = fed(1_000, (t) => [t === 500 ? -0.5 : -20, -20]);
    expect(meter.levels(900)!.clipping).toBe(true);
    fed(AUDIO_LIMITS.clipHoldMs - 600, () => [-20, -20], meter, 1_000);
    expect(meter.levels(500 + AUDIO_LIMITS.clipHoldMs - 100)!.clipping).toBe(true);
    fed(1_500, () => [-20, -20], meter, 400 + AUDIO_LIMITS.clipHoldMs);
    expect(meter.levels(500 + AUDIO_LIMITS.clipHoldMs + 100)!.clipping).toBe(false);
  });

  it('calls silence silent only once it has lasted, and a sound ends it at once', () => {
    const meter = fed(2_500, () => [-90, -90]);
    expect(meter.levels(2_400)!.silent).toBe(false);
    fed(1_000, () => [-90, -90], meter, 2_500);
    expect(meter.levels(3_400)!.silent).toBe(true);
    meter.add(reading([-30, -90]), 3_500);
    expect(meter.levels(3_500)!.silent).toBe(false);
  });

  it('says nothing when the readings stopped coming, and starts over after a reset', () => {
    const meter = fed(4_000, () => [-90, -90]);
    expect(meter.levels(3_900 + AUDIO_LIMITS.staleAfterMs + 1)).toBeNull();
    meter.reset();
    expect(meter.levels(0)).toBeNull();
    fed(1_000, () => [-90, -90], meter, 10_000);
    expect(meter.levels(10_900)!.silent).toBe(false);
  });
});

describe('audioWarnings', () => {
  it('warns of clipping and of silence, and says when there is no audio track', () => {
    const base = { hasTrack: true, peakDbfs: [-20], loudnessLufs: -23, clipping: false, silent: false };
    expect(audioWarnings(base)).toEqual([]);
    expect(audioWarnings(null)).toEqual([]);
    expect(audioWarnings({ ...base, clipping: true }).map((w) => [w.code, w.severity])).toEqual([['audio-clipping', 'warning']]);
    expect(audioWarnings({ ...base, silent: true }).map((w) => [w.code, w.severity])).toEqual([['audio-silent', 'warning']]);
    expect(audioWarnings(NO_AUDIO_TRACK).map((w) => [w.code, w.severity])).toEqual([['audio-silent', 'info']]);
  });
});
