// Source picker fed by doctor().devices: listed screens/cameras/modes/audio inputs, the typed fallback with the notes
// when nothing is listed, saved devices that are gone, and the picture-in-picture config sent to startBroadcast.

import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/src/App';
import type { CaptureDevices } from '../../src/shared/captureDevices';
import { ok } from '../../src/shared/result';
import { createFakeApi } from './fakeApi';
import { fakeCaptureDevices, fakeDoctorReport, fakeNoCaptureDevices } from './fixtures';

// uPlot cannot load in jsdom (no matchMedia/canvas): see chartStub.tsx.
vi.mock('../../src/renderer/src/components/TimeSeriesChart', () => import('./chartStub'));

afterEach(() => {
  cleanup();
});

function options(label: string): { value: string; text: string }[] {
  return within(screen.getByLabelText(label))
    .getAllByRole('option')
    .map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' }));
}

function value(label: string): string {
  return (screen.getByLabelText(label) as HTMLInputElement | HTMLSelectElement).value;
}

function change(label: string, to: string): void {
  fireEvent.change(screen.getByLabelText(label), { target: { value: to } });
}

const goLive = (): HTMLButtonElement => screen.getByRole('button', { name: 'Go live' }) as HTMLButtonElement;

/** The Rehearsal screen once doctor() has answered with `devices`. */
async function renderWith(devices: CaptureDevices | undefined, saved: Record<string, unknown> = {}) {
  const bridge = createFakeApi({ doctor: async () => ok(fakeDoctorReport(devices)), loadSettings: async () => ok(saved) });
  render(<App api={bridge.api} initialScreen="rehearsal" />);
  await vi.waitFor(() => expect(bridge.api.doctor).toHaveBeenCalled());
  await vi.waitFor(() => expect((screen.getByLabelText('Desktop') as HTMLInputElement).disabled).toBe(false));
  return bridge.api;
}

describe('Source picker with the listed devices', () => {
  it('offers the listed screens, cameras with their modes and audio inputs, and sends the picked ones', async () => {
    const api = await renderWith(fakeCaptureDevices());

    fireEvent.click(screen.getByLabelText('Desktop'));
    expect(options('Screen')).toEqual([
      { value: ':0', text: 'All monitors 4480x1440' },
      { value: ':0+0,0', text: 'DP-1 2560x1440 (primary) at +0+0' },
      { value: ':0+2560,0', text: 'HDMI-1 1920x1080 at +2560+0' },
    ]);
    expect(value('Screen')).toBe(':0');
    expect(screen.queryByLabelText('Display (optional)')).toBeNull();

    fireEvent.click(screen.getByLabelText('Camera'));
    expect(options('Camera device')).toEqual([
      { value: '/dev/video0', text: 'HD Pro Webcam C920' },
      { value: '/dev/video2', text: 'Cam Link 4K' },
    ]);
    expect(value('Camera device')).toBe('/dev/video0');
    expect(options('Camera mode').map((o) => o.text)).toEqual([
      'Camera default (scaled to the broadcast size)',
      '1920x1080, 30 fps, mjpeg',
      '1920x1080, 24 fps, mjpeg',
      '1920x1080, 15 fps, mjpeg',
      '1280x720, 30 fps, mjpeg',
      '1280x720, 15 fps, mjpeg',
      '640x480, 30 fps, yuyv422',
      '640x480, 15 fps, yuyv422',
    ]);
    change('Camera device', '/dev/video2');
    change('Camera mode', '1920x1080@50:nv12');

    fireEvent.click(screen.getByLabelText('Device'));
    expect(options('Audio device').map((o) => o.text)).toEqual([
      'HD Pro Webcam C920 Analog Stereo',
      'Built-in Audio Analog Stereo',
      'Monitor of Built-in Audio Analog Stereo — what you hear',
    ]);
    change('Audio device', 'alsa_output.pci-0000_00_1f.3.analog-stereo.monitor');
    expect(screen.queryByRole('textbox')).toBeNull();

    fireEvent.click(goLive());
    await vi.waitFor(() => expect(api.startBroadcast).toHaveBeenCalledTimes(1));
    const config = api.startBroadcast.mock.calls[0]?.[0];
    expect(config?.input).toEqual({ kind: 'camera', device: '/dev/video2', captureMode: { width: 1920, height: 1080, fps: 50, format: 'nv12' } });
    expect(config?.audio).toEqual({ kind: 'device', device: 'alsa_output.pci-0000_00_1f.3.analog-stereo.monitor' });
  });

  it('sends a picked screen with a camera over it exactly as chosen', async () => {
    const api = await renderWith(fakeCaptureDevices());
    fireEvent.click(screen.getByLabelText('Desktop'));
    change('Screen', ':0+2560,0');
    expect(screen.queryByLabelText('Overlay camera')).toBeNull();
    fireEvent.click(screen.getByLabelText('Camera over desktop (picture-in-picture)'));
    expect(value('Overlay camera')).toBe('/dev/video0');
    change('Overlay camera', '/dev/video2');
    fireEvent.click(screen.getByLabelText('None'));
    change('Size', '640x360');
    fireEvent.click(goLive());

    await vi.waitFor(() => expect(api.startBroadcast).toHaveBeenCalledTimes(1));
    expect(api.startBroadcast).toHaveBeenCalledWith({
      target: { kind: 'local' },
      input: {
        kind: 'desktop',
        display: ':0',
        region: { x: 2560, y: 0, width: 1920, height: 1080 },
        overlayCamera: { device: '/dev/video2' },
      },
      audio: { kind: 'none' },
      width: 640,
      height: 360,
      fps: 30,
      bitrateKbps: 800,
      keyintSeconds: 2,
      encoder: 'auto',
      latencyMs: 2000,
      mode: 'failover',
    });
  });

  it('loads a saved screen region, cursor choice and overlay that still exist, without a notice', async () => {
    const savedInput = {
      kind: 'desktop',
      display: ':0',
      region: { x: 0, y: 0, width: 2560, height: 1440 },
      showCursor: false,
      overlayCamera: { device: '/dev/video2', corner: 'top-left', widthPercent: 30 },
    };
    const api = await renderWith(fakeCaptureDevices(), { broadcast: { input: savedInput, audio: { kind: 'none' } } });
    await vi.waitFor(() => expect(value('Screen')).toBe(':0+0,0'));
    expect(value('Overlay camera')).toBe('/dev/video2');
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(goLive());
    await vi.waitFor(() => expect(api.startBroadcast).toHaveBeenCalledTimes(1));
    expect(api.startBroadcast.mock.calls[0]?.[0].input).toEqual(savedInput);
    expect(api.saveSettings).not.toHaveBeenCalled();
  });
});

/** Nothing listed, but nothing known to be impossible either (the listing tools failed): names can be typed. */
function unlistedDevices(): CaptureDevices {
  const devices = fakeNoCaptureDevices();
  delete devices.unavailable;
  return devices;
}

describe('Source picker without listed devices', () => {
  it('folds the device issues behind one line, in plain words, and lets names be typed', async () => {
    const api = await renderWith(unlistedDevices());
    const summary = screen.getByText(/Not all devices can be used here/);
    expect(summary.closest('summary')?.textContent).toBe('Not all devices can be used here (desktop, camera, audio input) — details');
    expect(summary.closest('details')?.open).toBe(false);
    const issues = within(screen.getByRole('list', { name: 'Device issues', hidden: true })).getAllByRole('listitem', { hidden: true });
    expect(issues.map((li) => li.textContent)).toEqual(fakeNoCaptureDevices().issues?.map((i) => i.sentence));
    // The tools' raw notes (pactl, DISPLAY…) stay on Diagnostics.
    expect(screen.queryByText(/pactl failed/)).toBeNull();

    fireEvent.click(screen.getByLabelText('Desktop'));
    expect(screen.queryByLabelText('Screen')).toBeNull();
    expect(screen.queryByLabelText('Camera over desktop (picture-in-picture)')).toBeNull();
    fireEvent.change(screen.getByLabelText('Display (optional)'), { target: { value: ':1' } });

    fireEvent.click(screen.getByLabelText('Device'));
    expect(screen.queryByRole('combobox', { name: 'Audio device' })).toBeNull();
    fireEvent.change(screen.getByLabelText('Audio device name'), { target: { value: 'alsa:plughw:CARD=USB,DEV=0' } });
    fireEvent.click(goLive());
    await vi.waitFor(() => expect(api.startBroadcast).toHaveBeenCalledTimes(1));
    expect(api.startBroadcast.mock.calls[0]?.[0].input).toEqual({ kind: 'desktop', display: ':1' });
    expect(api.startBroadcast.mock.calls[0]?.[0].audio).toEqual({ kind: 'device', device: 'alsa:plughw:CARD=USB,DEV=0' });

    cleanup();
    await renderWith(unlistedDevices());
    fireEvent.click(screen.getByLabelText('Camera'));
    expect((screen.getByLabelText('Camera device') as HTMLElement).tagName).toBe('INPUT');
    expect(screen.queryByLabelText('Camera mode')).toBeNull();
  });
});

describe('Sources that cannot work here', () => {
  it('are disabled with the reason beside them, and a saved desktop source falls back to the test pattern', async () => {
    const bridge = createFakeApi({
      doctor: async () => ok(fakeDoctorReport(fakeNoCaptureDevices())),
      loadSettings: async () => ok({ broadcast: { input: { kind: 'desktop', display: ':0' } } }),
    });
    render(<App api={bridge.api} initialScreen="rehearsal" />);
    expect(await screen.findByText(/Desktop is not available here/)).toBeTruthy();
    const desktop = screen.getByRole('radio', { name: /^Desktop/ }) as HTMLInputElement;
    const camera = screen.getByRole('radio', { name: /^Camera/ }) as HTMLInputElement;
    expect(desktop.disabled).toBe(true);
    expect(camera.disabled).toBe(true);
    expect(desktop.closest('label')?.textContent).toBe('Desktop — not available: no desktop session (X11) runs on this computer');
    expect(camera.closest('label')?.textContent).toBe('Camera — not available: no camera is connected');
    expect(screen.getByText(/Desktop is not available here/).textContent).toBe(
      'Desktop is not available here (no desktop session (X11) runs on this computer); using the test pattern instead.',
    );
    expect((screen.getByRole('radio', { name: 'Test pattern' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Go live' }));
    await vi.waitFor(() => expect(bridge.api.startBroadcast).toHaveBeenCalledTimes(1));
    expect(bridge.api.startBroadcast.mock.calls[0]?.[0].input).toEqual({ kind: 'testsrc' });
  });
});

describe('A saved device that is gone', () => {
  it('says so, falls back to the first listed one, and saves the fallback', async () => {
    const api = await renderWith(fakeCaptureDevices(), {
      broadcast: {
        input: { kind: 'camera', device: '/dev/video4', captureMode: { width: 3840, height: 2160, fps: 30, format: 'mjpeg' } },
        audio: { kind: 'device', device: 'alsa_input.usb-Blue_Yeti-00.analog-stereo' },
      },
    });
    await vi.waitFor(() => expect(screen.getAllByRole('alert')).toHaveLength(2));
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual([
      'The saved camera “/dev/video4” is not connected; using HD Pro Webcam C920 (/dev/video0) instead.',
      'The saved audio device “alsa_input.usb-Blue_Yeti-00.analog-stereo” is not available; using HD Pro Webcam C920 Analog Stereo instead.',
    ]);
    expect(value('Camera device')).toBe('/dev/video0');
    expect(value('Camera mode')).toBe('');
    expect(value('Audio device')).toBe('alsa_input.usb-046d_HD_Pro_Webcam_C920_8A1B2C3D-02.analog-stereo');
    await vi.waitFor(() => expect(api.saveSettings).toHaveBeenCalledTimes(1));
    expect(api.saveSettings.mock.calls[0]?.[0]).toMatchObject({
      broadcast: {
        input: { kind: 'camera', device: '/dev/video0' },
        audio: { kind: 'device', device: 'alsa_input.usb-046d_HD_Pro_Webcam_C920_8A1B2C3D-02.analog-stereo' },
      },
    });

    // Picking a source by hand clears the notices.
    change('Camera device', '/dev/video2');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('moves a saved screen or overlay camera that is gone to the first listed one', async () => {
    const api = await renderWith(fakeCaptureDevices(), {
      broadcast: {
        input: {
          kind: 'desktop',
          display: ':1',
          region: { x: 1920, y: 0, width: 1280, height: 1024 },
          overlayCamera: { device: '/dev/video9', corner: 'top-right' },
        },
      },
    });
    await vi.waitFor(() => expect(screen.getAllByRole('alert')).toHaveLength(2));
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual([
      'The saved screen :1 (1280x1024 at +1920+0) is not available; using All monitors 4480x1440 instead.',
      'The saved overlay camera “/dev/video9” is not connected; using HD Pro Webcam C920 (/dev/video0) instead.',
    ]);
    expect(value('Screen')).toBe(':0');
    expect(value('Overlay camera')).toBe('/dev/video0');
    fireEvent.click(goLive());
    await vi.waitFor(() => expect(api.startBroadcast).toHaveBeenCalledTimes(1));
    expect(api.startBroadcast.mock.calls[0]?.[0].input).toEqual({
      kind: 'desktop',
      display: ':0',
      overlayCamera: { device: '/dev/video0', corner: 'top-right' },
    });
  });
});
