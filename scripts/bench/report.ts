// Pure assembly of the benchmark's JSON document from the raw repetitions: summaries, ratios, methods, sentences.

import { median, ratio, round, summarize } from './benchMath';
import { DEFAULT_SILENCE_MS } from '../../src/main/srt/tapStats';
import { BENCH } from './rig';
import type { EngineFailoverResult, PlainFailoverResult } from './failover';
import type { EngineRestartResult, PlainRestartResult } from './restart';
import type { SteadyResult } from './steady';
import type { TelemetryResult } from './telemetry';

export interface RawResults {
  failover: { engine: EngineFailoverResult[]; plain: PlainFailoverResult[] };
  steady: { engine: SteadyResult[]; plain: SteadyResult[] };
  telemetry: TelemetryResult;
  restart: { engine: EngineRestartResult[]; plain: PlainRestartResult[] };
}

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const nonNull = (values: Array<number | null | undefined>): number[] => values.filter((v): v is number => typeof v === 'number');

/** Ratios of paired repetitions (engine rep i / baseline rep i). */
function pairedRatios(engine: number[], baseline: number[]): ReturnType<typeof summarize> {
  const n = Math.min(engine.length, baseline.length);
  return summarize(Array.from({ length: n }, (_, i) => engine[i]! / baseline[i]!), 3);
}

export function failoverSection(raw: RawResults['failover']) {
  const e = raw.engine;
  const keyMs = nonNull(e.map((r) => r.firstKeyframeMs));
  const exitMs = raw.plain.map((r) => r.exitMs);
  const headline = ratio(median(keyMs), median(exitMs));
  return {
    method:
      `The primary path is blackholed by the UDP impairment proxy (both directions) 2.5–4.5 s after the first byte. Engine (failover mode, default ${DEFAULT_SILENCE_MS} ms silence threshold): time to its \`suspect\` event (the backup is started as a hedge at that moment), to the first SRT data packet at the backup ingest (timed by a pass-through relay in front of the libsrt listener), and to the last TS packet of the backup’s first video access unit (HEVC IDR, found in the backup recording) at the socket, and delivered by libsrt after its 200 ms latency buffer. Checked with ffprobe/ffmpeg: the backup recording’s first video frame is a keyframe and the whole recording decodes without an error line. Baseline: one plain ffmpeg (same encode) pushing through the same proxy; time from the blackhole to the process exit (libsrt’s own break detection; it never tries another ingest).`,
    repetitions: e.length,
    engine: {
      detectMs: summarize(nonNull(e.map((r) => r.detectMs)), 0),
      firstByteAtBackupMs: summarize(e.map((r) => r.firstByteMs), 0),
      firstKeyframeAtBackupMs: summarize(keyMs, 0),
      firstKeyframeDeliveredMs: summarize(nonNull(e.map((r) => r.firstKeyframeDeliveredMs)), 0),
      gopBurstFrames: e.map((r) => r.gopBurstFrames),
      firstFrameIsKeyframeEveryTime: e.every((r) => r.firstFrameIsKey),
      backupDecodesCleanlyEveryTime: e.every((r) => r.decodesCleanly),
      decodeErrors: e.map((r) => r.decodeErrors).filter(Boolean),
      backupListenerLostPkts: e.map((r) => r.backupLostPkts),
      backupListenerDroppedPkts: e.map((r) => r.backupDroppedPkts),
      udpDropsNodeProcess: e.map((r) => r.udpDropsNodeProcess),
      udpDropsAtTheBackupRelay: e.map((r) => r.udpDropsBackupRelay),
      failoverEventDetail: e[0]?.failoverDetail ?? null,
    },
    baseline: {
      plainFfmpegExitMs: summarize(exitMs, 0),
      exitCodes: raw.plain.map((r) => r.exitCode),
      lastLogLine: raw.plain[0]?.lastLog?.replace(/srt:\/\/\S+/g, 'srt://…') ?? null,
    },
    ratio: {
      firstKeyframeVsPlainFfmpegBreakDetection: headline,
      detectVsPlainFfmpegBreakDetection: ratio(median(nonNull(e.map((r) => r.detectMs))), median(exitMs)),
      pairedFirstKeyframeRatios: pairedRatios(keyMs, exitMs),
    },
    summary: `engine detects the dead primary in ${s(median(nonNull(e.map((r) => r.detectMs))))} and has a decodable keyframe at the backup ingest ${s(median(keyMs))} after the blackhole, vs ${s(median(exitMs))} for ffmpeg alone just to notice (${headline}×; ffmpeg alone never recovers)`,
  };
}

/** Start → first byte samples of both paths, and where they come from (one sentence). */
export interface StartupSamples {
  engine: number[];
  plain: number[];
  source: string;
}

/** The full run's start-up samples: every failover and steady-state repetition. */
export function startupSamplesOf(raw: RawResults): StartupSamples {
  return {
    engine: [...raw.failover.engine.map((r) => r.startToFirstByteMs), ...raw.steady.engine.map((r) => r.startToFirstByteMs)],
    plain: [...raw.failover.plain.map((r) => r.startToFirstByteMs), ...raw.steady.plain.map((r) => r.startToFirstByteMs)],
    source: 'Samples from the failover and steady-state runs (via a pass-through proxy in the former, in both paths alike).',
  };
}

/** Issue 12's target: the engine's first byte no more than this after plain ffmpeg's (medians, same run). */
const STARTUP_TARGET_EXTRA_MS = 300;

export function startupSection(samples: StartupSamples) {
  const { engine, plain } = samples;
  const r = ratio(median(engine), median(plain));
  const extraMs = median(engine) - median(plain);
  return {
    method: `From startBroadcast() (engine) or spawn (plain ffmpeg, same encoder arguments muxing straight to srt://) to the first SRT data packet at the ingest, timed by a pass-through relay in front of the listener. ${samples.source}`,
    engineMs: summarize(engine, 0),
    plainFfmpegMs: summarize(plain, 0),
    ratio: r,
    engineExtraMs: round(extraMs, 0),
    withinTarget: extraMs <= STARTUP_TARGET_EXTRA_MS,
    summary: `first byte at the ingest ${s(median(engine))} after start vs ${s(median(plain))} for a plain ffmpeg (${r}×, +${round(extraMs, 0)} ms; target ≤ +${STARTUP_TARGET_EXTRA_MS} ms)`,
  };
}

export function cpuSection(raw: RawResults['steady']) {
  const windowS = median(raw.engine.map((r) => r.windowS));
  // This process also hosts the harness (listener stats parsing, wire relay); its share is measured in the plain runs.
  const harness = median(raw.plain.map((r) => r.nodeCpuSeconds));
  const engineTotals = raw.engine.map((r) => r.childCpuSeconds + r.nodeCpuSeconds - harness);
  const plainTotals = raw.plain.map((r) => r.childCpuSeconds);
  const extraPctOfCore = ((median(engineTotals) - median(plainTotals)) / windowS) * 100;
  const r = ratio(median(engineTotals), median(plainTotals));
  return {
    method: `user+sys CPU seconds from /proc/<pid>/stat of every engine child ffmpeg (encoder, sender) plus this Node process's process.cpuUsage() delta, over a fixed ${round(windowS, 0)} s push after 2 s of settling, vs the plain single-ffmpeg push of the same encode over the same window. The harness's own share of the Node process (listener stats, wire relay), measured during the plain runs, is subtracted from the engine's.`,
    repetitions: raw.engine.length,
    windowS: round(windowS, 2),
    engineCpuSeconds: summarize(engineTotals, 2),
    plainFfmpegCpuSeconds: summarize(plainTotals, 2),
    engineBreakdownMedianS: Object.fromEntries(Object.keys(raw.engine[0]?.cpuSeconds ?? {}).map((k) => [k, round(median(raw.engine.map((r) => r.cpuSeconds[k] ?? NaN)), 2)])),
    harnessNodeCpuSeconds: round(harness, 2),
    ratio: r,
    pairedRatios: pairedRatios(engineTotals, plainTotals),
    extraCpuPctOfOneCore: round(extraPctOfCore, 1),
    summary: `engine uses ${round(median(engineTotals), 2)} CPU-s per ${round(windowS, 0)} s vs ${round(median(plainTotals), 2)} CPU-s for a plain ffmpeg (${r}×), i.e. ${round(extraPctOfCore, 1)} % of one core extra`,
  };
}

export function latencySection(raw: RawResults['steady']) {
  const engine = raw.engine.map((r) => r.hopLatencyMs);
  const plain = raw.plain.map((r) => r.hopLatencyMs);
  const added = median(engine) - median(plain);
  return {
    method:
      'Capture→encode→mux is the same ffmpeg work in both paths, so only what follows the muxer is compared: the time from TS bytes leaving the encoder’s muxer to the same bytes reaching the ingest socket (a pass-through relay in front of the libsrt listener timestamps every SRT data packet). Engine: every video access unit’s last byte as the engine receives it on the encoder’s stdout (in-process) vs the same access unit’s last byte at the ingest; the sender remuxes (-c copy), so access units are matched by a hash of their elementary-stream bytes. Plain ffmpeg: its -progress total_size (bytes handed to libsrt, reported every 50 ms) vs the moment the ingest had received that many payload bytes. Median per 20 s run over the steady-state window. The plain figure is ≈0 (even slightly negative): libsrt sends at once on loopback, and ffmpeg’s progress line reaches this process a little after the packet reached the ingest.',
    repetitions: raw.engine.length,
    engineMuxerToIngestMs: summarize(engine, 1),
    plainFfmpegMuxerToIngestMs: summarize(plain, 1),
    engineBreakdownMs: {
      encoderStdoutToSenderStdin: summarize(nonNull(raw.engine.map((r) => r.fanoutHoldMs)), 1),
      senderStdinToIngest: summarize(nonNull(raw.engine.map((r) => r.senderToIngestMs)), 1),
      fromNextVideoFrameStart: summarize(nonNull(raw.engine.map((r) => r.hopAfterNextFrameMs)), 1),
    },
    addedLatencyMs: round(added, 1),
    /** The same in frame intervals: the sender's TS demuxer and HEVC parser each hold a frame until the next one starts. */
    addedLatencyFrameIntervals: round(added / (1000 / BENCH.fps), 2),
    framesMatched: raw.engine.map((r) => `${r.framesMatched}/${r.framesInRecording}`),
    samplesPerRun: { engine: raw.engine.map((r) => r.hopSamples), plain: raw.plain.map((r) => r.hopSamples) },
    summary: `engine adds ${round(added, 0)} ms (${round(added / (1000 / BENCH.fps), 1)} frame intervals at ${BENCH.fps} fps) between the encoder's muxer and the ingest (${round(median(engine), 1)} ms vs ${round(median(plain), 1)} ms for ffmpeg's own libsrt output)`,
  };
}

export function telemetrySection(t: TelemetryResult) {
  return {
    method:
      'Engine pushing through the proxy with 50 ms added each way (true RTT 100 ms + loopback). Each 1 Hz stats snapshot (after 3 warm-up ones): the engine’s rttMs vs the listener’s srt_bstats msRTT at that moment and vs 100 ms; its sendKbps (tap, UDP payload incl. the 16-byte SRT header, 1 s window) vs the listener’s byteRecvTotal − 28 B × pktRecvTotal over the same second shifted by the 50 ms one-way delay (libsrt counts 44 header bytes per packet, the tap 16).',
    samples: t.samples.length,
    rttMs: { engineMean: t.meanEngineRttMs, listenerMean: t.meanListenerRttMs, truth: 2 * 50 },
    rttMaePct: { vsListener: t.rttVsListenerMaePct, vsTruth: t.rttVsTruthMaePct, listenerVsTruth: t.listenerRttVsTruthMaePct },
    sendKbps: { engineMean: t.meanEngineSendKbps, listenerMean: t.meanListenerKbps },
    sendKbpsMaePctVsListener: t.sendKbpsVsListenerMaePct,
    perSample: t.samples,
    summary: `rttMs ${t.meanEngineRttMs} ms vs listener ${t.meanListenerRttMs} ms (MAE ${t.rttVsListenerMaePct} %; ${t.rttVsTruthMaePct} % vs the 100 ms truth); sendKbps MAE ${t.sendKbpsVsListenerMaePct} % vs the listener`,
  };
}

export function encoderRestartSection(raw: RawResults['restart']) {
  const e = raw.engine;
  const keyMs = nonNull(e.map((r) => r.firstKeyframeMs));
  const plainKeyMs = nonNull(raw.plain.map((r) => r.firstKeyframeMs));
  const headline = ratio(median(keyMs), median(plainKeyMs));
  const noReconnect = e.every((r) => r.srtSessions === 1 && r.disconnectsBeforeStop === 0);
  return {
    method:
      'The engine (one ingest, default encoder restart policy: 250 ms back-off) pushes 2.5–4.5 s after the first byte, then its encoder ffmpeg is SIGKILLed. Times from the kill: to the engine’s `encoder-restarted` event, to the new encoder’s first stdout chunk and the fan-out’s first write of it into the sender (in-process), and at the ingest socket (a pass-through relay in front of the libsrt listener) to the first and to the last TS packet of the new encoder’s first video frame (found in the recording by a hash of its elementary-stream bytes, matched to the new encoder’s stdout), and that keyframe delivered by libsrt after its 200 ms latency buffer. Checked on the recording: the listener accepted exactly one SRT session (no reconnect); ffprobe’s video frame PTS never step back and the frame after the largest PTS gap is a keyframe (the gap is set against the wall-clock gap between the killed and the new encoder’s stdout, and the first encoder’s start-up time, by which restarted timestamps run ahead since the offset counts from its spawn); `ffmpeg -v error` decode errors (the killed encoder may leave one truncated frame). Baseline, same kill moment: a plain ffmpeg (same encode) straight to a second listener is SIGKILLed and a new one started at once (a streamer restarting by hand at best); time from the kill to its new SRT session’s first data packet and first keyframe at the socket. Its delivered time includes the test listener’s wait for libsrt to declare the killed session broken (it serves one caller at a time).',
    repetitions: e.length,
    engine: {
      restartEventMs: summarize(nonNull(e.map((r) => r.restartEventMs)), 0),
      newEncoderFirstOutputMs: summarize(nonNull(e.map((r) => r.encoderOutputMs)), 0),
      senderFirstInputMs: summarize(nonNull(e.map((r) => r.senderInputMs)), 0),
      killedEncoderTailHeldUntilRestartBytes: e.map((r) => r.heldTailBytes),
      firstByteAtIngestMs: summarize(nonNull(e.map((r) => r.firstByteMs)), 0),
      firstKeyframeAtIngestMs: summarize(keyMs, 0),
      firstKeyframeDeliveredMs: summarize(nonNull(e.map((r) => r.firstKeyframeDeliveredMs)), 0),
      srtSessionsPerRun: e.map((r) => r.srtSessions),
      noReconnectEveryTime: noReconnect,
      firstNewFrameIsKeyframeEveryTime: e.every((r) => r.firstNewFrameIsKey === true),
      ptsNeverStepsBackEveryTime: e.every((r) => r.pts.stepsBack === 0),
      ptsStepsBack: e.map((r) => r.pts.stepsBack),
      largestPtsGapMs: summarize(nonNull(e.map((r) => r.pts.largestGapMs)), 0),
      encoderOutputGapMs: summarize(nonNull(e.map((r) => r.outputGapMs)), 0),
      firstEncoderStartupMs: summarize(nonNull(e.map((r) => r.firstEncoderStartupMs)), 0),
      frameAfterLargestGapIsKeyframeEveryTime: e.every((r) => r.pts.frameAfterGapIsKey === true),
      decodesCleanlyEveryTime: e.every((r) => r.decodesCleanly),
      decodeErrorLines: e.map((r) => r.decodeErrorLines),
      decodeErrors: e.map((r) => r.decodeErrors).filter(Boolean),
      restartEventDetail: e[0]?.restartDetail ?? null,
    },
    baseline: {
      firstByteAtIngestMs: summarize(nonNull(raw.plain.map((r) => r.firstByteMs)), 0),
      firstKeyframeAtIngestMs: summarize(plainKeyMs, 0),
      firstKeyframeDeliveredMs: summarize(nonNull(raw.plain.map((r) => r.firstKeyframeDeliveredMs)), 0),
      srtSessionsPerRun: raw.plain.map((r) => r.srtSessions),
      firstFrameIsKeyframeEveryTime: raw.plain.every((r) => r.firstFrameIsKey === true),
    },
    ratio: {
      firstKeyframeVsPlainFfmpegRestart: headline,
      pairedFirstKeyframeRatios: pairedRatios(e.map((r) => r.firstKeyframeMs ?? NaN), raw.plain.map((r) => r.firstKeyframeMs ?? NaN)),
    },
    summary: `after an encoder kill the engine has a keyframe at the ingest ${s(median(keyMs))} later ${noReconnect ? 'on the same SRT session' : 'but the sender reconnected in some runs'}, vs ${s(median(plainKeyMs))} for a plain ffmpeg restarted at once on a new session (${headline}×)`,
  };
}
