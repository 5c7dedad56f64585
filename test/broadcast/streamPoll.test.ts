import { afterEach, describe, expect, it, vi } from 'vitest';
import { pollStream, type StreamAnswer } from '../../src/main/broadcast/streamPoll';

afterEach(() => {
  vi.useRealTimers();
});

describe('pollStream', () => {
  it('sends one request per poll for every watcher that asked, and none when all skip', async () => {
    vi.useFakeTimers();
    const seenA: StreamAnswer[] = [];
    const seenB: StreamAnswer[] = [];
    let bAsks = true;
    const getStream = vi.fn(async (id: number) => ({ id, name: 's', live: true }));
    const stop = pollStream(
      [{ ask: () => (answer) => seenA.push(answer) }, { ask: () => (bAsks ? (answer) => seenB.push(answer) : null) }],
      7,
      getStream,
      5000,
    );
    await vi.advanceTimersByTimeAsync(5000);
    expect(getStream).toHaveBeenCalledTimes(1);
    expect(seenA).toHaveLength(1);
    expect(seenB).toEqual([{ ok: true, stream: { id: 7, name: 's', live: true } }]);
    bAsks = false;
    await vi.advanceTimersByTimeAsync(5000);
    expect(getStream).toHaveBeenCalledTimes(2);
    expect(seenB).toHaveLength(1);
    stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(getStream).toHaveBeenCalledTimes(2);
  });

  it('hands a failed request to the watchers as an error value, and skips while a request is out', async () => {
    vi.useFakeTimers();
    const seen: StreamAnswer[] = [];
    let release!: () => void;
    const getStream = vi.fn(() => new Promise<never>((_resolve, reject) => (release = () => reject(new Error('down')))));
    const stop = pollStream([{ ask: () => (answer) => seen.push(answer) }], 1, getStream, 1000);
    await vi.advanceTimersByTimeAsync(3000);
    expect(getStream).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([{ ok: false, error: new Error('down') }]);
    stop();
  });
});
