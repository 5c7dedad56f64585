// Test support: the small broadcast most engine tests push (640x360 test pattern, libx265, SRT latency 200 ms), and the
// wait for a stats line after a moment, so integration tests state only what differs.

import type { BroadcastConfig, BroadcastTarget, StatsSnapshot } from '../../src/shared/broadcastTypes';
import { until } from './waitUntil';

/** 640x360@30 testsrc without audio, 600 kbps, 1 s keyframes, libx265, 200 ms latency, failover; `overrides` win. */
export function testPushConfig(target: BroadcastTarget, overrides: Partial<Omit<BroadcastConfig, 'target'>> = {}): BroadcastConfig {
  return {
    target, input: { kind: 'testsrc' }, audio: { kind: 'none' }, width: 640, height: 360, fps: 30, bitrateKbps: 600,
    keyintSeconds: 1, encoder: 'libx265', latencyMs: 200, mode: 'failover', ...overrides,
  };
}

/** The latest stats line received after `sinceMs` (the lines carry their arrival time) that satisfies `test`. */
export async function statsAfter<T extends StatsSnapshot & { atMs: number }>(stats: readonly T[], sinceMs: number, test: (s: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  await until(() => stats.some((s) => s.atMs > sinceMs && test(s)), timeoutMs, () => `${what} (last stats ${JSON.stringify(stats.at(-1))})`);
  return stats.filter((s) => s.atMs > sinceMs && test(s)).at(-1)!;
}
