// Managing the stream this app is broadcasting to: the confirmation says the broadcast goes off air when the stream is
// disabled or deleted, and a key reset or passphrase change shows what main did to the running broadcast.

import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/src/App';
import type { BroadcastConfig } from '../../src/shared/broadcastTypes';
import { ok } from '../../src/shared/result';
import { createFakeApi } from './fakeApi';
import { fakeStream } from './fixtures';

vi.mock('../../src/renderer/src/components/TimeSeriesChart', () => import('./chartStub'));

afterEach(cleanup);

const STREAM = fakeStream(101, 'Morning show', { live: true });
const broadcastingTo = (id: number) => async () =>
  ok({ state: 'live' as const, reason: null, startedAtMs: 1, config: { target: { kind: 'stream', gcoreStreamId: id } } as BroadcastConfig, viewerStory: null });

async function open(overrides: Parameters<typeof createFakeApi>[0]): Promise<void> {
  const { api } = createFakeApi({
    accountStatus: async () => ok({ signedIn: true, apiBaseUrl: 'https://api.gcore.com' }),
    listStreams: async () => ok([STREAM]),
    getStream: async () => ok(STREAM),
    ...overrides,
  });
  render(<App api={api} initialScreen="streams" />);
  fireEvent.click(await screen.findByRole('button', { name: /^Morning show #/ }));
  await screen.findByRole('heading', { name: 'Manage' });
}

describe('the stream this app is broadcasting to', () => {
  it('warns that disabling or deleting it takes the broadcast off air', async () => {
    await open({ broadcastStatus: broadcastingTo(101) });
    fireEvent.click(screen.getByRole('button', { name: 'Disable stream' }));
    expect(await within(screen.getByRole('alertdialog')).findByText(/the broadcast goes off air \(“the stream was disabled”\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete stream' }));
    expect(await within(screen.getByRole('alertdialog')).findByText(/the broadcast goes off air for good/)).toBeTruthy();
  });

  it('says nothing of a broadcast to another stream', async () => {
    await open({ broadcastStatus: broadcastingTo(999) });
    fireEvent.click(screen.getByRole('button', { name: 'Disable stream' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(within(screen.getByRole('alertdialog')).queryByText(/goes off air/)).toBeNull();
  });

  it('shows that the running broadcast reconnected with the new key', async () => {
    const note = 'The running broadcast reconnects its uplinks with the new key now; the encoder keeps running.';
    await open({
      broadcastStatus: broadcastingTo(101),
      resetStreamKey: async (id) => ok({ stream: fakeStream(id, 'Morning show'), ingestStillRunning: false, platformMessage: null, restartBroadcast: false, uplinksReconnected: true, broadcastNote: note }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Reset stream key' }));
    expect(await within(screen.getByRole('alertdialog')).findByText(/reconnects with the new key by itself/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Reset key' }));
    expect(await screen.findByText(note)).toBeTruthy();
    expect(screen.queryByText(/stop it and go live again/)).toBeNull();
  });
});
