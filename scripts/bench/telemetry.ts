// Telemetry accuracy: with 50 ms added each way by the proxy, the engine's reported rttMs and sendKbps (read by its
// SRT tap) against the listener's own libsrt figures (srt_bstats) and against the 100 ms truth.

import { rm } from 'node:fs/promises';
import type { FfmpegProbe } from '../../src/shared/ffmpegCapabilities';
import { UdpImpairProxy } from '../../test/support/udpImpairProxy';
import { counterAtTime, mean, meanAbsPctError, round } from './benchMath';
import { Cleanup, makeRepDir, datagramTimeline, listenerLineAtMs, log, sleep, srtUrl, startEngine, startIngest, until } from './rig';

export const ONE_WAY_DELAY_MS = 50;

/** One 1 Hz engine stats snapshot next to the listener's view of the same moment. */
export interface TelemetrySample {
  engineRttMs: number;
  listenerRttMs: number;
  engineSendKbps: number;
  /** Listener bytes in the same 1 s window, shifted by the one-way delay, counted like the tap (UDP payload). */
  listenerKbps: number;
}

export interface TelemetryResult {
  samples: TelemetrySample[];
  rttVsListenerMaePct: number;
  rttVsTruthMaePct: number;
  listenerRttVsTruthMaePct: number;
  sendKbpsVsListenerMaePct: number;
  meanEngineRttMs: number;
  meanListenerRttMs: number;
  meanEngineSendKbps: number;
  meanListenerKbps: number;
}

/** Runs the engine through a 50 ms/50 ms proxy until `wanted` snapshots (after `skip` warm-up ones) are collected. */
export async function runTelemetry(probe: FfmpegProbe, wanted: number, skip: number): Promise<TelemetryResult> {
  const cleanup = new Cleanup();
  try {
    const dir = await makeRepDir();
    cleanup.add(() => rm(dir, { recursive: true, force: true }));
    const ingest = await startIngest(cleanup, { statsIntervalMs: 50 });
    const delay = { delayMs: ONE_WAY_DELAY_MS };
    const proxy = await UdpImpairProxy.start({ targetPort: ingest.port, toTarget: delay, toClient: delay });
    cleanup.add(() => proxy.close());
    const engine = await startEngine(probe, dir, srtUrl(proxy.port, 'telemetry'));
    cleanup.add(() => engine.broadcast.stop());
    const liveSnapshots = (): typeof engine.stats => engine.stats.filter((s) => s.uplinks[0]?.state === 'live' && s.uplinks[0].rttMs !== null);
    await until(() => liveSnapshots().length >= skip + wanted, (skip + wanted) * 1000 + 20_000, `${skip + wanted} live stats snapshots`);
    await sleep(300); // the listener's lines must cover the last window (shifted by the one-way delay)
    await engine.broadcast.stop();

    const listener = ingest.listener;
    const bytes = datagramTimeline(listener);
    const samples: TelemetrySample[] = [];
    for (const s of liveSnapshots().slice(skip, skip + wanted)) {
      const uplink = s.uplinks[0]!;
      const line = [...listener.statsHistory].reverse().find((l) => listenerLineAtMs(l.tMs) <= s.atMs);
      // The tap counts a packet when it leaves toward the ingest; the listener sees it one one-way delay later.
      const endMs = s.atMs + ONE_WAY_DELAY_MS;
      const a = counterAtTime(bytes, endMs - 1000);
      const b = counterAtTime(bytes, endMs);
      if (!line || a === null || b === null) continue;
      samples.push({ engineRttMs: uplink.rttMs!, listenerRttMs: line.msRTT, engineSendKbps: uplink.sendKbps, listenerKbps: ((b - a) * 8) / 1000 });
    }
    const truth = 2 * ONE_WAY_DELAY_MS;
    const result: TelemetryResult = {
      samples: samples.map((x) => ({ engineRttMs: x.engineRttMs, listenerRttMs: round(x.listenerRttMs, 2), engineSendKbps: x.engineSendKbps, listenerKbps: round(x.listenerKbps, 1) })),
      rttVsListenerMaePct: round(meanAbsPctError(samples.map((x) => [x.engineRttMs, x.listenerRttMs] as const)), 2),
      rttVsTruthMaePct: round(meanAbsPctError(samples.map((x) => [x.engineRttMs, truth] as const)), 2),
      listenerRttVsTruthMaePct: round(meanAbsPctError(samples.map((x) => [x.listenerRttMs, truth] as const)), 2),
      sendKbpsVsListenerMaePct: round(meanAbsPctError(samples.map((x) => [x.engineSendKbps, x.listenerKbps] as const)), 2),
      meanEngineRttMs: round(mean(samples.map((x) => x.engineRttMs)), 2),
      meanListenerRttMs: round(mean(samples.map((x) => x.listenerRttMs)), 2),
      meanEngineSendKbps: round(mean(samples.map((x) => x.engineSendKbps)), 1),
      meanListenerKbps: round(mean(samples.map((x) => x.listenerKbps)), 1),
    };
    log(`telemetry: ${samples.length} samples; rtt ${result.meanEngineRttMs} ms (listener ${result.meanListenerRttMs} ms), MAE vs listener ${result.rttVsListenerMaePct} %, vs 100 ms ${result.rttVsTruthMaePct} %; sendKbps MAE ${result.sendKbpsVsListenerMaePct} %`);
    return result;
  } finally {
    await cleanup.run();
  }
}
