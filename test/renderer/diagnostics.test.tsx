// Diagnostics screen: doctor() report rendering (ffmpeg, encoders, capture devices, keychain, API), failures, log export.

import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/src/App';
import { fail, ok } from '../../src/shared/result';
import { createFakeApi } from './fakeApi';
import { fakeCaptureDevices, fakeDoctorReport, fakeEncoder, fakeNoCaptureDevices, fakeProbe } from './fixtures';

// uPlot cannot load in jsdom (no matchMedia/canvas): see chartStub.tsx.
vi.mock('../../src/renderer/src/components/TimeSeriesChart', () => import('./chartStub'));

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function fact(term: string): string {
  const dt = screen.getAllByRole('term').find((el) => el.textContent === term);
  return dt?.nextElementSibling?.textContent ?? '';
}

/** jsdom's Blob lacks text(); FileReader reads it. */
function readBlob(blob: Blob | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    if (blob === undefined) return reject(new Error('no blob'));
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

/** The device notes (role status), not the on-air bar's status at the top of every screen. */
function deviceNotes(): Array<string | null> {
  return screen.getAllByRole('status').filter((n) => n.getAttribute('aria-label') !== 'Broadcast status').map((n) => n.textContent);
}

describe('Diagnostics screen', () => {
  it('shows what doctor() found', async () => {
    const probe = fakeProbe({
      srtOutput: false,
      hevcEncoders: [fakeEncoder('libx265', true), fakeEncoder('hevc_vaapi', false, 'No VA display found for device /dev/dri/renderD128.')],
    });
    const { api } = createFakeApi({
      doctor: async () => ok({ ffmpeg: ok(probe), keychain: ok({ tokenStored: true }), api: ok({ reachable: true as const, streams: 3 }) }),
    });
    render(<App api={api} initialScreen="diagnostics" />);
    await screen.findByText('/usr/bin/ffmpeg');
    expect(fact('Version')).toBe('5.1.9');
    expect(fact('Found via')).toBe('PATH');
    expect(fact('SRT output (libsrt)')).toBe('no');
    expect(fact('Capture inputs')).toBe('x11grab, v4l2, pulse, alsa, lavfi');
    const rows = within(screen.getByRole('table')).getAllByRole('row').map((r) => r.textContent);
    expect(rows).toEqual([
      'EncoderKindWorksTestReason',
      'libx265softwareyes120 ms',
      'hevc_vaapihardwarenot available on this machine120 msNo VA display found for device /dev/dri/renderD128.',
    ]);
    // A missing GPU encoder is a fact, not a fault: nothing in the table is red but a failing software encoder.
    expect(within(screen.getByRole('table')).getByText('not available on this machine').className).not.toContain('bad');
    expect(screen.getByLabelText('Verdict').textContent).toBe(
      'Not ready to go live: this ffmpeg cannot send SRT. Choose an ffmpeg built with libsrt under Settings below.',
    );
    expect(screen.getByText('Working; API token stored: yes.')).toBeTruthy();
    expect(screen.getByText('Reachable; 3 streams on the account.')).toBeTruthy();
  });

  it('lists the capture devices: cameras with their mode count, screens with geometry, audio inputs', async () => {
    const devices = fakeCaptureDevices({
      cameras: [...fakeCaptureDevices().cameras, { id: 'FaceTime HD Camera', name: 'FaceTime HD Camera' }],
      notes: ['v4l2-ctl is not installed (package v4l-utils): camera frame rates are not listed, only sizes.'],
    });
    const { api } = createFakeApi({ doctor: async () => ok(fakeDoctorReport(devices)) });
    render(<App api={api} initialScreen="diagnostics" />);
    await screen.findByRole('heading', { name: 'Capture devices' });
    const items = (name: string) => within(screen.getByRole('list', { name })).getAllByRole('listitem').map((li) => li.textContent);
    expect(items('Cameras')).toEqual([
      'HD Pro Webcam C920 — /dev/video0 — 3 modes',
      'Cam Link 4K — /dev/video2 — 1 mode',
      'FaceTime HD Camera — FaceTime HD Camera — modes not listed',
    ]);
    expect(items('Screens')).toEqual([
      'All monitors 4480x1440 — 4480x1440 at +0+0 — display :0',
      'DP-1 2560x1440 (primary) at +0+0 — 2560x1440 at +0+0, primary — display :0',
      'HDMI-1 1920x1080 at +2560+0 — 1920x1080 at +2560+0 — display :0',
    ]);
    expect(items('Audio inputs')).toEqual([
      'HD Pro Webcam C920 Analog Stereo — alsa_input.usb-046d_HD_Pro_Webcam_C920_8A1B2C3D-02.analog-stereo',
      'Built-in Audio Analog Stereo — alsa_input.pci-0000_00_1f.3.analog-stereo',
      'Monitor of Built-in Audio Analog Stereo — what you hear — alsa_output.pci-0000_00_1f.3.analog-stereo.monitor',
    ]);
    expect(deviceNotes()).toEqual([devices.notes[0]]);
  });

  it('says when no device is listed, with the notes explaining why', async () => {
    const { api } = createFakeApi({ doctor: async () => ok(fakeDoctorReport(fakeNoCaptureDevices())) });
    render(<App api={api} initialScreen="diagnostics" />);
    await screen.findByRole('heading', { name: 'Capture devices' });
    expect(screen.getAllByText('None found.')).toHaveLength(3);
    expect(deviceNotes()).toEqual(fakeNoCaptureDevices().notes);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows each failed check’s message', async () => {
    const { api } = createFakeApi({
      doctor: async () =>
        ok({
          ffmpeg: fail('ffmpeg', 'No ffmpeg found: install ffmpeg or set FFMPEG_PATH.'),
          keychain: fail('config', 'The OS keychain is locked: unlock it and try again.'),
          api: fail('unreachable', 'Cannot reach api.gcore.com: check the network.'),
        }),
    });
    render(<App api={api} initialScreen="diagnostics" />);
    await screen.findByText('No ffmpeg found: install ffmpeg or set FFMPEG_PATH.');
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual([
      'No ffmpeg found: install ffmpeg or set FFMPEG_PATH.',
      'The OS keychain is locked: unlock it and try again.',
      'Cannot reach api.gcore.com: check the network.',
    ]);
  });

  it('opens with "Ready to go live" when every check passes and the account is signed in', async () => {
    const { api } = createFakeApi({
      accountStatus: async () => ok({ signedIn: true, apiBaseUrl: 'https://api.gcore.com' }),
      doctor: async () => ok({ ffmpeg: ok(fakeProbe()), keychain: ok({ tokenStored: true }), api: ok({ reachable: true as const, streams: 1 }) }),
    });
    render(<App api={api} initialScreen="diagnostics" />);
    expect((await screen.findByLabelText('Verdict')).textContent).toBe('Ready to go live.');
  });

  it('checks again by itself after a sign-in, so "not signed in" does not stay', async () => {
    let signedIn = false;
    const { api } = createFakeApi({
      accountStatus: async () => ok({ signedIn, apiBaseUrl: 'https://api.gcore.com' }),
      signIn: async () => {
        signedIn = true;
        return ok({ signedIn: true, apiBaseUrl: 'https://api.gcore.com' });
      },
      doctor: async () =>
        ok({ ffmpeg: ok(fakeProbe()), keychain: ok({ tokenStored: signedIn }), api: signedIn ? ok({ reachable: true as const, streams: 2 }) : null }),
    });
    render(<App api={api} initialScreen="account" />);
    fireEvent.change(await screen.findByLabelText('Gcore API token'), { target: { value: '7711_secretTokenValue' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await vi.waitFor(() => expect(api.signIn).toHaveBeenCalled());
    await screen.findByRole('button', { name: /Sign out/ });
    fireEvent.click(screen.getByRole('button', { name: 'Diagnostics' }));
    expect(await screen.findByText('Reachable; 2 streams on the account.')).toBeTruthy();
    expect(screen.getByLabelText('Verdict').textContent).toBe('Ready to go live.');
    expect(screen.queryByText('Not checked (not signed in).')).toBeNull();
    expect(api.doctor).toHaveBeenCalledTimes(2);
  });

  it('runs the checks again on request', async () => {
    const { api } = createFakeApi();
    api.doctor.mockResolvedValueOnce(fail('internal', 'The check crashed: see the logs.'));
    render(<App api={api} initialScreen="diagnostics" />);
    expect((await screen.findByRole('alert')).textContent).toBe('The check crashed: see the logs.');
    fireEvent.click(await screen.findByRole('button', { name: 'Run checks again' }));
    expect(await screen.findByText('/usr/bin/ffmpeg')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(api.doctor).toHaveBeenCalledTimes(2);
  });

  it('exports the logs as a text download', async () => {
    // jsdom has no object URLs and does not download: capture the Blob and the clicked link instead.
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:fake-1';
    });
    URL.revokeObjectURL = vi.fn();
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    const { api } = createFakeApi({ exportLogs: async () => ok('12:00:01 primary connected streamid=123#****\n') });
    render(<App api={api} initialScreen="diagnostics" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Export logs' }));

    expect(await screen.findByText(/^Logs saved as srt-companion-logs-\d{8}-\d{6}\.txt\.$/)).toBeTruthy();
    expect(clicked).toHaveLength(1);
    expect(clicked[0]?.download).toMatch(/^srt-companion-logs-\d{8}-\d{6}\.txt$/);
    expect(clicked[0]?.getAttribute('href')).toBe('blob:fake-1');
    expect(await readBlob(blobs[0])).toBe('12:00:01 primary connected streamid=123#****\n');
    expect(document.querySelector('a[download]')).toBeNull();
  });

  it('shows why the export failed', async () => {
    const { api } = createFakeApi({ exportLogs: async () => fail('usage', 'No logs yet: go live or rehearse first.') });
    render(<App api={api} initialScreen="diagnostics" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Export logs' }));
    expect((await screen.findByRole('alert')).textContent).toBe('No logs yet: go live or rehearse first.');
  });
});
