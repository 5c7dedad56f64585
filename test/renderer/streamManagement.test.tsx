// Streams screen management: tags and filters in the list, enable/disable, key reset (200, 202, broadcast restart),
// passphrase set/clear, delete with the name typed back — each destructive one confirmed — and the inactive-stream
// offer on the Broadcast screen.

import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/src/App';
import { fail, ok } from '../../src/shared/result';
import type { StreamView } from '../../src/shared/streams';
import { createFakeApi, type MockedApi } from './fakeApi';
import { fakeStream } from './fixtures';

// uPlot cannot load in jsdom (no matchMedia/canvas): see chartStub.tsx.
vi.mock('../../src/renderer/src/components/TimeSeriesChart', () => import('./chartStub'));

afterEach(cleanup);

const signedIn = async () => ok({ signedIn: true, apiBaseUrl: 'https://api.gcore.com' });

const STREAMS: StreamView[] = [
  fakeStream(101, 'Morning show', { live: true, backupLive: true }),
  fakeStream(102, 'Evening news', { active: false }),
  fakeStream(103, 'Relay', { pull: true, pullSources: ['rtmp://origin.example.com/live/a'], live: true }),
  fakeStream(104, 'Backup only', { backupLive: true }),
];

function names(): string[] {
  return within(screen.getByRole('list', { name: 'Streams' }))
    .queryAllByRole('button')
    .map((b) => b.querySelector('.stream-name')?.textContent ?? '');
}

function tagsOf(name: string): string[] {
  return within(screen.getByRole('list', { name: `Tags of ${name}` }))
    .getAllByRole('listitem')
    .map((li) => li.textContent ?? '');
}

/** Signs in, opens Streams with STREAMS (plus overrides), and picks `name`. */
async function openStream(name: string, overrides: Parameters<typeof createFakeApi>[0] = {}): Promise<MockedApi> {
  const { api } = createFakeApi({
    accountStatus: signedIn,
    listStreams: async () => ok(STREAMS),
    getStream: async (id) => ok(STREAMS.find((s) => s.id === id) ?? fakeStream(id, name)),
    ...overrides,
  });
  render(<App api={api} initialScreen="streams" />);
  fireEvent.click(await screen.findByRole('button', { name: new RegExp(`^${name} #`) }));
  await screen.findByRole('heading', { name: 'Manage' });
  return api;
}

describe('stream list tags and filters', () => {
  it('tags push/pull, active, and live on primary/backup', async () => {
    const { api } = createFakeApi({ accountStatus: signedIn, listStreams: async () => ok(STREAMS) });
    render(<App api={api} initialScreen="streams" />);
    await screen.findByText('Morning show');
    expect(tagsOf('Morning show')).toEqual(['push', 'active', 'live: primary', 'live: backup']);
    expect(tagsOf('Evening news')).toEqual(['push', 'inactive', 'not live']);
    expect(tagsOf('Relay')).toEqual(['pull', 'active', 'live']);
    expect(tagsOf('Backup only')).toEqual(['push', 'active', 'live: backup']);
  });

  it('filters by ingest, switch and live, together with the search', async () => {
    const { api } = createFakeApi({ accountStatus: signedIn, listStreams: async () => ok(STREAMS) });
    render(<App api={api} initialScreen="streams" />);
    await screen.findByText('Morning show');
    const ingest = screen.getByLabelText('Ingest');
    const active = screen.getByLabelText('Switch');
    const live = screen.getByLabelText('Live');
    fireEvent.change(ingest, { target: { value: 'pull' } });
    expect(names()).toEqual(['Relay']);
    fireEvent.change(ingest, { target: { value: 'push' } });
    expect(names()).toEqual(['Morning show', 'Evening news', 'Backup only']);
    fireEvent.change(live, { target: { value: 'backup' } });
    expect(names()).toEqual(['Morning show', 'Backup only']);
    fireEvent.change(live, { target: { value: 'primary' } });
    expect(names()).toEqual(['Morning show']);
    fireEvent.change(live, { target: { value: 'idle' } });
    expect(names()).toEqual(['Evening news']);
    fireEvent.change(live, { target: { value: 'live' } });
    fireEvent.change(ingest, { target: { value: 'any' } });
    expect(names()).toEqual(['Morning show', 'Relay', 'Backup only']);
    fireEvent.change(active, { target: { value: 'inactive' } });
    expect(names()).toEqual([]);
    expect(screen.getByText('No stream matches the search and filters.')).toBeTruthy();
    fireEvent.change(live, { target: { value: 'any' } });
    expect(names()).toEqual(['Evening news']);
    fireEvent.change(screen.getByLabelText('Search streams'), { target: { value: 'morning' } });
    expect(names()).toEqual([]);
  });
});

describe('enable and disable', () => {
  it('enables an inactive stream at once, and asks before disabling', async () => {
    const api = await openStream('Evening news');
    fireEvent.click(screen.getByRole('button', { name: 'Enable stream' }));
    expect(await screen.findByText('The stream is active: its ingest accepts pushes.')).toBeTruthy();
    expect(api.setStreamActive).toHaveBeenCalledWith(102, true);
    expect(tagsOf('Stream 102')).toContain('active');

    fireEvent.click(screen.getByRole('button', { name: 'Disable stream' }));
    const dialog = screen.getByRole('alertdialog', { name: /Disable/ });
    expect(api.setStreamActive).toHaveBeenCalledTimes(1);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(api.setStreamActive).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Disable stream' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Disable' }));
    expect(await screen.findByText(/The stream is inactive/)).toBeTruthy();
    expect(api.setStreamActive).toHaveBeenLastCalledWith(102, false);
  });

  it('shows the refusal as one sentence', async () => {
    await openStream('Evening news', { setStreamActive: async () => fail('validation', 'Gcore refused the stream settings: active exceeds the limit.') });
    fireEvent.click(screen.getByRole('button', { name: 'Enable stream' }));
    expect((await screen.findByText(/exceeds the limit/)).textContent).toBe('Gcore refused the stream settings: active exceeds the limit.');
  });
});

describe('reset the key', () => {
  it('asks first, then says the old key stopped working', async () => {
    const api = await openStream('Morning show');
    fireEvent.click(screen.getByRole('button', { name: 'Reset stream key' }));
    expect(within(screen.getByRole('alertdialog')).getByText(/old key stops working at once/)).toBeTruthy();
    expect(api.resetStreamKey).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Reset key' }));
    expect(await screen.findByText('The stream has a new key; the old one stopped working.')).toBeTruthy();
    expect(screen.getByText('Gcore ended the connections that used the old key.')).toBeTruthy();
    expect(api.resetStreamKey).toHaveBeenCalledWith(101);
  });

  it('explains a 202 and that the running broadcast must be restarted', async () => {
    await openStream('Morning show', {
      resetStreamKey: async (id) =>
        ok({ stream: fakeStream(id, 'Morning show', { live: true }), ingestStillRunning: true, platformMessage: 'Could not stop the ingest.', restartBroadcast: true }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Reset stream key' }));
    fireEvent.click(screen.getByRole('button', { name: 'Reset key' }));
    expect(
      await screen.findByText('Gcore could not end the live ingest that still uses the old key (Gcore said: Could not stop the ingest); restart the encoder with the new key.'),
    ).toBeTruthy();
    expect(screen.getByText('A broadcast to this stream is running with the old key: stop it and go live again to use the new one.')).toBeTruthy();
  });

  it('shows a 404 as its sentence', async () => {
    await openStream('Morning show', { resetStreamKey: async () => fail('not_found', 'Stream 101 not found in this Gcore account.') });
    fireEvent.click(screen.getByRole('button', { name: 'Reset stream key' }));
    fireEvent.click(screen.getByRole('button', { name: 'Reset key' }));
    expect(await screen.findByText('Stream 101 not found in this Gcore account.')).toBeTruthy();
  });
});

describe('SRT passphrase', () => {
  it('sends what was typed only after confirming, then drops it; the restart notice when broadcasting', async () => {
    const api = await openStream('Morning show', {
      setStreamPassphrase: async (id, p) => ok({ stream: fakeStream(id, 'Morning show', { hasPassphrase: p !== null }), restartBroadcast: true }),
    });
    const input = screen.getByLabelText('New SRT passphrase') as HTMLInputElement;
    expect(input.type).toBe('password');
    fireEvent.change(input, { target: { value: 'Typed-Secret-12345' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set passphrase' }));
    const dialog = screen.getByRole('alertdialog', { name: /new SRT passphrase/ });
    expect(dialog.textContent).not.toContain('Typed-Secret-12345');
    expect(api.setStreamPassphrase).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Set passphrase' }));
    expect(await screen.findByText('The SRT passphrase is set; the app sends it when it goes live.')).toBeTruthy();
    expect(screen.getByText(/running with the old passphrase setting: stop it and go live again/)).toBeTruthy();
    expect(api.setStreamPassphrase).toHaveBeenCalledWith(101, 'Typed-Secret-12345');
    expect(input.value).toBe('');
    expect(document.body.innerHTML).not.toContain('Typed-Secret-12345');

    fireEvent.click(screen.getByRole('button', { name: 'Remove passphrase' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Remove passphrase' }));
    expect(await screen.findByText('The stream no longer uses an SRT passphrase.')).toBeTruthy();
    expect(api.setStreamPassphrase).toHaveBeenLastCalledWith(101, null);
  });

  it("shows main's refusal without the passphrase and asks for one when empty", async () => {
    const api = await openStream('Morning show', {
      setStreamPassphrase: async () => fail('bad_passphrase', 'The SRT passphrase has 5 characters: it must have 10 to 79.'),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Set passphrase' }));
    expect(await screen.findByText('Type the new passphrase first.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('New SRT passphrase'), { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set passphrase' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Set passphrase' }));
    expect(await screen.findByText('The SRT passphrase has 5 characters: it must have 10 to 79.')).toBeTruthy();
    expect(api.setStreamPassphrase).toHaveBeenCalledTimes(1);
  });
});

describe('delete', () => {
  it('needs the name typed back, then removes the stream from the list', async () => {
    const api = await openStream('Evening news');
    fireEvent.click(screen.getByRole('button', { name: 'Delete stream' }));
    const dialog = screen.getByRole('alertdialog', { name: /Delete “Evening news” for good/ });
    const confirm = within(dialog).getByRole('button', { name: 'Delete' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.change(within(dialog).getByLabelText('Type “Evening news” to confirm'), { target: { value: 'Evening' } });
    expect(confirm.disabled).toBe(true);
    fireEvent.change(within(dialog).getByLabelText('Type “Evening news” to confirm'), { target: { value: 'Evening news' } });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    expect(await screen.findByText('Deleted stream “Evening news”.')).toBeTruthy();
    expect(api.deleteStream).toHaveBeenCalledWith(102);
    expect(names()).toEqual(['Morning show', 'Relay', 'Backup only']);
    expect(screen.queryByRole('heading', { name: 'Manage' })).toBeNull();
  });

  it('keeps the stream when the API refuses (401)', async () => {
    await openStream('Relay', { deleteStream: async () => fail('token_rejected', 'The Gcore API rejected the API token; set a new one with `srt-companion token set`.') });
    fireEvent.click(screen.getByRole('button', { name: 'Delete stream' }));
    fireEvent.change(screen.getByLabelText('Type “Relay” to confirm'), { target: { value: 'Relay' } });
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText(/rejected the API token/)).toBeTruthy();
    expect(names()).toContain('Relay');
  });
});

describe('going live on an inactive stream', () => {
  it('offers to enable it and go live, instead of the portal', async () => {
    const api = await openStream('Evening news');
    fireEvent.click(screen.getByRole('button', { name: 'Broadcast' }));
    expect(screen.getByText(/is inactive, so its ingest rejects pushes/)).toBeTruthy();
    expect(screen.queryByText(/portal/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Enable stream and go live' }));
    await vi.waitFor(() => expect(api.startBroadcast).toHaveBeenCalledTimes(1));
    expect(api.setStreamActive).toHaveBeenCalledWith(102, true);
    expect(api.setStreamActive.mock.invocationCallOrder[0]!).toBeLessThan(api.startBroadcast.mock.invocationCallOrder[0]!);
    expect(api.startBroadcast.mock.calls[0]?.[0].target).toEqual({ kind: 'stream', gcoreStreamId: 102 });
    expect(screen.queryByRole('button', { name: 'Enable stream and go live' })).toBeNull();
  });

  it('makes the same offer when main refuses a stale "active" stream as inactive', async () => {
    const api = await openStream('Morning show', {
      startBroadcast: async () => fail('stream_inactive', 'Stream 101 is inactive, so its ingest rejects pushes; enable it first (`srt-companion streams enable 101`).'),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Broadcast' }));
    fireEvent.click(screen.getByRole('button', { name: 'Go live' }));
    expect(await screen.findByRole('button', { name: 'Enable stream and go live' })).toBeTruthy();
    expect(screen.queryByText(/srt-companion streams enable/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Enable stream and go live' }));
    await vi.waitFor(() => expect(api.startBroadcast).toHaveBeenCalledTimes(2));
    expect(api.setStreamActive).toHaveBeenCalledWith(101, true);
  });
});
