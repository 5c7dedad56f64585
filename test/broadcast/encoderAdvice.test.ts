// The slow-encoder advice: the next smaller size, a faster preset only for libx265 and not already the fastest, a
// hardware encoder only when software is in use; and the start hint for libx265 on a two-core machine.

import { describe, expect, it } from 'vitest';
import { encoderLoadHint, slowEncoderFixes, slowEncoderMessage, smallerSize } from '../../src/main/broadcast/encoderAdvice';

describe('smallerSize', () => {
  it('steps down to the next common size, and stops at 640x360', () => {
    expect(smallerSize(1920, 1080)).toEqual({ width: 1280, height: 720 });
    expect(smallerSize(1280, 720)).toEqual({ width: 960, height: 540 });
    expect(smallerSize(2560, 1440)).toEqual({ width: 1920, height: 1080 });
    expect(smallerSize(640, 360)).toBeNull();
  });
});

describe('slowEncoderFixes', () => {
  it('offers a faster preset only when libx265 is not at ultrafast already, and a hardware encoder only for libx265', () => {
    expect(slowEncoderFixes({ width: 640, height: 360, encoder: 'libx265', preset: 'ultrafast' })).toEqual(['a hardware HEVC encoder, if this computer has one']);
    expect(slowEncoderFixes({ width: 1920, height: 1080, encoder: 'hevc_nvenc', preset: null })).toEqual(['a smaller picture (1280x720 instead of 1920x1080)']);
  });
});

describe('slowEncoderMessage', () => {
  it('falls back to the general advice when nothing concrete is left or the settings are not known yet', () => {
    expect(slowEncoderMessage(0.5, null)).toBe('The encoder runs at 0.50× real time, so viewers get a stuttering, delayed picture: lower the size, frame rate or bitrate, or use a hardware encoder.');
    expect(slowEncoderMessage(0.5, { width: 640, height: 360, encoder: 'hevc_vaapi', preset: null })).toMatch(/: lower the size, frame rate or bitrate/);
  });
});

describe('encoderLoadHint', () => {
  it('warns before the start when libx265 on two cores is asked for 1280x720', () => {
    expect(encoderLoadHint({ cpuCount: 2, width: 1280, height: 720, encoder: 'libx265' })).toBe(
      'This computer has 2 CPU cores: libx265 is unlikely to encode 1280x720 in real time here; 640x360, a faster preset or a hardware encoder will keep up.',
    );
  });

  it('stays quiet with more cores, a hardware encoder or 640x360', () => {
    expect(encoderLoadHint({ cpuCount: 8, width: 1280, height: 720, encoder: 'libx265' })).toBeNull();
    expect(encoderLoadHint({ cpuCount: 2, width: 1280, height: 720, encoder: 'hevc_nvenc' })).toBeNull();
    expect(encoderLoadHint({ cpuCount: 2, width: 640, height: 360, encoder: 'libx265' })).toBeNull();
  });
});
