// Accuracy of the tap against libsrt's own numbers: real ffmpeg → SrtTap → impairment proxy → C listener (srt_bstats).

import { afterEach, describe, expect, it } from 'vitest';
import { SrtTap } from '../../src/main/srt/srtTap';
import type { TapSnapshot, TapStateChange } from '../../src/main/srt/tapTypes';
import { waitForState } from './waitForState';
import { killAllSrtTestListeners, SrtTestListener, type ListenerStats } from '../support/srtListener';
import { UdpImpairProxy, type UdpImpairProxyOptions } from '../support/udpImpairProxy';
import { FfmpegPush, stopAllFfmpegPushes } from './ffmpegPush';

const STREAM_ID = '123#08cd54f0';
/** libsrt's byte counters include IPv4 (20) + UDP (8) + SRT (16) headers per packet; the tap counts UDP payload. */
const IP_UDP_HEADER_BYTES = 28;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await stopAllFfmpegPushes();
  await killAllSrtTestListeners();
});

interface Rig {
  tap: SrtTap;
  proxy: UdpImpairProxy;
  listener: SrtTestListener;
  push: FfmpegPush;
  changes: TapStateChange[];
  /** Tap snapshots every 10 ms: [performance.now(), snapshot]. */
  history: Array<[number, TapSnapshot]>;
}

/** ffmpeg → tap → proxy → listener, all on 127.0.0.1. */
async function rig(proxyOptions: Omit<UdpImpairProxyOptions, 'targetPort'>): Promise<Rig> {
  const listener = await SrtTestListener.start({ latencyMs: 2000 });
  cleanups.push(() => listener.stop());
  const proxy = await UdpImpairProxy.start({ targetPort: listener.port, seed: 7, ...proxyOptions });
  cleanups.push(() => proxy.close());
  const tap = await SrtTap.open({ ingestHost: '127.0.0.1', ingestPort: proxy.port });
  cleanups.push(() => tap.close());
  const changes: TapStateChange[] = [];
  tap.on('state', (c) => changes.push(c));
  const history: Array<[number, TapSnapshot]> = [];
  const sampler = setInterval(() => history.push([performance.now(), tap.snapshot()]), 10);
  cleanups.push(async () => clearInterval(sampler));
  const push = FfmpegPush.start({ port: tap.port, streamId: STREAM_ID });
  cleanups.push(() => push.stop());
  await listener.waitFor(() => listener.acceptedStreamIds.length > 0, 10_000, 'the caller to be accepted');
  await waitForState(tap, 'connected', 5000);
  return { tap, proxy, listener, push, changes, history };
}

/** The tap snapshot closest to (and not after) `atMs`. */
function snapshotAt(history: Array<[number, TapSnapshot]>, atMs: number): TapSnapshot {
  let best = history[0]?.[1];
  for (const [t, s] of history) {
    if (t > atMs) break;
    best = s;
  }
  if (!best) throw new Error('no tap snapshot recorded');
  return best;
}

/** UDP payload bytes the listener received (SRT header included, like the tap counts). */
function listenerUdpPayloadBytes(s: ListenerStats): number {
  return s.byteRecvTotal - IP_UDP_HEADER_BYTES * s.pktRecvTotal;
}

/** Listener receive rate between two stats lines in UDP payload bytes, kbit/s. */
function listenerKbps(a: ListenerStats, b: ListenerStats): number {
  const bytes = listenerUdpPayloadBytes(b) - listenerUdpPayloadBytes(a);
  return (bytes * 8) / (b.tMs - a.tMs);
}

const pct = (measured: number, reference: number): number => ((measured - reference) / reference) * 100;

describe('SrtTap accuracy against libsrt (real ffmpeg, 50 ms each way)', () => {
  it('sees the stream id intact, RTT ≈ 100 ms and the same bit rate as the listener', async () => {
    const oneWayDelayMs = 50;
    const r = await rig({ toTarget: { delayMs: oneWayDelayMs }, toClient: { delayMs: oneWayDelayMs } });

    // (1) Stream id: byte-identical at the listener and in the tap's handshake view.
    expect(r.listener.acceptedStreamIds).toEqual([STREAM_ID]);
    expect(r.tap.snapshot().streamIdSeen).toBe(STREAM_ID);
    expect(r.changes.map((c) => c.to)).toEqual(['handshaking', 'connected']);

    // Let RTT settle and collect ~5 s of listener stats lines (500 ms apart).
    const firstLine = r.listener.statsHistory.length;
    await r.listener.waitFor(() => r.listener.statsHistory.length >= firstLine + 12, 15_000, '12 stats lines');

    // (2) RTT: 50 ms each way through the proxy.
    const snap = r.tap.snapshot();
    expect(snap.state).toBe('connected');
    const rttMs = snap.rttMs ?? NaN;
    const listenerRttMs = r.listener.latestStats?.msRTT ?? NaN;
    const rttErrPct = pct(rttMs, 2 * oneWayDelayMs);
    console.log(`[measured] tap rttMs=${rttMs.toFixed(2)} (error ${rttErrPct.toFixed(1)} % vs 100 ms), listener msRTT=${listenerRttMs.toFixed(2)}, rttVarMs=${snap.rttVarMs}`);
    expect(Math.abs(rttErrPct)).toBeLessThan(15);

    // (3) Bit rate: tap sendKbps (1 s window) vs the listener's rate over the same second, shifted by the 50 ms path.
    const lines = r.listener.statsHistory.slice(firstLine + 2);
    const errors: number[] = [];
    for (let i = 2; i < lines.length; i++) {
      const [a, b] = [lines[i - 2]!, lines[i]!];
      const reference = listenerKbps(a, b);
      const tapView = snapshotAt(r.history, b.receivedAtMs - oneWayDelayMs);
      errors.push(pct(tapView.sendKbps, reference));
    }
    const meanAbs = errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length;
    const worst = Math.max(...errors.map(Math.abs));
    console.log(`[measured] sendKbps vs listener, per 1 s window: errors % = ${errors.map((e) => e.toFixed(1)).join(', ')}; mean |err| ${meanAbs.toFixed(2)} %, worst ${worst.toFixed(2)} %; latest tap ${snap.sendKbps.toFixed(0)} kbps`);
    expect(errors.length).toBeGreaterThanOrEqual(6);
    expect(meanAbs).toBeLessThan(10);
    // Over the whole run the byte counts agree closely.
    const last = r.listener.latestStats!;
    const tapAtLast = snapshotAt(r.history, last.receivedAtMs - oneWayDelayMs);
    const listenerBytes = listenerUdpPayloadBytes(last);
    console.log(`[measured] bytes: tap ${tapAtLast.bytesSent}, listener ${listenerBytes} (${pct(tapAtLast.bytesSent, listenerBytes).toFixed(2)} %)`);
    expect(Math.abs(pct(tapAtLast.bytesSent, listenerBytes))).toBeLessThan(2);
    expect(snap.inFlightPkts).not.toBeNull();
    expect(snap.sendBufferMs).not.toBeNull();
    console.log(`[measured] inFlightPkts=${snap.inFlightPkts} sendBufferMs=${snap.sendBufferMs?.toFixed(0)} latencyMs=${snap.latencyMs} linkCapacityKbps=${snap.linkCapacityKbps?.toFixed(0)} listener mbpsBandwidth=${last.mbpsBandwidth}`);
  });

  it('carries a stream id full of URL-special characters byte for byte, and the tap decodes the same bytes', async () => {
    const listener = await SrtTestListener.start({ latencyMs: 200 });
    cleanups.push(() => listener.stop());
    const tap = await SrtTap.open({ ingestHost: '127.0.0.1', ingestPort: listener.port });
    cleanups.push(() => tap.close());
    const streamId = '#!::r=live/a+b%2F,m=publish&k=x y#Zz9';
    const push = FfmpegPush.start({ port: tap.port, streamId, latencyUs: 200_000 });
    cleanups.push(() => push.stop());
    await listener.waitFor(() => listener.acceptedStreamIds.length > 0, 10_000, 'the caller to be accepted');
    expect(listener.acceptedStreamIds).toEqual([streamId]);
    expect(tap.snapshot().streamIdSeen).toBe(streamId);
  });

  it('counts losses and retransmissions like the listener under 2 % loss toward the ingest', async () => {
    const r = await rig({ toTarget: { lossRate: 0.02 } });
    const firstLine = r.listener.statsHistory.length;
    await r.listener.waitFor(() => r.listener.statsHistory.length >= firstLine + 12, 15_000, '12 stats lines');
    const last = r.listener.latestStats!;
    const snap = snapshotAt(r.history, last.receivedAtMs);
    const dropped = r.proxy.counters('toTarget').droppedLoss;
    console.log(`[measured] 2 % loss: proxy dropped ${dropped}; tap lostPkts=${snap.lostPkts} retransPkts=${snap.retransPkts} retransPct=${snap.retransPct.toFixed(2)}; listener pktRcvLossTotal=${last.pktRcvLossTotal} pktRcvRetransTotal=${last.pktRcvRetransTotal}`);
    expect(snap.lostPkts).toBeGreaterThan(0);
    expect(snap.retransPkts).toBeGreaterThan(0);
    const near = (a: number, b: number): boolean => Math.abs(a - b) <= Math.max(3, 0.2 * b);
    expect(near(snap.lostPkts, last.pktRcvLossTotal)).toBe(true);
    expect(near(snap.retransPkts, last.pktRcvRetransTotal)).toBe(true);
  });
});
