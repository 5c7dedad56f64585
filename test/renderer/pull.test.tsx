// Pull screen: set-up success (retry policy and live shown), refusal message, URL splitting, turning pull off.

import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/src/App';
import type { SrtCompanionApi } from '../../src/shared/ipcContract';
import { fail, ok } from '../../src/shared/result';
import { pullRetryPolicy } from '../../src/shared/pullRetryPolicy';
import { createFakeApi } from './fakeApi';
import { fakeStream } from './fixtures';

// uPlot cannot load in jsdom (no matchMedia/canvas): see chartStub.tsx.
vi.mock('../../src/renderer/src/components/TimeSeriesChart', () => import('./chartStub'));

afterEach(cleanup);

const signedIn = async () => ok({ signedIn: true, apiBaseUrl: 'https://api.gcore.com' });

/** Signs in, picks stream 101 under Streams, then opens Pull. */
async function openPull(api: SrtCompanionApi): Promise<void> {
  render(<App api={api} initialScreen="streams" />);
  fireEvent.click(await screen.findByRole('button', { name: 'Morning show #101' }));
  fireEvent.click(screen.getByRole('button', { name: 'Pull' }));
  await screen.findByLabelText(/Source URLs/);
}

describe('Pull screen', () => {
  it('asks for a stream first', async () => {
    const { api } = createFakeApi({ accountStatus: signedIn });
    render(<App api={api} initialScreen="pull" />);
    expect(await screen.findByText('Pick a stream under Streams first.')).toBeTruthy();
  });

  it('sends every URL typed, shows the retry policy and whether the platform receives', async () => {
    const { api } = createFakeApi({
      accountStatus: signedIn,
      getStream: async (id) => ok(fakeStream(id, 'Morning show')),
      setPull: async (id, urls) =>
        ok({
          stream: fakeStream(id, 'Morning show', { pull: true, pullSources: urls, live: true }),
          retryPolicy: ['Gcore tries the sources in order (round robin).', 'After a failure it retries every 5 s.'],
        }),
    });
    await openPull(api);
    fireEvent.change(screen.getByLabelText(/Source URLs/), {
      target: { value: 'srt://a.example.com:9000?streamid=cam1\n  rtmp://b.example.com/live/cam1   srt://a.example.com:9000?streamid=cam1\n' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Set up pull' }));

    expect(await screen.findByRole('heading', { name: 'Pull is set up' })).toBeTruthy();
    expect(api.setPull).toHaveBeenCalledWith(101, ['srt://a.example.com:9000?streamid=cam1', 'rtmp://b.example.com/live/cam1']);
    const retries = screen.getByRole('region', { name: 'How Gcore retries' });
    expect(retries.textContent).toContain(pullRetryPolicy().current.lines[0]);
    expect(retries.textContent).toContain(pullRetryPolicy().older.lines[1]);
    expect(screen.getByText('Platform receiving:').textContent).toBe('Platform receiving: yes, live');
    expect(screen.getByText(/Gcore pulls from 2 sources/)).toBeTruthy();
  });

  it('shows main’s refusal', async () => {
    const { api } = createFakeApi({
      accountStatus: signedIn,
      setPull: async () => fail('input', 'Pull sources must be public addresses: 192.168.1.20 is a private network address.'),
    });
    await openPull(api);
    fireEvent.change(screen.getByLabelText(/Source URLs/), { target: { value: 'srt://192.168.1.20:9000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set up pull' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Pull sources must be public addresses: 192.168.1.20 is a private network address.',
    );
    expect(screen.queryByRole('heading', { name: 'Pull is set up' })).toBeNull();
  });

  it('refuses an empty list without calling main', async () => {
    const { api } = createFakeApi({ accountStatus: signedIn });
    await openPull(api);
    fireEvent.change(screen.getByLabelText(/Source URLs/), { target: { value: '  \n ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set up pull' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Enter at least one source URL.');
    expect(api.setPull).not.toHaveBeenCalled();
  });

  it('turns pull off', async () => {
    const { api } = createFakeApi({
      accountStatus: signedIn,
      getStream: async (id) => ok(fakeStream(id, 'Morning show', { pull: true, pullSources: ['srt://a.example.com:9000'] })),
      pullOff: async (id) => ok(fakeStream(id, 'Morning show', { pull: false })),
    });
    await openPull(api);
    const off = screen.getByRole('button', { name: 'Turn pull off' }) as HTMLButtonElement;
    await vi.waitFor(() => expect(off.disabled).toBe(false));
    fireEvent.click(off);
    expect(await screen.findByText('Pull is off: the stream takes pushes again.')).toBeTruthy();
    expect(api.pullOff).toHaveBeenCalledWith(101);
    expect(screen.getByText(/push \(not pulling\)/)).toBeTruthy();
  });
});
