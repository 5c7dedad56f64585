// "Gcore receives" on the Broadcast screen: what the platform's API says it gets beside what we send, the platform's
// screenshot, mismatches marked, and "Watch as a viewer" opening the player page through the preload's openExternal.

import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/src/App';
import type { PlatformView } from '../../src/shared/broadcastTypes';
import { fail, ok } from '../../src/shared/result';
import { createFakeApi, type FakeBridge } from './fakeApi';
import { fakeSnapshot, fakeStream } from './fixtures';

// uPlot cannot load in jsdom (no matchMedia/canvas): see chartStub.tsx.
vi.mock('../../src/renderer/src/components/TimeSeriesChart', () => import('./chartStub'));
afterEach(cleanup);

const T0 = 1_750_000_000;
/** The machine is shared: give the screen time to settle rather than fail on a busy second (not a timing assertion). */
const SETTLE = { timeout: 5000 };

const VIEW: PlatformView = {
  live: true,
  backupLive: false,
  region: 'ed1',
  backupRegion: null,
  sourceType: 'srt',
  width: 1280,
  height: 720,
  fps: 15,
  transcodingSpeed: 0.98,
  screenshotUrl: 'https://demo-public.gvideo.io/screenshots/561041_101.jpg',
  viewerPageUrl: 'https://player.gvideo.co/streams/561041_101',
  checkedAtMs: T0 * 1000,
};

async function goLiveOnStream(overrides: Parameters<typeof createFakeApi>[0] = {}): Promise<FakeBridge> {
  const bridge = createFakeApi({
    accountStatus: async () => ok({ signedIn: true, apiBaseUrl: 'https://api.gcore.com' }),
    getStream: async (id) => ok(fakeStream(id, 'Morning show')),
    ...overrides,
  });
  render(<App api={bridge.api} initialScreen="streams" />);
  fireEvent.click(await screen.findByRole('button', { name: 'Morning show #101' }, SETTLE));
  fireEvent.click(screen.getByRole('button', { name: 'Broadcast' }));
  const goLive = screen.getByRole('button', { name: 'Go live' }) as HTMLButtonElement;
  await vi.waitFor(() => expect(goLive.disabled).toBe(false), SETTLE);
  fireEvent.click(goLive);
  await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Stop' }).hasAttribute('disabled')).toBe(false), SETTLE);
  return bridge;
}

function cell(panel: HTMLElement, row: string): string[] {
  const header = within(panel).getByRole('rowheader', { name: row });
  return [...(header.parentElement?.querySelectorAll('td') ?? [])].map((td) => td.textContent ?? '');
}

describe('Gcore receives', () => {
  it('shows nothing until the platform answered, then its figures beside ours, its screenshot and the mismatch', async () => {
    const bridge = await goLiveOnStream();
    act(() => bridge.emitStats(fakeSnapshot(T0)));
    expect(screen.queryByRole('region', { name: 'Gcore receives' })).toBeNull();

    const warning = { code: 'platform-fps-mismatch' as const, severity: 'warning' as const, message: 'Gcore receives 15 fps, we send 30 fps: viewers get a jerky picture.' };
    act(() => bridge.emitStats(fakeSnapshot(T0 + 1, { platform: VIEW, warnings: [warning] })));
    const panel = screen.getByRole('region', { name: 'Gcore receives' });
    expect(within(panel).getByText(/^Primary:/).textContent).toContain('Primary: receiving (ed1) · Backup: not receiving · over SRT');
    expect(cell(panel, 'Resolution')).toEqual(['1280x720', '1280x720']);
    expect(cell(panel, 'Frame rate')).toEqual(['30 fps', '15 fps']);
    expect(within(panel).getByRole('rowheader', { name: 'Frame rate' }).parentElement?.className).toBe('uplink-down');
    expect(within(panel).getByRole('rowheader', { name: 'Resolution' }).parentElement?.className).toBe('');
    expect(cell(panel, 'Transcoding speed')).toEqual(['—', '0.98×']);
    expect((within(panel).getByRole('img', { name: "Gcore's latest picture of the stream" }) as HTMLImageElement).src).toBe(VIEW.screenshotUrl);
    // The warning itself is listed with the others.
    expect(screen.getByText(warning.message)).toBeTruthy();
  });

  it('"Watch as a viewer" opens the player page through the preload, and says why when main refuses', async () => {
    const bridge = await goLiveOnStream({ openExternal: async () => fail('refused', 'This link may not be opened.') });
    act(() => bridge.emitStats(fakeSnapshot(T0, { platform: { ...VIEW, screenshotUrl: null } })));
    const panel = screen.getByRole('region', { name: 'Gcore receives' });
    expect(within(panel).queryByRole('img')).toBeNull();
    fireEvent.click(within(panel).getByRole('button', { name: 'Watch as a viewer' }));
    await vi.waitFor(() => expect(bridge.api.openExternal).toHaveBeenCalledWith('https://player.gvideo.co/streams/561041_101'), SETTLE);
    expect(await within(panel).findByText('This link may not be opened.', {}, SETTLE)).toBeTruthy();
  });

  it('a screenshot that does not load (not made yet, offline) gives way to a line saying so, until a new one comes', async () => {
    const bridge = await goLiveOnStream();
    act(() => bridge.emitStats(fakeSnapshot(T0, { platform: VIEW })));
    const panel = screen.getByRole('region', { name: 'Gcore receives' });
    fireEvent.error(within(panel).getByRole('img', { name: "Gcore's latest picture of the stream" }));
    expect(within(panel).queryByRole('img')).toBeNull();
    expect(within(panel).getByText('No picture from Gcore yet')).toBeTruthy();
    act(() => bridge.emitStats(fakeSnapshot(T0 + 5, { platform: { ...VIEW, screenshotUrl: 'https://demo-public.gvideo.io/screenshots/561041_101_2.jpg' } })));
    expect(within(panel).getByRole('img', { name: "Gcore's latest picture of the stream" })).toBeTruthy();
  });

  it('offers no link when the platform names no player page', async () => {
    const bridge = await goLiveOnStream();
    act(() => bridge.emitStats(fakeSnapshot(T0, { platform: { ...VIEW, viewerPageUrl: null } })));
    expect(within(screen.getByRole('region', { name: 'Gcore receives' })).queryByRole('button', { name: 'Watch as a viewer' })).toBeNull();
  });
});
