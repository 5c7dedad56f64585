// Pure device helpers: labels, camera mode choices, saved-source parsing and the fallback for devices that are gone.
// (.tsx only because the renderer test project picks up *.test.tsx.)

import { describe, expect, it } from 'vitest';
import { DEFAULT_BROADCAST_SETTINGS, parseBroadcastSettings } from '../../src/renderer/src/logic/broadcastSettings';
import { cameraModeOptions, screenLabel, selectedModeKey } from '../../src/renderer/src/logic/deviceChoices';
import { sourceFallback } from '../../src/renderer/src/logic/sourceFallback';
import { fakeCaptureDevices, fakeNoCaptureDevices } from './fixtures';

describe('device labels and modes', () => {
  it('adds the size to a screen name only when it is missing', () => {
    const [all] = fakeCaptureDevices().screens;
    if (all === undefined) throw new Error('fixture has screens');
    expect(screenLabel(all)).toBe('All monitors 4480x1440');
    expect(screenLabel({ ...all, name: 'Capture screen 0', width: null, height: null })).toBe('Capture screen 0');
    expect(screenLabel({ ...all, name: 'Monitor 2', width: 1920, height: 1200 })).toBe('Monitor 2 (1920x1200)');
  });

  it('offers a mode listed without rates once, at the broadcast frame rate, and selects it whatever rate was saved', () => {
    const camera = { id: '/dev/video0', name: 'USB Camera', modes: [{ width: 1280, height: 720, fps: [], format: 'mjpeg' }] };
    const options = cameraModeOptions(camera, 25);
    expect(options).toEqual([
      { key: '1280x720@25:mjpeg', label: '1280x720, frame rate not listed, mjpeg', mode: { width: 1280, height: 720, fps: 25, format: 'mjpeg' } },
    ]);
    expect(selectedModeKey(options, { width: 1280, height: 720, fps: 30, format: 'mjpeg' })).toBe('1280x720@25:mjpeg');
    expect(selectedModeKey(options, undefined)).toBe('');
    expect(cameraModeOptions(undefined, 30)).toEqual([]);
  });
});

describe('saved source choices', () => {
  it('keeps regions, cursor, overlay and camera modes, and drops malformed parts', () => {
    const desktop = {
      kind: 'desktop',
      display: ':0',
      region: { x: -1920, y: 0, width: 1920, height: 1080 },
      showCursor: false,
      overlayCamera: { device: 'Logitech BRIO', captureMode: { width: 1280, height: 720, fps: 30 }, corner: 'bottom-left', widthPercent: 20 },
    };
    expect(parseBroadcastSettings({ input: desktop }).input).toEqual(desktop);
    const camera = { kind: 'camera', device: '/dev/video0', captureMode: { width: 1920, height: 1080, fps: 30, format: 'mjpeg' } };
    expect(parseBroadcastSettings({ input: camera }).input).toEqual(camera);
    expect(
      parseBroadcastSettings({
        input: { kind: 'desktop', region: { x: 0, y: 0, width: 0, height: 10 }, overlayCamera: { device: '', corner: 'middle' } },
      }).input,
    ).toEqual({ kind: 'desktop' });
    const badMode = { kind: 'camera', device: 'x', captureMode: { width: 'a' } };
    expect(parseBroadcastSettings({ input: badMode }).input).toEqual({ kind: 'camera', device: 'x' });
    expect(parseBroadcastSettings({ input: { kind: 'desktop', overlayCamera: { device: 'c', widthPercent: 80 } } }).input).toEqual({
      kind: 'desktop',
      overlayCamera: { device: 'c' },
    });
  });
});

describe('sourceFallback', () => {
  const devices = fakeCaptureDevices();

  it('leaves choices that fit the devices alone', () => {
    const mode = { width: 1280, height: 720, fps: 15, format: 'mjpeg' };
    expect(sourceFallback({ kind: 'camera', device: '/dev/video0', captureMode: mode }, { kind: 'tone' }, devices)).toBeNull();
    expect(sourceFallback({ kind: 'testsrc' }, { kind: 'device', device: 'alsa_input.pci-0000_00_1f.3.analog-stereo' }, devices)).toBeNull();
    expect(sourceFallback({ kind: 'desktop', display: ':0' }, { kind: 'none' }, devices)).toBeNull();
  });

  it('drops a camera mode the camera no longer lists', () => {
    const saved = { kind: 'camera' as const, device: '/dev/video0', captureMode: { width: 1280, height: 720, fps: 60, format: 'mjpeg' } };
    const r = sourceFallback(saved, { kind: 'none' }, devices);
    expect(r?.input).toEqual({ kind: 'camera', device: '/dev/video0' });
    expect(r?.notices).toEqual(['HD Pro Webcam C920 no longer offers 1280x720 at 60 fps; using the camera’s default mode.']);
  });

  it('fills in the first screen for a desktop source without one, silently', () => {
    const r = sourceFallback({ kind: 'desktop', showCursor: false }, DEFAULT_BROADCAST_SETTINGS.audio, devices);
    expect(r).toEqual({ input: { kind: 'desktop', display: ':0', showCursor: false }, audio: { kind: 'tone' }, notices: [] });
  });

  it('replaces a source that cannot work here by the test pattern, saying why', () => {
    const r = sourceFallback({ kind: 'camera', device: '/dev/video0' }, { kind: 'tone' }, fakeNoCaptureDevices());
    expect(r).toEqual({
      input: { kind: 'testsrc' },
      audio: { kind: 'tone' },
      notices: ['Camera is not available here (no camera is connected); using the test pattern instead.'],
    });
  });

  it('checks nothing against empty lists: a typed name may still work', () => {
    // Listing failed (no tool answered) but nothing is known to be impossible here.
    const none = fakeNoCaptureDevices();
    delete none.unavailable;
    expect(sourceFallback({ kind: 'camera', device: '/dev/video7' }, { kind: 'device', device: 'hw:1' }, none)).toBeNull();
    expect(sourceFallback({ kind: 'desktop', display: ':5', overlayCamera: { device: '/dev/video7' } }, { kind: 'none' }, none)).toBeNull();
  });
});
