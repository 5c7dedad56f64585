import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/main/appError';
import {
  defaultEncodeSettings,
  encodeSettingsAdvice,
  keyintFrames,
  validateEncodeSettings,
  type EncodeSettings,
} from '../../../src/main/ffmpeg/args/encodeSettings';

function base(overrides: Partial<EncodeSettings> = {}): EncodeSettings {
  return defaultEncodeSettings('linux', overrides);
}

function errorOf(s: EncodeSettings): AppError {
  try {
    validateEncodeSettings(s);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected validateEncodeSettings to throw');
}

describe('defaultEncodeSettings', () => {
  it('follows Gcore: CBR target, 2 s keyframes, veryfast, libx265, 30 fps', () => {
    const s = defaultEncodeSettings('win32');
    expect(s).toMatchObject({ encoder: 'libx265', preset: 'veryfast', keyintSeconds: 2, fps: 30, platform: 'win32', input: { kind: 'testsrc' }, audio: { kind: 'tone' } });
    expect(() => validateEncodeSettings(s)).not.toThrow();
  });

  it('gives real sources a silent audio track instead of a tone', () => {
    expect(defaultEncodeSettings('linux', { input: { kind: 'desktop' } }).audio).toEqual({ kind: 'silence' });
  });
});

describe('validateEncodeSettings', () => {
  it.each([
    [{ width: 1279 }, 'bad_size', /Width 1279.*even number of pixels from 128 to 4096/],
    [{ width: 126 }, 'bad_size', /Width 126/],
    [{ height: 4098 }, 'bad_size', /Height 4098/],
    [{ fps: 0 }, 'bad_fps', /1 to 60 fps/],
    [{ fps: 61 }, 'bad_fps', /Frame rate 61/],
    [{ fps: 29.97 }, 'bad_fps', /whole number/],
    [{ bitrateKbps: 199 }, 'bad_bitrate', /200 to 50000 kbps/],
    [{ bitrateKbps: 50001 }, 'bad_bitrate', /50001/],
    [{ keyintSeconds: 0.5 }, 'bad_keyint', /1 to 10 seconds.*1–2 s/],
    [{ keyintSeconds: 11 }, 'bad_keyint', /11 s/],
    [{ encoder: 'libx264' }, 'unknown_encoder', /Unknown encoder "libx264"/],
    [{ encoder: 'hevc_videotoolbox' }, 'encoder_not_on_platform', /not available on linux/],
    [{ encoder: 'hevc_amf' }, 'encoder_not_on_platform', /hevc_amf/],
    [{ preset: 'placebo' as never }, 'bad_preset', /Preset "placebo"/],
    [{ input: { kind: 'camera', device: '' } }, 'bad_camera', /No camera/],
    [{ input: { kind: 'camera', device: 'video0' } }, 'bad_camera', /\/dev\/videoN/],
    [{ input: { kind: 'desktop', display: 'screen' } }, 'bad_display', /:0\.0/],
    [{ input: { kind: 'desktop', region: { x: -1, y: 0, width: 640, height: 360 } } }, 'bad_region', /Capture region/],
    [{ audio: { kind: 'device', device: ' ' } }, 'bad_audio_device', /No audio device/],
  ] as const)('%o → %s', (overrides, code, message) => {
    const err = errorOf(base(overrides as Partial<EncodeSettings>));
    expect(err.kind).toBe('input');
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
  });

  it.each([
    { width: 128, height: 128, fps: 1, bitrateKbps: 200, keyintSeconds: 1 },
    { width: 4096, height: 2160, fps: 60, bitrateKbps: 50000, keyintSeconds: 10 },
    { input: { kind: 'desktop', display: ':1', region: { x: 0, y: 0, width: 800, height: 600 } } },
    { input: { kind: 'camera', device: '/dev/video2', captureMode: { width: 1280, height: 720, fps: 30 } } },
  ] as Partial<EncodeSettings>[])('accepts the bounds and real sources %o', (overrides) => {
    expect(() => validateEncodeSettings(base(overrides))).not.toThrow();
  });

  it('accepts each hardware encoder on its own platform only', () => {
    expect(() => validateEncodeSettings(defaultEncodeSettings('darwin', { encoder: 'hevc_videotoolbox' }))).not.toThrow();
    expect(() => validateEncodeSettings(defaultEncodeSettings('win32', { encoder: 'hevc_amf' }))).not.toThrow();
    expect(() => validateEncodeSettings(defaultEncodeSettings('linux', { encoder: 'hevc_vaapi' }))).not.toThrow();
    expect(() => validateEncodeSettings(defaultEncodeSettings('win32', { encoder: 'hevc_vaapi' }))).toThrow(AppError);
    expect(() => validateEncodeSettings(defaultEncodeSettings('darwin', { encoder: 'hevc_nvenc' }))).toThrow(AppError);
  });
});

describe('keyintFrames and advice', () => {
  it('computes the GOP length in frames', () => {
    expect(keyintFrames({ fps: 30, keyintSeconds: 2 })).toBe(60);
    expect(keyintFrames({ fps: 25, keyintSeconds: 1.5 })).toBe(38);
    expect(keyintFrames({ fps: 1, keyintSeconds: 1 })).toBe(1);
  });

  it('has nothing to say about the defaults', () => {
    expect(encodeSettingsAdvice(base())).toEqual([]);
  });

  it('warns about long GOPs, fractional GOPs and heavy libx265 loads', () => {
    expect(encodeSettingsAdvice(base({ keyintSeconds: 4 })).join(' ')).toMatch(/Gcore recommends 1–2 s/);
    expect(encodeSettingsAdvice(base({ fps: 25, keyintSeconds: 1.5 })).join(' ')).toMatch(/every 38 frames/);
    expect(encodeSettingsAdvice(base({ width: 3840, height: 2160 })).join(' ')).toMatch(/fast CPU/);
    expect(encodeSettingsAdvice(base({ width: 3840, height: 2160, preset: 'ultrafast' }))).toEqual([]);
  });
});
