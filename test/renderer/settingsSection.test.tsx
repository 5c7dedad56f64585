// The sensitive settings in the window: "Choose ffmpeg…" and the API address go through main's dedicated calls (the window
// never sends a path or writes the address itself), and main's notice about a replaced settings file is shown.

import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/src/App';
import { DEFAULT_BROADCAST_SETTINGS, FPS_CHOICES, SIZE_PRESETS } from '../../src/renderer/src/logic/broadcastSettings';
import { SettingsPatchSchema } from '../../src/shared/settingsSchemas';
import { fail, ok } from '../../src/shared/result';
import { createFakeApi } from './fakeApi';

// uPlot cannot load in jsdom (no matchMedia/canvas): see chartStub.tsx.
vi.mock('../../src/renderer/src/components/TimeSeriesChart', () => import('./chartStub'));

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const signedIn = { signedIn: true, apiBaseUrl: 'https://api.gcore.com' };

function addressField(): HTMLInputElement {
  return screen.getByLabelText('API address') as HTMLInputElement;
}

describe('Choose ffmpeg…', () => {
  it('asks main to open its file dialog (no path from the window), shows the saved program and runs the checks again', async () => {
    const { api } = createFakeApi({ chooseFfmpegPath: async () => ok({ status: 'saved', path: '/opt/ffmpeg/bin/ffmpeg', version: '7.1' }) });
    render(<App api={api} initialScreen="diagnostics" />);
    await screen.findByText('/usr/bin/ffmpeg');
    fireEvent.click(screen.getByRole('button', { name: 'Choose ffmpeg…' }));
    expect(await screen.findByText('Now using ffmpeg 7.1 at /opt/ffmpeg/bin/ffmpeg.')).toBeTruthy();
    expect(api.chooseFfmpegPath).toHaveBeenCalledWith();
    await vi.waitFor(() => expect(api.doctor).toHaveBeenCalledTimes(2));
  });

  it("shows the probe's refusal, and changes nothing", async () => {
    const refusal = 'ffmpeg at /opt/old/ffmpeg (from user setting) cannot send SRT (it was built without libsrt): use an ffmpeg built with libsrt and libx265.';
    const { api } = createFakeApi({ chooseFfmpegPath: async () => fail('ffmpeg_no_srt', refusal) });
    render(<App api={api} initialScreen="diagnostics" />);
    await screen.findByText('/usr/bin/ffmpeg');
    fireEvent.click(screen.getByRole('button', { name: 'Choose ffmpeg…' }));
    expect((await screen.findByRole('alert')).textContent).toBe(refusal);
    expect(api.doctor).toHaveBeenCalledTimes(1);
  });

  it('says nothing when the user cancels the file dialog', async () => {
    const { api } = createFakeApi();
    render(<App api={api} initialScreen="diagnostics" />);
    await screen.findByText('/usr/bin/ffmpeg');
    fireEvent.click(screen.getByRole('button', { name: 'Choose ffmpeg…' }));
    expect(screen.getByRole('button', { name: 'Checking ffmpeg…' })).toBeTruthy();
    await screen.findByRole('button', { name: 'Choose ffmpeg…' }); // main answered: the dialog was cancelled
    expect(api.chooseFfmpegPath).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByText(/Now using ffmpeg/)).toBeNull();
  });
});

describe('API address', () => {
  it('shows the address in use and saves a new one through setApiBaseUrl, which main confirms with the user', async () => {
    const { api } = createFakeApi({
      accountStatus: async () => ok(signedIn),
      setApiBaseUrl: async (url) => ok({ status: 'saved', account: { signedIn: true, apiBaseUrl: url } }),
    });
    render(<App api={api} initialScreen="diagnostics" />);
    await vi.waitFor(() => expect(addressField().value).toBe('https://api.gcore.com'));
    fireEvent.change(addressField(), { target: { value: 'https://api.example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('The app now uses https://api.example.com.')).toBeTruthy();
    expect(api.setApiBaseUrl.mock.calls).toEqual([['https://api.example.com']]);
    expect(api.saveSettings).not.toHaveBeenCalled();
    expect(addressField().value).toBe('https://api.example.com');
  });

  it('says so when the user cancels in the confirmation dialog, keeping what was typed', async () => {
    const { api } = createFakeApi({
      accountStatus: async () => ok(signedIn),
      setApiBaseUrl: async () => ok({ status: 'cancelled', account: signedIn }),
    });
    render(<App api={api} initialScreen="diagnostics" />);
    await vi.waitFor(() => expect(addressField().value).toBe('https://api.gcore.com'));
    fireEvent.change(addressField(), { target: { value: 'https://api.example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Not changed: the change was cancelled in the confirmation dialog.')).toBeTruthy();
    expect(addressField().value).toBe('https://api.example.com');
  });

  it("shows main's refusal of an address", async () => {
    const refusal =
      'The Gcore API URL from the address you entered (http://api.example.com) uses plain http, which would send the API token unencrypted; only https is allowed, or http on 127.0.0.1/localhost for the local fake API; use https://api.gcore.com or clear it.';
    const { api } = createFakeApi({ setApiBaseUrl: async () => fail('bad_api_url', refusal) });
    render(<App api={api} initialScreen="diagnostics" />);
    await vi.waitFor(() => expect(addressField().value).toBe('https://api.gcore.com'));
    fireEvent.change(addressField(), { target: { value: 'http://api.example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe(refusal);
  });

  it('resets to the default address', async () => {
    const { api } = createFakeApi({
      accountStatus: async () => ok({ signedIn: true, apiBaseUrl: 'http://127.0.0.1:8787' }),
      resetApiBaseUrl: async () => ok(signedIn),
    });
    render(<App api={api} initialScreen="diagnostics" />);
    await vi.waitFor(() => expect(addressField().value).toBe('http://127.0.0.1:8787'));
    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(await screen.findByText('Back to https://api.gcore.com.')).toBeTruthy();
    expect(api.resetApiBaseUrl).toHaveBeenCalledWith();
    expect(addressField().value).toBe('https://api.gcore.com');
  });
});

describe('a replaced settings file', () => {
  it("shows main's notice once, at the top of the window", async () => {
    const notice =
      'The settings file /home/u/.config/srt-companion/settings.json was not valid (ffmpegPath: Invalid input: expected string, received number), so the app went back to default settings; the old file was kept as /home/u/.config/srt-companion/settings.json.bad-2026-12-05T15-08-32-123Z.';
    const { api } = createFakeApi({ loadSettings: async () => ok({ notice }) });
    render(<App api={api} />);
    expect((await screen.findByRole('alert')).textContent).toBe(notice);
    expect(api.loadSettings).toHaveBeenCalledTimes(1);
  });
});

describe('what the form saves', () => {
  it('passes the schema main checks every saveSettings against', () => {
    const choices = [DEFAULT_BROADCAST_SETTINGS, ...SIZE_PRESETS.flatMap((p) => FPS_CHOICES.map((fps) => ({ ...DEFAULT_BROADCAST_SETTINGS, width: p.width, height: p.height, fps })))];
    for (const broadcast of choices) expect(SettingsPatchSchema.safeParse({ broadcast }).success).toBe(true);
    expect(SettingsPatchSchema.safeParse({ broadcast: DEFAULT_BROADCAST_SETTINGS, apiBaseUrl: 'https://api.gcore.com' }).success).toBe(false);
  });
});
