import { describe, expect, it } from 'vitest';
import { PlatformWatch } from '../../src/main/broadcast/platformWatch';

describe('PlatformWatch', () => {
  it('counts the grace from when the primary went on air, restarts it after a break, and keeps the last answer on errors', () => {
    let nowMs = 0;
    const watch = new PlatformWatch(() => nowMs, { width: 640, height: 360, fps: 30 });
    const answer = (live: boolean): void => watch.ask()({ ok: true, stream: { id: 1, name: 's', live, frame_rate: 30, video_width: 640, video_height: 360 } });
    const codes = (onAir: boolean): string[] => watch.warnings(onAir).map((w) => w.code);

    expect(watch.latest()).toBeNull();
    expect(codes(true)).toEqual([]); // on air on the primary from t=0
    nowMs = 25_000;
    answer(false);
    expect(codes(true)).toEqual(['platform-not-live']);
    expect(watch.latest()?.checkedAtMs).toBe(25_000);

    nowMs = 26_000;
    expect(codes(false)).toEqual([]); // off the primary (a failover): the grace starts again when it is back
    nowMs = 27_000;
    expect(codes(true)).toEqual([]);
    nowMs = 48_000;
    answer(false);
    expect(codes(true)).toEqual(['platform-not-live']);

    watch.ask()({ ok: false, error: new Error('network down') });
    expect(watch.latest()?.checkedAtMs).toBe(48_000);
    nowMs = 50_000;
    answer(true);
    expect(codes(true)).toEqual([]);
  });
});
