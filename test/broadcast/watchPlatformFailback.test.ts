import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchPlatformFailback } from '../../src/main/broadcast/watchPlatformFailback';

afterEach(() => {
  vi.useRealTimers();
});

function fakeSession(overlap: () => boolean) {
  const switched = vi.fn();
  const session = { policyState: () => ({ overlap: overlap() ? { sinceMs: 0, failbackAtMs: 75_000 } : null }), platformSwitchedBack: switched };
  return { session: session as never, switched };
}

describe('watchPlatformFailback', () => {
  it('polls only during the overlap and reports the switch once the API shows the primary live', async () => {
    vi.useFakeTimers();
    let inOverlap = false;
    let live = false;
    const { session, switched } = fakeSession(() => inOverlap);
    const getStream = vi.fn(async (id: number) => ({ id, name: 's', live }));
    const stop = watchPlatformFailback(session, 42, getStream, 5000);

    await vi.advanceTimersByTimeAsync(10_000);
    expect(getStream).not.toHaveBeenCalled();

    inOverlap = true;
    await vi.advanceTimersByTimeAsync(5000);
    expect(getStream).toHaveBeenCalledWith(42);
    expect(switched).not.toHaveBeenCalled();

    live = true;
    await vi.advanceTimersByTimeAsync(5000);
    expect(switched).toHaveBeenCalledTimes(1);

    stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(getStream).toHaveBeenCalledTimes(2);
  });

  it('ignores API errors (the overlap timer still ends the overlap)', async () => {
    vi.useFakeTimers();
    const { session, switched } = fakeSession(() => true);
    const getStream = vi.fn(async () => {
      throw new Error('network down');
    });
    const stop = watchPlatformFailback(session, 1, getStream, 1000);
    await vi.advanceTimersByTimeAsync(3000);
    expect(getStream).toHaveBeenCalledTimes(3);
    expect(switched).not.toHaveBeenCalled();
    stop();
  });
});
