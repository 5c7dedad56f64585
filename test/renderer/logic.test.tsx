// The renderer's pure helpers: settings parsing/validation, warnings thresholds, formatting, URL splitting, the ring.
// (.tsx only because the renderer test project picks up *.test.tsx.)

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BROADCAST_SETTINGS,
  parseBroadcastSettings,
  recommendedBitrateKbps,
  validateBroadcastSettings,
} from '../../src/renderer/src/logic/broadcastSettings';
import { encoderOptions, sourceAvailability } from '../../src/renderer/src/logic/encoderChoices';
import { formatElapsed, formatKbps, formatMs } from '../../src/renderer/src/logic/format';
import { parsePullUrls } from '../../src/renderer/src/logic/pullUrls';
import { appendBounded } from '../../src/renderer/src/logic/ring';
import { fakeEncoder, fakeProbe } from './fixtures';

describe('broadcast settings', () => {
  it('recommends Gcore’s bitrates', () => {
    expect(recommendedBitrateKbps(1080, 30)).toBe(4500);
    expect(recommendedBitrateKbps(720, 25)).toBe(2500);
    expect(recommendedBitrateKbps(360, 30)).toBe(800);
    expect(recommendedBitrateKbps(1080, 60)).toBe(6750);
  });

  it('defaults to failover, 2 s keyframes, 2000 ms latency and the automatic encoder', () => {
    expect(DEFAULT_BROADCAST_SETTINGS).toMatchObject({ mode: 'failover', keyintSeconds: 2, latencyMs: 2000, encoder: 'auto' });
    expect(validateBroadcastSettings(DEFAULT_BROADCAST_SETTINGS)).toEqual([]);
  });

  it('reads saved values tolerantly, falling back per field', () => {
    expect(parseBroadcastSettings(undefined)).toEqual(DEFAULT_BROADCAST_SETTINGS);
    expect(
      parseBroadcastSettings({ width: 1000, height: 700, fps: 24, mode: 'both', input: { kind: 'camera' }, audio: { kind: 'device', device: 'hw:1' }, latencyMs: 2400 }),
    ).toEqual({ ...DEFAULT_BROADCAST_SETTINGS, audio: { kind: 'device', device: 'hw:1' }, latencyMs: 2400 });
  });

  it('refuses latency at or above 3000 ms and odd bitrates', () => {
    const fields = (patch: object) => validateBroadcastSettings({ ...DEFAULT_BROADCAST_SETTINGS, ...patch }).map((p) => p.field);
    expect(fields({ latencyMs: 3000 })).toEqual(['latencyMs']);
    expect(fields({ latencyMs: 2999 })).toEqual([]);
    expect(fields({ latencyMs: Number.NaN, bitrateKbps: 50 })).toEqual(['latencyMs', 'bitrateKbps']);
  });
});

describe('encoder choices', () => {
  it('orders working hardware encoders before libx265', () => {
    const probe = fakeProbe({
      hevcEncoders: [fakeEncoder('libx265', true), fakeEncoder('hevc_nvenc', true), fakeEncoder('hevc_amf', false, 'no device')],
    });
    expect(encoderOptions(probe).map((e) => e.name)).toEqual(['hevc_nvenc', 'libx265']);
    expect(encoderOptions(null)).toEqual([]);
  });

  it('maps capture backends to source kinds', () => {
    expect(sourceAvailability(fakeProbe({ captureBackends: ['avfoundation', 'lavfi'] }))).toEqual({
      desktop: true,
      camera: true,
      audioDevice: true,
    });
    expect(sourceAvailability(null)).toEqual({ desktop: false, camera: false, audioDevice: false });
  });
});

describe('small helpers', () => {
  it('formats durations, rates and times', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(83_999)).toBe('1:23');
    expect(formatElapsed(3_723_000)).toBe('1:02:03');
    expect(formatKbps(4480)).toBe('4.48 Mbps');
    expect(formatKbps(812.4)).toBe('812 kbps');
    expect(formatMs(null)).toBe('—');
    expect(formatMs(37.6)).toBe('38 ms');
  });

  it('splits pull URLs on any whitespace and drops duplicates', () => {
    expect(parsePullUrls(' a  b\nc\r\n\ta \n')).toEqual(['a', 'b', 'c']);
    expect(parsePullUrls('   ')).toEqual([]);
  });

  it('keeps a bounded ring', () => {
    let ring: number[] = [];
    for (let i = 0; i < 7; i += 1) ring = appendBounded(ring, i, 5);
    expect(ring).toEqual([2, 3, 4, 5, 6]);
  });
});
