// Rehearsal screen: the fault buttons (each sends its fault over the preload contract, refused ones say why) and
// "What viewers would see" from the stats while live and from the frozen story after the stop.

import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/src/App';
import type { BroadcastStatus } from '../../src/shared/ipcContract';
import type { ViewerStory, ViewerSummary } from '../../src/shared/rehearsalTypes';
import { ok } from '../../src/shared/result';
import { createFakeApi, type FakeBridge } from './fakeApi';
import { fakeSnapshot } from './fixtures';

vi.mock('../../src/renderer/src/components/TimeSeriesChart', () => import('./chartStub'));
afterEach(cleanup);

const T0 = 1_750_000_000;
const ON_PRIMARY: ViewerSummary = { watching: 'primary', picture: true, noPictureCause: null, noPictureS: 0, switches: 0, restarts: 0, firstPictureAfterS: 5.2 };

async function goLive(bridge: FakeBridge): Promise<void> {
  render(<App api={bridge.api} initialScreen="rehearsal" />);
  const button = (await screen.findByRole('button', { name: 'Go live' })) as HTMLButtonElement;
  await vi.waitFor(() => expect(button.disabled).toBe(false));
  fireEvent.click(button);
  await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Stop' }).hasAttribute('disabled')).toBe(false));
}

function stat(panel: HTMLElement, label: string): string {
  const el = within(panel).getByText(label, { selector: '.big-stat-label' });
  return el.parentElement?.querySelector('.big-stat-value')?.textContent ?? '';
}

describe('rehearsal faults and what viewers would see', () => {
  it('sends the chosen fault to the chosen ingest; the buttons are off before going live', async () => {
    const bridge = createFakeApi();
    render(<App api={bridge.api} initialScreen="rehearsal" />);
    expect(((await screen.findByRole('button', { name: 'Glitch 1.5 s' })) as HTMLButtonElement).closest('fieldset')?.disabled).toBe(true);
    cleanup();
    await goLive(bridge);
    fireEvent.click(screen.getByRole('button', { name: 'Glitch 1.5 s' }));
    await vi.waitFor(() => expect(bridge.api.simulateFault).toHaveBeenLastCalledWith({ kind: 'glitch', target: 'primary' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Both' }));
    fireEvent.click(screen.getByRole('button', { name: 'Refuse the key' }));
    await vi.waitFor(() => expect(bridge.api.simulateFault).toHaveBeenLastCalledWith({ kind: 'refuse-key', target: 'both' }));
    expect(screen.getByRole('button', { name: 'Loss 15 % for 20 s' }).getAttribute('title')).toBe("both ingests' network path loses 15 % of the packets for 20 s (key 3)");
  });

  it('shows what viewers see from each stats line: a picture on the primary, then the switch gap on the backup', async () => {
    const bridge = createFakeApi();
    await goLive(bridge);
    act(() => bridge.emitStats(fakeSnapshot(T0, { viewers: ON_PRIMARY })));
    const panel = screen.getByRole('region', { name: 'What viewers would see' });
    expect(stat(panel, 'Viewers')).toBe('Primary');
    expect(within(panel).getByRole('status').textContent).toBe('Viewers get the picture from the primary ingest.');
    expect(stat(panel, 'Switches')).toBe('0');
    act(() => bridge.emitStats(fakeSnapshot(T0 + 1, {
      active: 'backup',
      viewers: { ...ON_PRIMARY, watching: 'backup', picture: false, noPictureCause: 'switch-gap', noPictureS: 4.1, switches: 1 },
    })));
    expect(stat(panel, 'Viewers')).toBe('No picture');
    expect(within(panel).getByRole('status').textContent).toBe('No picture: the platform is switching ingests.');
    expect(stat(panel, 'Without picture')).toBe('4.1 s');
    expect(stat(panel, 'Switches')).toBe('1');
  });

  it('after the stop, tells the story: each platform decision and the switch back that was still to come', async () => {
    const story: ViewerStory = {
      durationS: 62,
      summary: { ...ON_PRIMARY, watching: 'backup', noPictureS: 17.3, switches: 1 },
      events: [
        { atS: 0, text: 'Gcore starts the stream from the primary ingest (primary receives data); viewers see no picture for about 5 s while it starts' },
        { atS: 23.4, text: 'Gcore switches viewers from the primary to the backup ingest (primary missing for 3000 ms, backup online); viewers see no picture for about 15 s' },
      ],
      pending: [{ afterS: 41.2, text: 'Gcore switches viewers from the backup to the primary ingest (primary stable for 60000 ms); viewers see no picture for about 15 s' }],
    };
    const bridge = createFakeApi({
      stopBroadcast: async () => ok<BroadcastStatus>({ state: 'stopped', reason: 'stopped by the user', startedAtMs: null, config: { target: { kind: 'local' } } as BroadcastStatus['config'], viewerStory: story }),
    });
    await goLive(bridge);
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    fireEvent.click(screen.getByRole('button', { name: 'Stop the broadcast' })); // Stop asks first
    const list = await screen.findByRole('list', { name: 'Platform decisions' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      `0.0 s ${story.events[0]!.text}`,
      `23.4 s ${story.events[1]!.text}`,
      `Had it gone on, 41.2 s after the stop: ${story.pending[0]!.text}`,
    ]);
    expect(stat(screen.getByRole('region', { name: 'What viewers would see' }), 'Without picture')).toBe('17.3 s');
  });
});
