// Live panel (via the Rehearsal screen): Go live/Stop, charts fed from the 300-snapshot ring, failover in the event
// log and the active-ingest display, warnings, elapsed time, refusals. Charts are the chartStub recorder (see there).

import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/src/App';
import type { StatsSnapshot } from '../../src/shared/broadcastTypes';
import { fail } from '../../src/shared/result';
import { chartProps } from './chartStub';
import { createFakeApi, type FakeBridge } from './fakeApi';
import { fakeSnapshot, fakeUplink } from './fixtures';

// uPlot cannot load in jsdom (no matchMedia/canvas): see chartStub.tsx.
vi.mock('../../src/renderer/src/components/TimeSeriesChart', () => import('./chartStub'));

beforeEach(() => chartProps.clear());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const T0 = 1_750_000_000;

function bigStat(label: string): string {
  const labels = [...document.querySelectorAll('.big-stat-label')].filter((el) => el.textContent === label);
  expect(labels).toHaveLength(1);
  return labels[0]?.parentElement?.querySelector('.big-stat-value')?.textContent ?? '';
}

function bigStatTone(label: string): string {
  const labels = [...document.querySelectorAll('.big-stat-label')].filter((el) => el.textContent === label);
  return /big-stat-(\w+)/.exec(labels[0]?.parentElement?.className ?? '')?.[1] ?? '';
}

function chart(title: string): unknown[][] {
  const props = chartProps.get(title);
  if (props === undefined) throw new Error(`chart ${title} not rendered`);
  return props.data;
}

async function goLiveInRehearsal(bridge: FakeBridge): Promise<void> {
  render(<App api={bridge.api} initialScreen="rehearsal" />);
  const button = (await screen.findByRole('button', { name: 'Go live' })) as HTMLButtonElement;
  await vi.waitFor(() => expect(button.disabled).toBe(false));
  fireEvent.click(button);
  await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Stop' }).hasAttribute('disabled')).toBe(false));
}

function emit(bridge: FakeBridge, ...snapshots: StatsSnapshot[]): void {
  act(() => snapshots.forEach((s) => bridge.emitStats(s)));
}

describe('Live panel', () => {
  it('goes live to the local rehearsal and feeds every chart the snapshots', async () => {
    const bridge = createFakeApi();
    await goLiveInRehearsal(bridge);
    expect(bridge.api.startBroadcast.mock.calls[0]?.[0].target).toEqual({ kind: 'local' });
    expect(screen.getByRole('button', { name: /^Rehearsal/ }).textContent).toBe('Rehearsal ● live');
    expect(screen.getByRole('button', { name: /^Broadcast/ }).textContent).toBe('Broadcast');

    emit(
      bridge,
      fakeSnapshot(T0, { encoder: { fps: 30, kbps: 2400, speed: 1, dropped: 0, duplicated: 0, restarts: 0 } }),
      fakeSnapshot(T0 + 1, {
        encoder: { fps: 30, kbps: 2550, speed: 1, dropped: 2, duplicated: 1, restarts: 0 },
        uplinks: [fakeUplink('primary', { rttMs: 31, sendKbps: 2700 }), fakeUplink('backup', { rttMs: 48, sendKbps: 2650, state: 'standby' })],
      }),
    );
    expect(chart('Encoder bitrate')).toEqual([[T0, T0 + 1], [2400, 2550]]);
    expect(chart('Send bitrate per ingest')).toEqual([[T0, T0 + 1], [2600, 2700], [null, 2650]]);
    expect(chart('Round-trip time per ingest')).toEqual([[T0, T0 + 1], [30, 31], [null, 48]]);
    expect(chart('Retransmissions and loss')).toEqual([[T0, T0 + 1], [0.5, 0.5], [null, 0.5], [0, 0], [null, 0]]);
    expect(chart('Encoder frames dropped / duplicated')).toEqual([[T0, T0 + 1], [0, 2], [0, 1]]);
    expect(bigStat('Encoder')).toBe('2.55 Mbps');
    expect(bigStat('RTT (active)')).toBe('31 ms');
    expect(bigStat('Active ingest')).toBe('Primary');
  });

  it('draws the charts against the running broadcast’s target bitrate and SRT latency, with its events marked', async () => {
    const bridge = createFakeApi();
    await goLiveInRehearsal(bridge);
    const config = bridge.api.startBroadcast.mock.calls[0]?.[0];
    if (config === undefined) throw new Error('no broadcast started');
    emit(bridge, fakeSnapshot(T0), fakeSnapshot(T0 + 1));
    act(() => bridge.emitEvent({ type: 'event', t: T0 + 1, kind: 'failover', role: 'primary', detail: 'primary went silent' }));
    expect(chartProps.get('Encoder bitrate')?.referenceLines?.map((l) => l.y)).toEqual([config.bitrateKbps]);
    expect(chartProps.get('Round-trip time per ingest')?.zones?.map((z) => z.fromY)).toEqual([config.latencyMs * 0.25, config.latencyMs * 0.4]);
    expect(chartProps.get('Send bitrate per ingest')?.timeMarkers?.map((m) => m.label)).toEqual(['Failover primary → backup']);
  });

  it('keeps only the last 300 snapshots (5 minutes at 1 Hz)', async () => {
    const bridge = createFakeApi();
    await goLiveInRehearsal(bridge);
    emit(bridge, ...Array.from({ length: 305 }, (_, i) => fakeSnapshot(T0 + i)));
    const [t] = chart('Encoder bitrate') as number[][];
    expect(t).toHaveLength(300);
    expect(t?.[0]).toBe(T0 + 5);
    expect(t?.at(-1)).toBe(T0 + 304);
  });

  it('shows a failover in the event log and switches the active ingest', async () => {
    const bridge = createFakeApi();
    await goLiveInRehearsal(bridge);
    emit(bridge, fakeSnapshot(T0));
    act(() => bridge.emitEvent({ type: 'event', t: T0, kind: 'connected', role: 'primary', detail: 'primary connected' }));

    fireEvent.click(screen.getByRole('button', { name: 'Outage 20 s' }));
    await vi.waitFor(() => expect(bridge.api.simulateFault).toHaveBeenCalledWith({ kind: 'outage', target: 'primary' }));
    act(() =>
      bridge.emitEvent({ type: 'event', t: T0 + 2, kind: 'failover', role: 'backup', detail: 'primary silent for 800 ms; pushing to backup' }),
    );
    emit(
      bridge,
      fakeSnapshot(T0 + 3, {
        active: 'backup',
        uplinks: [fakeUplink('primary', { state: 'down', rttMs: null, sendKbps: 0 }), fakeUplink('backup', { rttMs: 45 })],
        warnings: [{ code: 'uplink-down', severity: 'warning', role: 'primary', message: 'The primary uplink is down; the stream continues on the backup.' }],
      }),
    );

    const items = within(screen.getByRole('log', { name: 'Broadcast events' })).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      expect.stringMatching(/^\d\d:\d\d:\d\d failover backup — primary silent for 800 ms; pushing to backup$/),
      expect.stringMatching(/^\d\d:\d\d:\d\d connected primary — primary connected$/),
    ]);
    expect(bigStat('Active ingest')).toBe('Backup');
    expect(bigStat('RTT (active)')).toBe('45 ms');
    expect(within(screen.getByRole('list', { name: 'Warnings' })).getByText('The primary uplink is down; the stream continues on the backup.')).toBeTruthy();
  });

  it('shows the warnings main sends with each snapshot, critical ones as errors, and marks the figures they are about', async () => {
    const bridge = createFakeApi();
    await goLiveInRehearsal(bridge);
    const shown = (): Array<[string, string]> =>
      within(screen.queryByRole('list', { name: 'Warnings' }) ?? document.createElement('ul'))
        .queryAllByRole('listitem')
        .map((li) => [li.className, li.textContent ?? '']);
    // Main decides what is worth a warning: a high RTT without a warning is not one here.
    emit(bridge, fakeSnapshot(T0, { uplinks: [fakeUplink('primary', { rttMs: 1500 })] }));
    expect(shown()).toEqual([]);
    emit(
      bridge,
      fakeSnapshot(T0 + 1, {
        encoder: { fps: 27, kbps: 2300, speed: 0.8, dropped: 0, duplicated: 0, restarts: 0 },
        uplinks: [fakeUplink('primary', { rttMs: 850 })],
        warnings: [
          { code: 'rtt-high', severity: 'warning', role: 'primary', message: 'Primary: the round trip is nearing the SRT latency.' },
          { code: 'send-buffer-filling', severity: 'critical', role: 'primary', message: 'Primary: the uplink cannot keep up.' },
          { code: 'encoder-slow', severity: 'warning', message: 'The encoder is falling behind real time.' },
        ],
      }),
    );
    expect(shown()).toEqual([
      ['notice notice-warning', 'Primary: the round trip is nearing the SRT latency.'],
      ['notice notice-error', 'Primary: the uplink cannot keep up.'],
      ['notice notice-warning', 'The encoder is falling behind real time.'],
    ]);
    expect(bigStatTone('RTT (active)')).toBe('bad');
    expect(bigStatTone('Encoder speed')).toBe('bad');
    emit(bridge, fakeSnapshot(T0 + 2));
    expect(shown()).toEqual([]);
    expect(bigStatTone('RTT (active)')).not.toBe('bad');
  });

  it('shows the elapsed time and stops', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(new Date('2025-06-01T12:00:00Z'));
    const bridge = createFakeApi();
    await goLiveInRehearsal(bridge);
    expect(bigStat('Elapsed')).toBe('0:00');
    await act(async () => vi.advanceTimersByTime(65_000));
    expect(bigStat('Elapsed')).toBe('1:05');

    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    fireEvent.click(screen.getByRole('button', { name: 'Stop the broadcast' })); // Stop asks first
    await act(async () => {});
    expect(bridge.api.stopBroadcast).toHaveBeenCalledTimes(1);
    expect(screen.getByText('stopped')).toBeTruthy();
    expect(bigStat('Elapsed')).toBe('—');
  });

  it('shows why main refused to go live', async () => {
    const bridge = createFakeApi({
      startBroadcast: async () => fail('ffmpeg', 'This ffmpeg cannot send SRT: install a build with libsrt.'),
    });
    render(<App api={bridge.api} initialScreen="rehearsal" />);
    const button = (await screen.findByRole('button', { name: 'Go live' })) as HTMLButtonElement;
    await vi.waitFor(() => expect(button.disabled).toBe(false));
    fireEvent.click(button);
    expect((await screen.findByRole('alert')).textContent).toBe('This ffmpeg cannot send SRT: install a build with libsrt.');
    expect(button.disabled).toBe(false);
  });

  it('unsubscribes from stats and events when the window goes away', async () => {
    const bridge = createFakeApi();
    const view = render(<App api={bridge.api} initialScreen="rehearsal" />);
    await screen.findByRole('button', { name: 'Go live' });
    expect(bridge.listenerCount()).toBe(3); // stats, events, and the alert sound's events
    view.unmount();
    expect(bridge.listenerCount()).toBe(0);
  });
});
