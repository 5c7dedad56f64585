// False-suspicion soak: the engine pushes for minutes through a lossy, delayed path that never breaks (2 % loss and
// 50 ms delay each way), once per candidate silence threshold, all at the same time. Every `suspect` event is false.

import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { FfmpegProbe } from '../../src/shared/ffmpegCapabilities';
import { UdpImpairProxy } from '../../test/support/udpImpairProxy';
import { Cleanup, log, makeRepDir, sleep, srtUrl, startEngine, startIngest, until } from './rig';
import { VIEWER_LATENCY_MS } from './viewerImpact';

export const SOAK_IMPAIRMENT = { lossRate: 0.02, delayMs: 50 } as const;

export interface SoakResult {
  silenceMs: number;
  durationS: number;
  /** `suspect` events: each one false, since the path never broke. */
  falseSuspicions: number;
  /** Each false suspicion: seconds into the run, and how long until the ingest was heard again (ms). */
  suspicions: Array<{ atS: number; lastedMs: number | null }>;
  /** `down`/`failover` events (a suspicion that outlived the grace). */
  falseFailures: number;
  /** The machine's 1-minute load average at the start and the end (2 cores: above 2 means every process waited). */
  loadAvg: [number, number];
  /** The tap's RTT at the end (ms), to show the delay was in effect. */
  rttMs: number | null;
  /** Retransmitted share of packets over the whole run (%), to show the loss was in effect. */
  retransPctTotal: number | null;
}

async function soakOne(probe: FfmpegProbe, silenceMs: number, durationMs: number): Promise<SoakResult> {
  const cleanup = new Cleanup();
  try {
    const dir = await makeRepDir();
    cleanup.add(() => rm(dir, { recursive: true, force: true }));
    const ingest = await startIngest(cleanup);
    const proxy = await UdpImpairProxy.start({ targetPort: ingest.port, seed: silenceMs });
    cleanup.add(() => proxy.close());
    proxy.set('toTarget', SOAK_IMPAIRMENT);
    proxy.set('toClient', SOAK_IMPAIRMENT);
    const engine = await startEngine(probe, dir, srtUrl(proxy.port, 'primary'), undefined, { silenceMs }, { latencyMs: VIEWER_LATENCY_MS });
    cleanup.add(() => engine.broadcast.stop());
    await until(() => ingest.meter.firstDataAtMs !== null, 15_000, 'the first byte (soak)');
    const fromMs = performance.now();
    const loadAtStart = loadavg()[0]!;
    await sleep(durationMs);
    const after = engine.events.filter((e) => e.atMs >= fromMs);
    const suspicions = after.flatMap((e, i) => {
      if (e.kind !== 'suspect') return [];
      const back = after.slice(i + 1).find((n) => n.kind === 'recovered' || n.kind === 'down' || n.kind === 'failover');
      return [{ atS: Math.round((e.atMs - fromMs) / 100) / 10, lastedMs: back ? Math.round(back.atMs - e.atMs) : null }];
    });
    const last = engine.stats.at(-1);
    const primary = last?.uplinks.find((u) => u.role === 'primary');
    const result: SoakResult = {
      silenceMs,
      durationS: Math.round(durationMs / 1000),
      falseSuspicions: suspicions.length,
      suspicions,
      falseFailures: after.filter((e) => e.kind === 'down' || e.kind === 'failover').length,
      loadAvg: [Math.round(loadAtStart * 10) / 10, Math.round(loadavg()[0]! * 10) / 10],
      rttMs: primary?.rttMs ?? null,
      retransPctTotal: primary?.retransPctTotal ?? null,
    };
    log(`soak silence ${silenceMs} ms: ${result.falseSuspicions} false suspicion(s) ${JSON.stringify(suspicions)}, ${result.falseFailures} false failure(s) in ${result.durationS} s (RTT ${result.rttMs} ms, retrans ${result.retransPctTotal} %)`);
    return result;
  } finally {
    await cleanup.run();
  }
}

/** One engine per candidate threshold, side by side for `durationMs`. */
export function runSuspicionSoak(probe: FfmpegProbe, thresholdsMs: readonly number[], durationMs: number): Promise<SoakResult[]> {
  log(`false-suspicion soak: ${thresholdsMs.join(', ')} ms thresholds, ${durationMs / 1000} s, ${SOAK_IMPAIRMENT.lossRate * 100} % loss and ${SOAK_IMPAIRMENT.delayMs} ms delay each way`);
  return Promise.all(thresholdsMs.map((t) => soakOne(probe, t, durationMs)));
}
