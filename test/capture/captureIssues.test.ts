// What the listed devices mean for picking a source: sources that cannot work here with the reason, and one
// sentence per kind of device in the app's words (no tool names, no terminal commands).

import { describe, expect, it } from 'vitest';
import { assessCaptureDevices } from '../../src/main/capture/captureIssues';
import type { CameraDevice, MicrophoneDevice, ScreenDevice } from '../../src/shared/captureDevices';

const camera: CameraDevice = { id: '/dev/video0', name: 'Webcam' };
const screenDevice: ScreenDevice = { id: ':0', name: 'Screen', width: 1920, height: 1080, x: 0, y: 0, capture: { display: ':0' } };
const microphone: MicrophoneDevice = { id: 'default', name: 'Mic' };
const x11 = { display: ':0', wayland: false };

describe('assessCaptureDevices', () => {
  it('has nothing to say about a Linux X11 desktop with a camera and a microphone', () => {
    expect(assessCaptureDevices({ platform: 'linux', session: x11, cameras: [camera], screens: [screenDevice], microphones: [microphone] })).toEqual({
      issues: [],
      unavailable: {},
    });
  });

  it('disables the desktop without an X display and the camera without a device, with the reasons', () => {
    const r = assessCaptureDevices({ platform: 'linux', session: { display: null, wayland: false }, cameras: [], screens: [], microphones: [] });
    expect(r.unavailable).toEqual({ desktop: 'no desktop session (X11) runs on this computer', camera: 'no camera is connected' });
    expect(r.issues.map((i) => i.device)).toEqual(['screen', 'camera', 'audio']);
    expect(r.issues[0]?.sentence).toBe('Desktop capture is not available: no desktop session (X11) runs on this computer.');
    expect(r.issues[2]?.sentence).toBe(
      'No audio input found: start the sound system or connect a microphone, then press “Run checks again” on Diagnostics. The test tone still works.',
    );
  });

  it('names Wayland without XWayland as the reason, and warns (without disabling) under XWayland', () => {
    const bare = assessCaptureDevices({ platform: 'linux', session: { display: null, wayland: true }, cameras: [camera], screens: [], microphones: [microphone] });
    expect(bare.unavailable.desktop).toMatch(/Wayland session offers no X11 display/);
    const xwayland = assessCaptureDevices({ platform: 'linux', session: { display: ':0', wayland: true }, cameras: [camera], screens: [screenDevice], microphones: [microphone] });
    expect(xwayland.unavailable).toEqual({});
    expect(xwayland.issues).toHaveLength(1);
  });

  it('on macOS and Windows an empty camera list is a hint (a permission may hide cameras), never a disabled source', () => {
    const mac = assessCaptureDevices({ platform: 'darwin', session: null, cameras: [], screens: [], microphones: [microphone] });
    expect(mac.unavailable).toEqual({});
    expect(mac.issues.map((i) => i.sentence)).toEqual([
      'No screen is listed: allow Screen Recording for SRT Companion in System Settings › Privacy & Security.',
      'No camera found: connect one, and allow Camera access for SRT Companion in System Settings › Privacy & Security, then press “Run checks again” on Diagnostics.',
    ]);
    expect(assessCaptureDevices({ platform: 'win32', session: null, cameras: [], screens: [screenDevice], microphones: [microphone] }).unavailable).toEqual({});
  });

  it('never names a tool or a terminal command', () => {
    const r = assessCaptureDevices({ platform: 'linux', session: { display: ':0', wayland: false }, cameras: [], screens: [], microphones: [] });
    for (const issue of r.issues) expect(issue.sentence).not.toMatch(/pactl|xrandr|xdpyinfo|v4l2|arecord|DISPLAY|`|apt |sudo/);
  });
});
