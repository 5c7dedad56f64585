// The file source in the picker: "Video file", then "Choose file…" (main's dialog and check, faked here: the Electron
// dialog cannot run in jsdom), the file's summary and whether it goes out as it is, the loop switch, the config sent to
// startBroadcast, a refused file's sentence, and the remembered file described again after a restart.

import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/src/App';
import type { FileSourceInfo } from '../../src/shared/fileSourceTypes';
import type { SrtCompanionApi } from '../../src/shared/ipcContract';
import { fail, ok } from '../../src/shared/result';
import { createFakeApi } from './fakeApi';
import { fakeCaptureDevices, fakeDoctorReport } from './fixtures';

// uPlot cannot load in jsdom (no matchMedia/canvas): see chartStub.tsx.
vi.mock('../../src/renderer/src/components/TimeSeriesChart', () => import('./chartStub'));

afterEach(() => {
  cleanup();
});

const INTRO: FileSourceInfo = {
  summary: { path: '/videos/intro.mp4', container: 'mov,mp4,m4a,3gp,3g2,mj2', durationS: 30, videoCodec: 'hevc', width: 1920, height: 1080, fps: 30, bitrateKbps: 6000, audioCodec: 'aac', keyframeIntervalS: 2 },
  sentAsIs: true,
  notes: ["The file's HEVC video is sent as it is (no re-encoding): the size, frame rate, bitrate and keyframe settings do not apply."],
};

const CLIP: FileSourceInfo = {
  summary: { ...INTRO.summary, path: '/videos/clip.mkv', videoCodec: 'h264', keyframeIntervalS: null },
  sentAsIs: false,
  notes: ['The file is encoded with the chosen encoder because its video is h264, not HEVC.'],
};

async function renderWith(impl: Partial<SrtCompanionApi>, saved: Record<string, unknown> = {}) {
  const bridge = createFakeApi({ doctor: async () => ok(fakeDoctorReport(fakeCaptureDevices())), loadSettings: async () => ok(saved), ...impl });
  render(<App api={bridge.api} initialScreen="rehearsal" />);
  await vi.waitFor(() => expect(bridge.api.doctor).toHaveBeenCalled());
  return bridge.api;
}

const goLive = (): HTMLButtonElement => screen.getByRole('button', { name: 'Go live' }) as HTMLButtonElement;

describe('Video file as the source', () => {
  it('is chosen in main\'s dialog, shows what it holds and that it goes out as it is, loops when asked, and goes live with it', async () => {
    const api = await renderWith({ chooseSourceFile: async () => ok({ status: 'chosen', file: INTRO }) });
    fireEvent.click(screen.getByLabelText('Video file'));
    expect(await screen.findByText('Choose the video file to play.')).toBeTruthy();
    expect(goLive().disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Choose file…' }));
    await vi.waitFor(() => expect(api.chooseSourceFile).toHaveBeenCalledWith());
    const summary = await screen.findByLabelText('File summary');
    expect(within(summary).getByText('HEVC 1920x1080, 30 fps, 0:30, 6000 kbps, AAC sound, keyframes every 2.0 s')).toBeTruthy();
    expect(summary.textContent).toContain('Sent as it is (no re-encoding)');
    expect(summary.textContent).toContain('the size, frame rate, bitrate and keyframe settings do not apply');
    expect(screen.getByText('/videos/intro.mp4')).toBeTruthy();
    expect(screen.getByText("The file's own sound is sent; this is used only when the file has none.")).toBeTruthy();

    const loop = screen.getByLabelText(/^Loop:/) as HTMLInputElement;
    expect(loop.checked).toBe(false);
    fireEvent.click(loop);
    await vi.waitFor(() => expect(goLive().disabled).toBe(false));
    fireEvent.click(goLive());
    await vi.waitFor(() => expect(api.startBroadcast).toHaveBeenCalledTimes(1));
    expect(api.startBroadcast.mock.calls[0]?.[0]).toMatchObject({ target: { kind: 'local' }, input: { kind: 'file', path: '/videos/intro.mp4', loop: true } });
    // What the form saved passes main's schema (the fake checks it as main does).
    await vi.waitFor(() => expect(api.saveSettings).toHaveBeenCalled());
    expect(await api.saveSettings.mock.results.at(-1)?.value).toMatchObject({ ok: true, value: { broadcast: { input: { kind: 'file', path: '/videos/intro.mp4', loop: true } } } });
  });

  it('shows the check\'s sentence for a file that cannot be the source, and keeps no path', async () => {
    const refusal = '/videos/song.m4a has only sound, no video stream: Gcore takes no audio-only live stream; pick a video file.';
    const api = await renderWith({ chooseSourceFile: async () => fail('file_no_video', refusal, 'input') });
    fireEvent.click(screen.getByLabelText('Video file'));
    fireEvent.click(screen.getByRole('button', { name: 'Choose file…' }));
    expect(await screen.findByText(refusal)).toBeTruthy();
    expect(screen.queryByText(/^File:/)).toBeNull();
    expect(goLive().disabled).toBe(true);
    expect(api.startBroadcast).not.toHaveBeenCalled();
  });

  it('describes the remembered file again after a restart: it will be encoded, and why', async () => {
    const api = await renderWith({ describeSourceFile: async () => ok(CLIP) }, { broadcast: { input: { kind: 'file', path: '/videos/clip.mkv', loop: true } } });
    const summary = await screen.findByLabelText('File summary');
    expect(api.describeSourceFile).toHaveBeenCalled();
    expect(summary.textContent).toContain('Will be encoded with the chosen encoder');
    expect(summary.textContent).toContain('because its video is h264, not HEVC');
    expect((screen.getByLabelText(/^Loop:/) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole('button', { name: 'Choose another file…' })).toBeTruthy();
  });
});
