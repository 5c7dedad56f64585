// The session report after Stop (figures, viewers, recordings, every event, JSON/CSV export through main), and a
// reloaded window that finds a broadcast running: back on its screen with the chart history and the event log.

import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/src/App';
import type { BroadcastConfig, BroadcastEvent } from '../../src/shared/broadcastTypes';
import type { BroadcastStatus } from '../../src/shared/ipcContract';
import { ok } from '../../src/shared/result';
import type { SessionReport } from '../../src/shared/sessionReportTypes';
import { chartProps } from './chartStub';
import { createFakeApi } from './fakeApi';
import { fakeSnapshot } from './fixtures';

// uPlot cannot load in jsdom (no matchMedia/canvas): see chartStub.tsx.
vi.mock('../../src/renderer/src/components/TimeSeriesChart', () => import('./chartStub'));

const T0 = 1_750_000_000;

beforeEach(() => chartProps.clear());
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const EVENTS: BroadcastEvent[] = [
  { type: 'event', t: T0 + 2, kind: 'connected', role: 'primary', detail: 'primary ingest connected' },
  { type: 'event', t: T0 + 30, kind: 'failover', role: 'primary', detail: 'primary silent for 2.5 s' },
  { type: 'event', t: T0 + 95, kind: 'failback', role: 'primary', detail: 'primary stable for 75 s' },
];

function fakeReport(extra: Partial<SessionReport> = {}): SessionReport {
  return {
    type: 'session-report', startedAtS: T0, endedAtS: T0 + 125, finalState: 'stopped', reason: 'stopped by the user',
    target: 'local', mode: 'failover', targetKbps: 2500, latencyMs: 2000, durationS: 125, onAirS: 100, secondsRecorded: 124,
    failovers: 1, failbacks: 1, encoder: { restarts: 2, kbps: { min: 2400, avg: 2500, max: 5400 }, speed: { min: 0.98, avg: 1, max: 1.02 } },
    ingests: [
      { role: 'primary', connectedS: 90, carriedS: 65, sendKbps: { min: 900, avg: 2480, max: 5400 }, rttMs: { min: 18, avg: 31, max: 120 }, lossPct: { min: 0, avg: 0.4, max: 7.5 }, lostPkts: 42 },
      { role: 'backup', connectedS: 80, carriedS: 35, sendKbps: { min: 2400, avg: 2510, max: 2600 }, rttMs: { min: 40, avg: 44, max: 60 }, lossPct: null, lostPkts: 0 },
    ],
    events: EVENTS, eventsDropped: 0,
    viewerStory: { durationS: 125, summary: { watching: 'primary', picture: true, noPictureCause: null, noPictureS: 30, switches: 2, restarts: 0, firstPictureAfterS: 5 }, events: [], pending: [] },
    recordings: { folder: '/home/me/.config/srt-companion/recordings/rehearsal-1', files: ['/home/me/.config/srt-companion/recordings/rehearsal-1/rehearsal-primary-1.ts'] },
    ...extra,
  };
}

const LOCAL = { target: { kind: 'local' } } as BroadcastConfig;

describe('session report after Stop', () => {
  it('shows the figures, the viewers, the recordings and every event, and saves JSON and CSV through main', async () => {
    const bridge = createFakeApi({ sessionReport: async () => ok(fakeReport()) });
    const downloads: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download);
    });
    render(<App api={bridge.api} initialScreen="rehearsal" />);
    const goLive = (await screen.findByRole('button', { name: 'Go live' })) as HTMLButtonElement;
    await vi.waitFor(() => expect(goLive.disabled).toBe(false));
    fireEvent.click(goLive);
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Stop' }).hasAttribute('disabled')).toBe(false));
    // No report while live.
    expect(screen.queryByRole('heading', { name: 'Session report' })).toBeNull();
    expect(bridge.api.sessionReport).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Stop the broadcast' })); // Stop asks first
    const report = (await screen.findByRole('heading', { name: 'Session report' })).closest('section')!;
    const r = within(report as HTMLElement);
    const stat = (label: string): string => r.getByText(label).parentElement?.querySelector('.big-stat-value')?.textContent ?? '';
    expect(stat('Duration')).toBe('2:05');
    expect(stat('On air')).toBe('1:40 80 %'); // the share smaller, so the time fits its card at 1024 px
    expect(stat('Failovers / failbacks')).toBe('1 / 1');
    expect(stat('Encoder restarts')).toBe('2');
    const primaryRow = report.querySelector('tr[data-role="primary"]')!;
    expect([...primaryRow.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['1:05', '900 kbps / 2.48 Mbps / 5.40 Mbps', '18 ms / 31 ms / 120 ms', '0.0 % / 0.4 % / 7.5 %', '42']);
    const backupRow = report.querySelector('tr[data-role="backup"]')!;
    expect(backupRow.querySelectorAll('td')[3]?.textContent).toBe('—');
    expect(r.getByTestId('report-viewers').textContent).toContain('first picture after 5 s, 30 s without picture, 2 switches between ingests');
    expect(r.getByTestId('report-recordings').textContent).toContain('/home/me/.config/srt-companion/recordings/rehearsal-1/rehearsal-primary-1.ts');
    expect(r.getByText('All 3 events')).toBeTruthy();
    expect(r.getByRole('list', { name: 'Session events' }).querySelectorAll('li')).toHaveLength(3);

    fireEvent.click(r.getByRole('button', { name: 'Save report (JSON)' }));
    expect(await r.findByText('Saved as srt-companion-session.json.')).toBeTruthy();
    fireEvent.click(r.getByRole('button', { name: 'Save per-second CSV' }));
    expect(await r.findByText('Saved as srt-companion-session.csv.')).toBeTruthy();
    expect(bridge.api.exportSessionReport.mock.calls).toEqual([['json'], ['csv']]);
    expect(downloads).toEqual(['srt-companion-session.json', 'srt-companion-session.csv']);

    // Going live again hides the last report.
    fireEvent.click(screen.getByRole('button', { name: 'Go live' }));
    await vi.waitFor(() => expect(screen.queryByRole('heading', { name: 'Session report' })).toBeNull());
  });

  it('drops the live figures once stopped: no "Primary" or bitrate of the last second stays beside the report', async () => {
    const bridge = createFakeApi({ sessionReport: async () => ok(fakeReport()) });
    render(<App api={bridge.api} initialScreen="rehearsal" />);
    const goLive = (await screen.findByRole('button', { name: 'Go live' })) as HTMLButtonElement;
    await vi.waitFor(() => expect(goLive.disabled).toBe(false));
    fireEvent.click(goLive);
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Stop' }).hasAttribute('disabled')).toBe(false));
    act(() => bridge.emitStats(fakeSnapshot(T0 + 1, { active: 'primary' })));
    const liveStat = (label: string): string =>
      within(screen.getByRole('region', { name: 'Live' })).getByText(label).parentElement?.querySelector('.big-stat-value')?.textContent ?? '';
    expect(liveStat('Active ingest')).toBe('Primary');
    expect(screen.getByText(/^Uplinks \(SRT latency/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Stop the broadcast' }));
    await screen.findByRole('heading', { name: 'Session report' });
    expect(liveStat('Active ingest')).toBe('—');
    expect(liveStat('Encoder')).toBe('—');
    expect(screen.queryByText(/^Uplinks \(SRT latency/)).toBeNull();
  });

  it('says why a save was refused', async () => {
    const bridge = createFakeApi({
      broadcastStatus: async () => ok({ state: 'stopped', reason: 'stopped by the user', startedAtMs: T0 * 1000, config: LOCAL, viewerStory: null }),
      sessionReport: async () => ok(fakeReport({ viewerStory: null, recordings: { folder: null, files: [] } })),
      exportSessionReport: async () => ({ ok: false, code: 'no_broadcast', message: 'No session report yet: go live or rehearse first.' }),
    });
    render(<App api={bridge.api} initialScreen="rehearsal" />);
    const heading = await screen.findByRole('heading', { name: 'Session report' });
    const r = within(heading.closest('section') as HTMLElement);
    expect(r.queryByTestId('report-viewers')).toBeNull();
    expect(r.queryByTestId('report-recordings')).toBeNull();
    fireEvent.click(r.getByRole('button', { name: 'Save report (JSON)' }));
    expect(await r.findByText('No session report yet: go live or rehearse first.')).toBeTruthy();
  });

  it('shows nothing for a start refused before anything ran', async () => {
    const bridge = createFakeApi({
      broadcastStatus: async () => ok({ state: 'failed', reason: 'no ffmpeg', startedAtMs: null, config: LOCAL, viewerStory: null }),
    });
    render(<App api={bridge.api} initialScreen="rehearsal" />);
    await vi.waitFor(() => expect(bridge.api.sessionReport).toHaveBeenCalled());
    expect(screen.queryByRole('heading', { name: 'Session report' })).toBeNull();
    expect(screen.queryByText(/Session report:/)).toBeNull();
  });
});

describe('a reloaded window', () => {
  const running = (config: BroadcastConfig): BroadcastStatus => ({ state: 'live', reason: null, startedAtMs: T0 * 1000, config, viewerStory: null });
  const stats = Array.from({ length: 120 }, (_, i) => fakeSnapshot(T0 + 1 + i));

  it('returns to the Rehearsal screen of a running rehearsal with its chart history and event log', async () => {
    const bridge = createFakeApi({ broadcastHistory: async () => ok({ status: running(LOCAL), stats, events: EVENTS }) });
    render(<App api={bridge.api} />);
    expect(await screen.findByRole('heading', { name: 'Local rehearsal', level: 1 })).toBeTruthy();
    const log = screen.getByRole('log', { name: 'Broadcast events' });
    await vi.waitFor(() => expect(log.querySelectorAll('li')).toHaveLength(3));
    expect(log.textContent).toContain('primary silent for 2.5 s');
    const [times] = chartProps.values().next().value!.data;
    expect(times).toHaveLength(120);
    // Live stats keep arriving after the history.
    bridge.emitStats(fakeSnapshot(T0 + 121));
    await vi.waitFor(() => expect(chartProps.values().next().value!.data[0]).toHaveLength(121));
  });

  it('returns to the Broadcast screen of a broadcast to a Gcore stream and picks that stream again', async () => {
    const bridge = createFakeApi({
      accountStatus: async () => ok({ signedIn: true, apiBaseUrl: 'https://api.gcore.com' }),
      broadcastHistory: async () => ok({ status: running({ target: { kind: 'stream', gcoreStreamId: 101 } } as BroadcastConfig), stats, events: EVENTS }),
    });
    render(<App api={bridge.api} />);
    expect(await screen.findByRole('heading', { name: 'Broadcast', level: 1 })).toBeTruthy();
    expect(await screen.findByText('Stream 101')).toBeTruthy();
    expect(bridge.api.getStream).toHaveBeenCalledWith(101);
  });

  it('stays on Account when nothing runs', async () => {
    const bridge = createFakeApi();
    render(<App api={bridge.api} />);
    await vi.waitFor(() => expect(bridge.api.broadcastHistory).toHaveBeenCalled());
    expect(await screen.findByRole('heading', { name: 'Account', level: 1 })).toBeTruthy();
  });
});
