// Source and encoder form: working encoders only (hardware first), capture availability, latency refusal, persistence.

import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/src/App';
import { SETTINGS_SAVE_DELAY_MS } from '../../src/renderer/src/hooks/useBroadcastSettings';
import { fail, ok } from '../../src/shared/result';
import { createFakeApi } from './fakeApi';
import { fakeEncoder, fakeProbe, fakeStream } from './fixtures';

// uPlot cannot load in jsdom (no matchMedia/canvas): see chartStub.tsx.
vi.mock('../../src/renderer/src/components/TimeSeriesChart', () => import('./chartStub'));

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function optionValues(select: HTMLElement): string[] {
  return within(select)
    .getAllByRole('option')
    .map((o) => (o as HTMLOptionElement).value);
}

const goLive = (): HTMLButtonElement => screen.getByRole('button', { name: 'Go live' }) as HTMLButtonElement;

describe('Source and encoder form', () => {
  it('offers only encoders that passed the test encode, hardware first', async () => {
    const probe = fakeProbe({
      hevcEncoders: [
        fakeEncoder('libx265', true),
        fakeEncoder('hevc_nvenc', false, 'Cannot load libcuda.so.1'),
        fakeEncoder('hevc_qsv', true),
        fakeEncoder('hevc_vaapi', true),
      ],
    });
    const { api } = createFakeApi({ doctor: async () => ok({ ffmpeg: ok(probe), keychain: ok({ tokenStored: false }), api: null }) });
    render(<App api={api} initialScreen="rehearsal" />);
    const select = await screen.findByLabelText('HEVC encoder');
    await vi.waitFor(() => expect(optionValues(select)).toEqual(['auto', 'hevc_qsv', 'hevc_vaapi', 'libx265']));
    expect((select as HTMLSelectElement).value).toBe('auto');
    expect(select.textContent).toContain('hevc_qsv (hardware)');
    expect(select.textContent).not.toContain('nvenc');
  });

  it('disables capture kinds this ffmpeg cannot do', async () => {
    const probe = fakeProbe({ captureBackends: ['lavfi'] });
    const { api } = createFakeApi({ doctor: async () => ok({ ffmpeg: ok(probe), keychain: ok({ tokenStored: false }), api: null }) });
    render(<App api={api} initialScreen="rehearsal" />);
    await vi.waitFor(() => expect((screen.getByLabelText(/^Desktop/) as HTMLInputElement).disabled).toBe(true));
    expect((screen.getByLabelText(/^Camera/) as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByLabelText('Test pattern') as HTMLInputElement).checked).toBe(true);
  });

  it('refuses an SRT latency of 3000 ms or more, with Gcore’s reason, and does not save it', async () => {
    const { api } = createFakeApi();
    render(<App api={api} initialScreen="rehearsal" />);
    const latency = (await screen.findByLabelText('SRT latency (ms)')) as HTMLInputElement;
    expect(latency.value).toBe('2000');
    await vi.waitFor(() => expect(goLive().disabled).toBe(false));

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    fireEvent.change(latency, { target: { value: '3000' } });
    expect(screen.getAllByText(/must stay below 3000 ms: Gcore's ingest drops a connection after 3 s without data/).length).toBeGreaterThan(0);
    expect(latency.getAttribute('aria-invalid')).toBe('true');
    expect(goLive().disabled).toBe(true);
    fireEvent.click(goLive());
    expect(api.startBroadcast).not.toHaveBeenCalled();
    await act(async () => vi.advanceTimersByTime(SETTINGS_SAVE_DELAY_MS * 2));
    expect(api.saveSettings).not.toHaveBeenCalled();

    fireEvent.change(latency, { target: { value: '2999' } });
    expect(goLive().disabled).toBe(false);
    await act(async () => vi.advanceTimersByTime(SETTINGS_SAVE_DELAY_MS));
    expect(api.saveSettings).toHaveBeenCalledTimes(1);
    expect(api.saveSettings.mock.calls[0]?.[0]).toMatchObject({ broadcast: { latencyMs: 2999 } });
  });

  it('shows a refusal from main on the field it names', async () => {
    const { api } = createFakeApi({
      startBroadcast: async () => fail('bad_latency', 'SRT latency 2500 ms is not allowed here.', 'latencyMs'),
    });
    render(<App api={api} initialScreen="rehearsal" />);
    const latency = (await screen.findByLabelText('SRT latency (ms)')) as HTMLInputElement;
    await vi.waitFor(() => expect(goLive().disabled).toBe(false));
    fireEvent.click(goLive());
    await vi.waitFor(() => expect(latency.getAttribute('aria-invalid')).toBe('true'));
    expect(latency.closest('.field')?.querySelector('.field-error')?.textContent).toBe('SRT latency 2500 ms is not allowed here.');
  });

  it('loads saved choices and saves edits under the broadcast key, with Gcore’s bitrate for the new size', async () => {
    const { api } = createFakeApi({
      loadSettings: async () =>
        ok({ theme: 'dark', broadcast: { width: 1920, height: 1080, fps: 30, bitrateKbps: 5000, latencyMs: 2500, mode: 'redundant' } }),
    });
    render(<App api={api} initialScreen="rehearsal" />);
    await vi.waitFor(() => expect((screen.getByLabelText('Size') as HTMLSelectElement).value).toBe('1920x1080'));
    expect((screen.getByLabelText('Video bitrate (kbps)') as HTMLInputElement).value).toBe('5000');
    expect((screen.getByLabelText('SRT latency (ms)') as HTMLInputElement).value).toBe('2500');
    const redundant = screen.getByLabelText(/^Redundant/) as HTMLInputElement;
    expect(redundant.checked).toBe(true);
    expect(redundant.parentElement?.textContent).toContain('twice the upload (about 10.3 Mbps instead of 5.1 Mbps)');

    fireEvent.change(screen.getByLabelText('Size'), { target: { value: '640x360' } });
    expect((screen.getByLabelText('Video bitrate (kbps)') as HTMLInputElement).value).toBe('800');
    fireEvent.change(screen.getByLabelText('Frame rate (fps)'), { target: { value: '60' } });
    expect((screen.getByLabelText('Video bitrate (kbps)') as HTMLInputElement).value).toBe('1200');
    await vi.waitFor(() => expect(api.saveSettings).toHaveBeenCalledTimes(1));
    expect(api.saveSettings).toHaveBeenCalledWith({
      broadcast: expect.objectContaining({ width: 640, height: 360, fps: 60, bitrateKbps: 1200, mode: 'redundant' }),
    });
  });

  it('needs a camera device before going live, then sends the chosen config to the local rehearsal', async () => {
    const { api } = createFakeApi();
    render(<App api={api} initialScreen="rehearsal" />);
    await vi.waitFor(() => expect((screen.getByLabelText(/^Camera/) as HTMLInputElement).disabled).toBe(false));
    fireEvent.click(screen.getByLabelText(/^Camera/));
    expect(screen.getAllByText('Enter the camera device (for example /dev/video0).').length).toBeGreaterThan(0);
    expect(goLive().disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Camera device'), { target: { value: '/dev/video0' } });
    fireEvent.click(screen.getByLabelText('None'));
    fireEvent.click(goLive());

    await vi.waitFor(() => expect(api.startBroadcast).toHaveBeenCalledTimes(1));
    expect(api.startBroadcast).toHaveBeenCalledWith({
      target: { kind: 'local' },
      input: { kind: 'camera', device: '/dev/video0' },
      audio: { kind: 'none' },
      width: 1280,
      height: 720,
      fps: 30,
      bitrateKbps: 2500,
      keyintSeconds: 2,
      encoder: 'auto',
      latencyMs: 2000,
      mode: 'failover',
    });
  });

  it('on the Broadcast screen, goes live only when signed in with a stream picked', async () => {
    const { api } = createFakeApi();
    const view = render(<App api={api} initialScreen="broadcast" />);
    expect(await screen.findByText(/Sign in under Account to go live on Gcore/)).toBeTruthy();
    expect(goLive().disabled).toBe(true);
    view.unmount();

    const signed = createFakeApi({
      accountStatus: async () => ok({ signedIn: true, apiBaseUrl: 'https://api.gcore.com' }),
      getStream: async (id) => ok(fakeStream(id, 'Morning show')),
    });
    render(<App api={signed.api} initialScreen="streams" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Morning show #101' }));
    fireEvent.click(screen.getByRole('button', { name: 'Broadcast' }));
    expect(screen.getByText('Stream:').textContent).toBe('Stream: Morning show #101');
    fireEvent.click(goLive());
    await vi.waitFor(() => expect(signed.api.startBroadcast).toHaveBeenCalledTimes(1));
    expect(signed.api.startBroadcast.mock.calls[0]?.[0].target).toEqual({ kind: 'stream', gcoreStreamId: 101 });
  });
});
