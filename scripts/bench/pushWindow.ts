// One measured window of a running push: CPU seconds and memory (start and end) of the processes, the kernel's UDP
// receive drops of this process and the listener, the event loop's delays here (where the tap relays every datagram),
// and the listener's own srt_bstats counters over the window.

import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ListenerStats, SrtTestListener } from '../../test/support/srtListener';
import { round } from './benchMath';
import { processRssMiB, udpDropsOf, udpSocketsOf } from './procMemNet';
import { measureCpu, type CpuWindow } from './steady';

/** What one window measured. `node` is this process (the engine's Node side and the harness alike). */
export interface PushWindow extends CpuWindow {
  /** Resident set size at the window's start and end, MiB, per process name (`node` included). */
  rssStartMiB: Record<string, number>;
  rssEndMiB: Record<string, number>;
  /** Datagrams the kernel dropped because a receive buffer was full, during the window. */
  udpDrops: { node: number; listener: number };
  /** This process's drops by socket, labelled (the engine's taps vs the harness's relay), only where non-zero. */
  udpDropsBySocket: Record<string, number>;
  /** How late this process's event loop ran a 5 ms timer during the window (a datagram waits that long), ms. */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** The listener's counters over the window (srt_bstats deltas) and its receive rate. */
  listener: { receivedMbps: number; lostPkts: number; droppedPkts: number; retransmittedPkts: number; stats: number };
}

function rssOf(pids: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = { node: round(process.memoryUsage().rss / 1024 / 1024, 1) };
  for (const [name, pid] of Object.entries(pids)) out[name] = round(processRssMiB(pid) ?? NaN, 1);
  return out;
}

function listenerDelta(first: ListenerStats | undefined, last: ListenerStats | undefined): PushWindow['listener'] {
  if (!first || !last || last.tMs <= first.tMs) return { receivedMbps: NaN, lostPkts: NaN, droppedPkts: NaN, retransmittedPkts: NaN, stats: 0 };
  return {
    // libsrt counts 44 header bytes per packet; this is the rate on the wire as libsrt sees it.
    receivedMbps: round(((last.byteRecvTotal - first.byteRecvTotal) * 8) / ((last.tMs - first.tMs) * 1000), 2),
    lostPkts: last.pktRcvLossTotal - first.pktRcvLossTotal,
    droppedPkts: last.pktRcvDropTotal - first.pktRcvDropTotal,
    retransmittedPkts: last.pktRcvRetransTotal - first.pktRcvRetransTotal,
    stats: 2,
  };
}

/** Drops per socket of this process, by local port. */
function dropsByPort(): Map<number, number> {
  return new Map(udpSocketsOf(process.pid).map((so) => [so.localPort, so.drops]));
}

/**
 * Measures `windowMs` of a push whose processes are `pids` (by name) toward `listener`; `socketLabels` names this
 * process's sockets by local port (read at the window's end) for the drop attribution.
 */
export async function measurePushWindow(pids: Record<string, number>, listener: SrtTestListener, windowMs: number, socketLabels: () => Record<number, string> = () => ({})): Promise<PushWindow> {
  const listenerPid = listener.pid ?? -1;
  const rssStartMiB = rssOf(pids);
  const byPort0 = dropsByPort();
  const drops0 = { node: udpDropsOf(process.pid), listener: udpDropsOf(listenerPid) };
  const stats0 = listener.latestStats ?? undefined;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpu = await measureCpu(pids, windowMs);
  loop.disable();
  const stats1 = listener.latestStats ?? undefined;
  const drops1 = { node: udpDropsOf(process.pid), listener: udpDropsOf(listenerPid) };
  const rssEndMiB = rssOf(pids);
  const labels = socketLabels();
  const udpDropsBySocket: Record<string, number> = {};
  for (const [port, drops] of dropsByPort()) {
    const delta = drops - (byPort0.get(port) ?? 0);
    if (delta > 0) udpDropsBySocket[labels[port] ?? `port ${port}`] = delta;
  }
  // The histogram counts from the 5 ms timer's due time; its values are in nanoseconds.
  const lateMs = (ns: number): number => round(Math.max(0, ns / 1e6 - 5), 1);
  return {
    ...cpu,
    rssStartMiB,
    rssEndMiB,
    udpDrops: { node: drops1.node - drops0.node, listener: drops1.listener - drops0.listener },
    udpDropsBySocket,
    eventLoopDelayMs: { p50: lateMs(loop.percentile(50)), p99: lateMs(loop.percentile(99)), max: lateMs(loop.max) },
    listener: listenerDelta(stats0, stats1),
  };
}
