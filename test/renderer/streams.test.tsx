// Streams screen: list, search, create, errors, and the detail panel's 5 s polling (fake interval timers).

import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/src/App';
import { fail, ok } from '../../src/shared/result';
import { createFakeApi } from './fakeApi';
import { fakeStream } from './fixtures';

// uPlot cannot load in jsdom (no matchMedia/canvas): see chartStub.tsx.
vi.mock('../../src/renderer/src/components/TimeSeriesChart', () => import('./chartStub'));

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const signedIn = async () => ok({ signedIn: true, apiBaseUrl: 'https://api.gcore.com' });

function streamButtons(): string[] {
  return within(screen.getByRole('list', { name: 'Streams' }))
    .queryAllByRole('button')
    .map((b) => b.textContent ?? '');
}

describe('Streams screen', () => {
  it('asks to sign in first when signed out', async () => {
    const { api } = createFakeApi();
    render(<App api={api} initialScreen="streams" />);
    expect(await screen.findByText(/Sign in under Account/)).toBeTruthy();
    expect(api.listStreams).not.toHaveBeenCalled();
  });

  it('lists streams and filters them by name or id', async () => {
    const { api } = createFakeApi({
      accountStatus: signedIn,
      listStreams: async () =>
        ok([fakeStream(101, 'Morning show', { live: true }), fakeStream(102, 'Evening news'), fakeStream(7, 'Test')]),
    });
    render(<App api={api} initialScreen="streams" />);
    await screen.findByText('Morning show');
    expect(streamButtons()).toEqual(['Morning show #101', 'Evening news #102', 'Test #7']);

    const search = screen.getByLabelText('Search streams');
    fireEvent.change(search, { target: { value: 'NEWS' } });
    expect(streamButtons()).toEqual(['Evening news #102']);
    fireEvent.change(search, { target: { value: '#7' } });
    expect(streamButtons()).toEqual(['Test #7']);
    fireEvent.change(search, { target: { value: 'nothing like it' } });
    expect(screen.getByText('No stream matches the search.')).toBeTruthy();
  });

  it('shows the listing error', async () => {
    const { api } = createFakeApi({
      accountStatus: signedIn,
      listStreams: async () => fail('unreachable', 'Cannot reach api.gcore.com: check the network.'),
    });
    render(<App api={api} initialScreen="streams" />);
    expect((await screen.findByRole('alert')).textContent).toBe('Cannot reach api.gcore.com: check the network.');
  });

  it('creates a stream, lists it and opens it', async () => {
    const { api } = createFakeApi({
      accountStatus: signedIn,
      createStream: async (name) => ok(fakeStream(555, name)),
      getStream: async (id) => ok(fakeStream(id, 'Concert')),
    });
    render(<App api={api} initialScreen="streams" />);
    await screen.findByText('Morning show');
    fireEvent.change(screen.getByLabelText('New stream name'), { target: { value: '  Concert  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create stream' }));

    expect(await screen.findByRole('heading', { name: 'Concert #555' })).toBeTruthy();
    expect(api.createStream).toHaveBeenCalledWith('Concert');
    expect(streamButtons()[0]).toBe('Concert #555');
    expect((screen.getByLabelText('New stream name') as HTMLInputElement).value).toBe('');
  });

  it('shows why creating failed', async () => {
    const { api } = createFakeApi({
      accountStatus: signedIn,
      createStream: async () => fail('api', 'Gcore refused: the account reached its limit of active streams.'),
    });
    render(<App api={api} initialScreen="streams" />);
    await screen.findByText('Morning show');
    fireEvent.change(screen.getByLabelText('New stream name'), { target: { value: 'One more' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create stream' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Gcore refused: the account reached its limit of active streams.');
  });

  it('shows masked endpoints, has main copy the real URL and confirms it masked, and opens the playback link', async () => {
    // The window's own clipboard must not be used: main writes the real URL after its dialog.
    const writeText = vi.fn(async (_text: string) => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { api } = createFakeApi({ accountStatus: signedIn, getStream: async (id) => ok(fakeStream(id, 'Morning show')) });
    render(<App api={api} initialScreen="streams" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Morning show #101' }));

    expect(screen.getByText('srt://vp-push-ed1-srt.gvideo.co:5001?streamid=101#****')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Copy Backup SRT URL with key' }));
    expect(
      await screen.findByText('Copied srt://vp-push-anx1-srt.gvideo.co:5001?streamid=101#**** with its real key: paste it into your encoder.'),
    ).toBeTruthy();
    expect(api.copyPushUrl).toHaveBeenCalledWith(101, 'backup');
    expect(writeText).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Open playback' }));
    await vi.waitFor(() => expect(api.openExternal).toHaveBeenCalledWith('https://demo.gvideo.io/cmaf/101/index.mpd'));
  });

  it('says so when the user declines main’s copy dialog, and shows a refusal', async () => {
    const { api } = createFakeApi({ accountStatus: signedIn, getStream: async (id) => ok(fakeStream(id, 'Morning show')) });
    api.copyPushUrl.mockResolvedValueOnce(ok({ status: 'cancelled' }));
    api.copyPushUrl.mockResolvedValueOnce(fail('no_dialog', 'Copying a push URL with its key needs the desktop app, which asks you in a dialog first.'));
    render(<App api={api} initialScreen="streams" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Morning show #101' }));
    fireEvent.click(screen.getByRole('button', { name: 'Copy Primary SRT URL with key' }));
    expect(await screen.findByText('Not copied.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Copy Primary SRT URL with key' }));
    expect(await screen.findByText(/needs the desktop app/)).toBeTruthy();
  });

  it('shows a pull stream’s sources and retry policy, not push endpoints', async () => {
    const sources = ['srt://a.example.com:9000?streamid=cam1', 'rtmp://b.example.com/live/****'];
    const pulled = fakeStream(101, 'Morning show', { pull: true, pullSources: sources });
    const { api } = createFakeApi({ accountStatus: signedIn, listStreams: async () => ok([pulled]), getStream: async () => ok(pulled) });
    render(<App api={api} initialScreen="streams" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Morning show #101' }));

    expect(screen.getByRole('heading', { name: 'Pull settings' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'SRT push endpoints' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Copy .* with key/ })).toBeNull();
    const listed = within(screen.getByRole('list', { name: 'Pull sources' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(listed).toEqual(sources);
    expect(screen.getByRole('region', { name: 'How Gcore retries' }).textContent).toContain('retries progressively');
  });

  // vi.waitFor is avoided under fake timers: it advances them itself, which would blur the 5 s assertions.
  it('polls getStream every 5 s while the panel is open and stops when it closes or unmounts', async () => {
    // Only the interval timers are faked, so Testing Library's own waiting (setTimeout) still works.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let liveNow = false;
    const { api } = createFakeApi({
      accountStatus: signedIn,
      getStream: async (id) => ok(fakeStream(id, 'Morning show', { live: liveNow, backupLive: false })),
    });
    const view = render(<App api={api} initialScreen="streams" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Morning show #101' }));
    await act(async () => {});
    expect(api.getStream).toHaveBeenCalledTimes(1);
    expect(screen.getAllByText('○ Not receiving')).toHaveLength(2);

    liveNow = true;
    await act(async () => vi.advanceTimersByTime(4999));
    expect(api.getStream).toHaveBeenCalledTimes(1);
    await act(async () => vi.advanceTimersByTime(1));
    expect(api.getStream).toHaveBeenCalledTimes(2);
    expect(api.getStream).toHaveBeenLastCalledWith(101);
    expect(await screen.findByText('● Live')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    await act(async () => vi.advanceTimersByTime(20_000));
    expect(api.getStream).toHaveBeenCalledTimes(2);

    fireEvent.click(screen.getByRole('button', { name: 'Evening news #102' }));
    await act(async () => {});
    expect(api.getStream).toHaveBeenCalledTimes(3);
    expect(api.getStream).toHaveBeenLastCalledWith(102);
    view.unmount();
    await act(async () => vi.advanceTimersByTime(20_000));
    expect(api.getStream).toHaveBeenCalledTimes(3);
  });

  it('keeps polling after a failed poll and shows its message', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { api } = createFakeApi({ accountStatus: signedIn });
    api.getStream.mockResolvedValueOnce(fail('unreachable', 'Cannot reach api.gcore.com: check the network.'));
    render(<App api={api} initialScreen="streams" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Morning show #101' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Cannot reach api.gcore.com: check the network.');
    await act(async () => vi.advanceTimersByTime(5000));
    expect(api.getStream).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
