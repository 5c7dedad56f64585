// Pure assembly of the bitrate section's and the bitrate soak's JSON: per-bitrate medians, the cost above plain ffmpeg
// per 10 Mbit/s, how each figure grows with the bitrate, the targets of issue 12, and the memory slope of the soak.

import { median, round, slope, summarize } from './benchMath';
import type { BitrateRaw, BitrateSoakRaw } from './bitrates';
import type { BitrateRunResult } from './bitrateRun';
import { BENCH } from './rig';
import { failoverSection } from './report';

/** Issue 12's targets: engine CPU per 10 Mbit/s above plain ffmpeg, added latency p50 / p99 (1 and 2 frame intervals). */
export const BITRATE_TARGETS = { extraCpuPctPer10Mbps: 2, addedP50Ms: 1000 / BENCH.fps, addedP99Ms: 2000 / BENCH.fps } as const;

const med = (runs: BitrateRunResult[], pick: (r: BitrateRunResult) => number | undefined): number => median(runs.map(pick).filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
const sumOf = (values: Record<string, number>, keep: (name: string) => boolean): number => Object.entries(values).filter(([k]) => keep(k)).reduce((s, [, v]) => s + v, 0);
const isSender = (name: string): boolean => name.startsWith('sender-');
const growth = (r: BitrateRunResult, keep: (name: string) => boolean): number => sumOf(r.window.rssEndMiB, keep) - sumOf(r.window.rssStartMiB, keep);
const pctOfCore = (cpuS: number, windowS: number): number => (cpuS / windowS) * 100;

function row(targetMbps: number, engine: BitrateRunResult[], plain: BitrateRunResult[], fileKbps: number) {
  const windowS = (r: BitrateRunResult): number => (r.window.endMs - r.window.startMs) / 1000;
  // This process also hosts the harness (the relay in front of the listener, its stats): measured in the plain runs.
  const harnessPct = med(plain, (r) => pctOfCore(r.window.nodeCpuSeconds, windowS(r)));
  // The rig's frame walk runs inside the engine's hooks: timed in-process and taken out as well.
  const observerPct = med(engine, (r) => pctOfCore(r.observerCpuSeconds ?? 0, windowS(r)));
  const nodePct = med(engine, (r) => pctOfCore(r.window.nodeCpuSeconds - (r.observerCpuSeconds ?? 0), windowS(r))) - harnessPct;
  const sendersPct = med(engine, (r) => pctOfCore(sumOf(r.window.cpuSeconds, isSender), windowS(r)));
  const sourcePct = med(engine, (r) => pctOfCore(r.window.cpuSeconds.encoder ?? NaN, windowS(r)));
  const monitorPct = med(engine, (r) => pctOfCore(r.window.cpuSeconds.monitor ?? 0, windowS(r)));
  const plainPct = med(plain, (r) => pctOfCore(r.window.cpuSeconds.ffmpeg ?? NaN, windowS(r)));
  const ownPct = nodePct + sendersPct;
  // The source ffmpeg reads and remuxes the file as the plain ffmpeg does; what the engine adds is everything else.
  const extraPct = ownPct + sourcePct - plainPct;
  const mbps = fileKbps / 1000;
  // Plain ffmpeg's own muxer → socket hop is a loopback send (≈ 0); a negative reading is its -progress report reaching
  // this process after the bytes reached the socket, so it is not credited to the engine.
  const addedP50 = med(engine, (r) => r.latencyMs.p50) - Math.max(0, med(plain, (r) => r.latencyMs.p50));
  const addedP99 = med(engine, (r) => r.latencyMs.p99) - Math.max(0, med(plain, (r) => r.latencyMs.p99));
  const frame = 1000 / BENCH.fps;
  return {
    targetMbps,
    fileMbps: round(mbps, 1),
    ingestPayloadMbps: { engine: round(med(engine, (r) => r.ingestPayloadMbps), 2), plain: round(med(plain, (r) => r.ingestPayloadMbps), 2) },
    listenerReceivedMbps: { engine: round(med(engine, (r) => r.window.listener.receivedMbps), 2), plain: round(med(plain, (r) => r.window.listener.receivedMbps), 2) },
    /** The engine's own telemetry at this bitrate: the tap's 1 s send rate (UDP payload, SRT header included) vs the listener's. */
    tapSendMbps: round(med(engine, (r) => r.tapSendMbps), 2),
    startToFirstByteMs: { engine: summarize(engine.map((r) => r.startToFirstByteMs), 0), plain: summarize(plain.map((r) => r.startToFirstByteMs), 0) },
    cpuPctOfOneCore: {
      engineOwn: round(ownPct, 1),
      engineNode: round(nodePct, 1),
      engineSenders: round(sendersPct, 1),
      engineSource: round(sourcePct, 1),
      engineMonitor: round(monitorPct, 1),
      plainFfmpeg: round(plainPct, 1),
      harnessNode: round(harnessPct, 1),
      observerHooks: round(observerPct, 1),
      extraVsPlain: round(extraPct, 1),
      extraVsPlainPer10Mbps: round((extraPct / mbps) * 10, 2),
      engineOwnPer10Mbps: round((ownPct / mbps) * 10, 2),
    },
    latencyMs: {
      engineP50: round(med(engine, (r) => r.latencyMs.p50), 1),
      engineP99: round(med(engine, (r) => r.latencyMs.p99), 1),
      plainP50: round(med(plain, (r) => r.latencyMs.p50), 1),
      plainP99: round(med(plain, (r) => r.latencyMs.p99), 1),
      addedP50: round(addedP50, 1),
      addedP99: round(addedP99, 1),
      addedP50Frames: round(addedP50 / frame, 2),
      addedP99Frames: round(addedP99 / frame, 2),
      fanoutHoldP50: round(med(engine, (r) => r.fanoutHoldP50Ms), 1),
      senderAndTapP50: round(med(engine, (r) => r.senderToIngestP50Ms), 1),
      framesMatched: engine.map((r) => `${r.framesMatched}/${r.framesInRecording}`),
      /** Per engine run, its slowest frames: where the p99 comes from. */
      slowestFrames: engine.map((r) => r.slowestFrames ?? []),
    },
    dropsAndDelays: {
      listenerLostPkts: { engine: engine.map((r) => r.window.listener.lostPkts), plain: plain.map((r) => r.window.listener.lostPkts) },
      listenerDroppedPkts: { engine: engine.map((r) => r.window.listener.droppedPkts), plain: plain.map((r) => r.window.listener.droppedPkts) },
      listenerRetransmittedPkts: { engine: engine.map((r) => r.window.listener.retransmittedPkts), plain: plain.map((r) => r.window.listener.retransmittedPkts) },
      udpDropsNodeProcess: { engine: engine.map((r) => r.window.udpDrops.node), plain: plain.map((r) => r.window.udpDrops.node) },
      udpDropsBySocket: { engine: engine.map((r) => r.window.udpDropsBySocket), plain: plain.map((r) => r.window.udpDropsBySocket) },
      udpDropsListener: { engine: engine.map((r) => r.window.udpDrops.listener), plain: plain.map((r) => r.window.udpDrops.listener) },
      fanoutCongestions: engine.map((r) => r.fanoutCongestions ?? 0),
      fanoutDrops: engine.map((r) => r.fanoutDrops ?? 0),
      eventLoopDelayP99Ms: { engine: round(med(engine, (r) => r.window.eventLoopDelayMs.p99), 1), plain: round(med(plain, (r) => r.window.eventLoopDelayMs.p99), 1) },
      eventLoopDelayMaxMs: { engine: round(Math.max(...engine.map((r) => r.window.eventLoopDelayMs.max)), 1), plain: round(Math.max(...plain.map((r) => r.window.eventLoopDelayMs.max)), 1) },
      tapLostPkts: engine.map((r) => r.tapLostPkts ?? NaN),
      errorEvents: engine.flatMap((r) => r.errorEvents ?? []),
    },
    memoryMiB: {
      engineNodeEnd: round(med(engine, (r) => r.window.rssEndMiB.node), 1),
      engineNodeGrowth: round(med(engine, (r) => growth(r, (n) => n === 'node')), 1),
      plainNodeGrowth: round(med(plain, (r) => growth(r, (n) => n === 'node')), 1),
      sendersEnd: round(med(engine, (r) => sumOf(r.window.rssEndMiB, isSender)), 1),
      sendersGrowth: round(med(engine, (r) => growth(r, isSender)), 1),
      plainFfmpegGrowth: round(med(plain, (r) => growth(r, (n) => n === 'ffmpeg')), 1),
    },
  };
}

/** The same engine with libsrt sender ffmpegs behind the tap (what it was before its own sender), in brief. */
function libsrtComparison(targetMbps: number, engineLibsrt: BitrateRunResult[], plain: BitrateRunResult[], fileKbps: number) {
  if (engineLibsrt.length === 0) return null;
  const r = row(targetMbps, engineLibsrt, plain, fileKbps);
  return {
    cpuPctOfOneCore: { engineOwn: r.cpuPctOfOneCore.engineOwn, engineNode: r.cpuPctOfOneCore.engineNode, engineSenders: r.cpuPctOfOneCore.engineSenders, extraVsPlain: r.cpuPctOfOneCore.extraVsPlain, extraVsPlainPer10Mbps: r.cpuPctOfOneCore.extraVsPlainPer10Mbps },
    latencyMs: { addedP50: r.latencyMs.addedP50, addedP99: r.latencyMs.addedP99 },
    listenerLostPkts: r.dropsAndDelays.listenerLostPkts.engine,
    udpDropsNodeProcess: r.dropsAndDelays.udpDropsNodeProcess.engine,
    fanoutCongestions: r.dropsAndDelays.fanoutCongestions,
  };
}

export function bitrateSection(raw: BitrateRaw) {
  const kbpsOf = (targetMbps: number): number => raw.files.find((f) => f.spec.targetMbps === targetMbps)?.totalKbps ?? targetMbps * 1000;
  const rows = raw.runs.map((r) => ({
    ...row(r.targetMbps, r.engine, r.plain, kbpsOf(r.targetMbps)),
    withLibsrtSenders: libsrtComparison(r.targetMbps, r.engineLibsrt ?? [], r.plain, kbpsOf(r.targetMbps)),
  }));
  const extraSlope = slope(rows.map((r) => ({ x: r.fileMbps, y: r.cpuPctOfOneCore.extraVsPlain }))) * 10;
  const ownSlope = slope(rows.map((r) => ({ x: r.fileMbps, y: r.cpuPctOfOneCore.engineOwn }))) * 10;
  const p50Slope = slope(rows.map((r) => ({ x: r.fileMbps, y: r.latencyMs.addedP50 }))) * 10;
  return {
    method: `Pre-encoded HEVC + AAC MPEG-TS files (testsrc2 under temporal noise, libx265 ultrafast CBR with a one-second VBV, IDR every ${BENCH.keyintSeconds} s, ${BENCH.fps} fps, 640x360, 12 s looped), pushed in real time to a libsrt listener (SRT latency ${BENCH.latencyMs} ms) through a pass-through relay that times every data packet: by the engine (file source: stream copy with -re → fan-out → its own SRT sender; in withLibsrtSenders the same engine with a libsrt sender ffmpeg behind the SRT tap instead) and by one plain \`ffmpeg -re -stream_loop -1 -i FILE -c copy -f mpegts srt://…\`, alternating, over a fixed window after a settle. CPU: user+sys seconds from /proc of each process over the window as % of one core; the engine's own part is this Node process (minus the harness's share, measured in the plain runs, and minus the time the rig's frame-walking hooks took on the engine's thread, timed in-process) plus its sender ffmpeg (none with its own sender); the extra above plain ffmpeg is own + source − plain (the source does what the plain ffmpeg does: read and remux the file). Latency: each video access unit's last byte leaving the source ffmpeg (engine's stdout, in-process) vs the same access unit (matched by a hash of its elementary stream; a loop repeats it, so the latest departure before the arrival) at the ingest socket; plain: its -progress total_size vs the same byte count at the socket; p50/p99 per run, median over runs; added = engine − plain, a negative plain reading (its progress report arriving after the bytes) counted as 0. Drops: the listener's srt_bstats loss/drop/retransmission deltas, the kernel's UDP receive drops of this process's sockets (the sender's or the tap's, and the relay's) and of the listener's, the fan-out's congestion/drop events; delays: how late the event loop (where the sender or the tap handles each datagram) ran a 5 ms timer. Memory: RSS at the window's start and end.`,
    files: raw.files.map((f) => ({ targetMbps: f.spec.targetMbps, totalKbps: f.totalKbps, videoKbps: f.videoKbps, durationS: f.durationS, keyframeIntervalS: f.keyframeIntervalS, size: `${f.spec.width}x${f.spec.height}@${f.spec.fps}`, generatedInS: f.generatedInS })),
    repetitions: raw.runs[0]?.engine.length ?? 0,
    windowS: round(median(raw.runs.flatMap((r) => r.engine.map((e) => (e.window.endMs - e.window.startMs) / 1000))), 1),
    rows,
    growthPer10Mbps: { extraCpuPctOfOneCore: round(extraSlope, 2), engineOwnCpuPctOfOneCore: round(ownSlope, 2), addedLatencyP50Ms: round(p50Slope, 2) },
    targets: {
      extraCpuPctPer10Mbps: BITRATE_TARGETS.extraCpuPctPer10Mbps,
      cpuWithinTarget: rows.every((r) => r.cpuPctOfOneCore.extraVsPlainPer10Mbps <= BITRATE_TARGETS.extraCpuPctPer10Mbps),
      latencyWithinTarget: rows.every((r) => r.latencyMs.addedP50 <= BITRATE_TARGETS.addedP50Ms && r.latencyMs.addedP99 <= BITRATE_TARGETS.addedP99Ms),
    },
    failover: { targetMbps: raw.failover.targetMbps, ...failoverSection(raw.failover) },
    summary: rows.map((r) => `${r.fileMbps} Mbit/s: engine +${r.cpuPctOfOneCore.extraVsPlain} % of a core above plain ffmpeg (${r.cpuPctOfOneCore.extraVsPlainPer10Mbps} % per 10 Mbit/s), +${r.latencyMs.addedP50} ms p50 / +${r.latencyMs.addedP99} ms p99`).join('; '),
  };
}

export function bitrateSoakSection(raw: BitrateSoakRaw) {
  const names = Object.keys(raw.samples[0]?.rssMiB ?? {});
  // The first sample still holds the start-up's allocations; the slope is taken from the second on.
  const steady = raw.samples.slice(1);
  const slopes = Object.fromEntries(names.map((n) => [n, round(slope(steady.map((s) => ({ x: s.atS / 60, y: s.rssMiB[n] ?? NaN }))), 2)]));
  const total = (pick: (s: BitrateSoakRaw['samples'][number]) => number): number => raw.samples.reduce((sum, s) => sum + (Number.isFinite(pick(s)) ? pick(s) : 0), 0);
  const lost = total((s) => s.window.listener.lostPkts);
  const dropped = total((s) => s.window.listener.droppedPkts);
  const udpDrops = total((s) => s.window.udpDrops.node);
  const fanoutDrops = raw.samples.at(-1)?.fanoutDrops ?? 0;
  const noDrop = lost === 0 && dropped === 0 && udpDrops === 0 && fanoutDrops === 0;
  return {
    method: `The engine alone (file source, ${raw.file.totalKbps} kbit/s file; no observer in its path and no relay in front of the libsrt listener) for ${raw.durationS} s. Every ${raw.samples.length > 1 ? raw.samples[1]!.atS - raw.samples[0]!.atS : 10} s: RSS of this Node process and of each ffmpeg (/proc VmRSS), the listener's srt_bstats loss/drop deltas, the kernel's UDP receive drops of this process's sockets, the fan-out's congestion/drop events. Memory growth is the least-squares slope of RSS over time from the second sample on, MiB per minute.`,
    fileKbps: raw.file.totalKbps,
    durationS: raw.durationS,
    rssSlopeMiBPerMin: slopes,
    rssFirstLastMiB: Object.fromEntries(names.map((n) => [n, [raw.samples[0]?.rssMiB[n] ?? NaN, raw.samples.at(-1)?.rssMiB[n] ?? NaN]])),
    listenerLostPkts: lost,
    listenerDroppedPkts: dropped,
    udpDropsNodeProcess: udpDrops,
    fanoutCongestions: raw.samples.at(-1)?.fanoutCongestions ?? 0,
    fanoutDrops,
    eventLoopDelayMaxMs: round(Math.max(...raw.samples.map((s) => s.window.eventLoopDelayMs.max)), 1),
    errorEvents: raw.errorEvents,
    noDatagramDropped: noDrop,
    samples: raw.samples,
    summary: `${raw.durationS} s at ${round(raw.file.totalKbps / 1000, 1)} Mbit/s: ${noDrop ? 'no datagram dropped' : `lost ${lost}, dropped ${dropped}, UDP drops ${udpDrops}, fan-out drops ${fanoutDrops}`}; RSS slope ${Object.entries(slopes).map(([n, v]) => `${n} ${v}`).join(', ')} MiB/min`,
  };
}
