// `npm run bench`: measures the broadcast engine against a plain ffmpeg in the same run (real ffmpeg, libsrt listeners,
// UDP impairment on 127.0.0.1). Prints one JSON document on stdout (progress on stderr) and writes .bench/latest.json.
// BENCH_ONLY=restart|viewer|soak runs one section (the others null) and writes .bench/latest-<name>.json: the encoder
// restart, the viewer impact per fault against the Gcore ingest model (BENCH_SCENARIOS=a,b picks scenarios), or the
// 10-minute false-suspicion soak (not part of the full run: it alone takes 10 minutes). BENCH_ONLY=monitor measures the
// monitor of what viewers get (thumbnails, audio levels) at 1280x720: the same push with and without it, as a ratio.
// BENCH_ONLY=startup: start → first byte at the ingest (engine vs plain ffmpeg, alternating) plus the failover runs,
// whose decode checks show the unparsed sender still takes the GOP burst cleanly (about 1.5 minutes).
// BENCH_ONLY=bitrates: pre-encoded HEVC files at 6, 20 and 50 Mbit/s through the engine's file source vs a plain
// stream-copying ffmpeg, and the failover at 20 Mbit/s (about 8 minutes; BENCH_BITRATES, BITRATE_REPS,
// BITRATE_WINDOW_MS shorten a trial). BENCH_ONLY=bitrate-soak: 50 Mbit/s for 5 minutes (not in the full run).
// BENCH_ONLY=cipher: the tap's SRT encryption per data packet against a copy (seconds; also in the full run).

import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import type { FfmpegProbe } from '../src/shared/ffmpegCapabilities';
import { DEFAULT_ENCODER_RESTART } from '../src/main/broadcast/encoderSupervisor';
import { FAILOVER_DEFAULTS } from '../src/main/failover/failoverTypes';
import { DEFAULT_SILENCE_MS } from '../src/main/srt/tapStats';
import { assertCanBroadcast, discoverFfmpeg } from '../src/main/ffmpeg/probeFfmpeg';
import { listManagedProcesses, stopAllManagedProcesses } from '../src/main/process/managedProcess';
import { compileSrtTestListener, killAllSrtTestListeners } from '../test/support/srtListener';
import { bitrateSection, bitrateSoakSection } from './bench/bitrateReport';
import { runBitrateSection, runBitrateSoak } from './bench/bitrates';
import { runCipherCost } from './bench/cipherCost';
import { runMonitorCost } from './bench/monitorCost';
import { runEngineFailover, runPlainFailover, type EngineFailoverResult, type PlainFailoverResult } from './bench/failover';
import { cpuSection, encoderRestartSection, failoverSection, latencySection, startupSamplesOf, startupSection, telemetrySection, type RawResults, type StartupSamples } from './bench/report';
import { runEngineRestart, runPlainRestart } from './bench/restart';
import { BENCH, log, removeRunDir } from './bench/rig';
import { runStartupPairs } from './bench/startup';
import { runEngineSteady, runPlainSteady, type SteadyResult } from './bench/steady';
import { runTelemetry, type TelemetryResult } from './bench/telemetry';
import { runSuspicionSoak } from './bench/suspicionSoak';
import { SCENARIOS, runViewerImpact } from './bench/viewerImpact';
import { suspicionSoakSection, viewerImpactSection } from './bench/viewerReport';

const run = promisify(execFile);

/** Repetitions and durations: about 21 minutes on 2 cores (restart alone: about 1.5; viewer impact alone: about 7; bitrates alone: about 8, see bench/bitrates.ts). */
const PLAN = { failoverReps: 5, steadyReps: 4, cpuWindowMs: 20_000, settleMs: 2000, telemetrySamples: 10, telemetryWarmup: 3, restartReps: 5, monitorReps: 2, startupReps: 8 } as const;
/** The soak: candidate silence thresholds side by side for 10 minutes (SOAK_MS shortens it for a trial). */
const SOAK = { thresholdsMs: [300, 500, 800], durationMs: Number(process.env.SOAK_MS ?? 600_000) } as const;

/** Sections BENCH_ONLY may name; unset or empty runs everything but the soak. */
const ONLY_CHOICES = ['restart', 'viewer', 'soak', 'monitor', 'startup', 'bitrates', 'bitrate-soak', 'cipher'] as const;
type Only = (typeof ONLY_CHOICES)[number];

function benchOnly(value: string | undefined): Only | null {
  if (value === undefined || value === '') return null;
  if ((ONLY_CHOICES as readonly string[]).includes(value)) return value as Only;
  throw new Error(`BENCH_ONLY=${value} is not a scenario; use ${ONLY_CHOICES.join(', ')} or leave it unset`);
}

/** Vary the disruption moment across the 2 s GOP so the cached GOP is sometimes fresh, sometimes nearly full. */
function steadyMsOf(rep: number): number {
  return 2500 + ((rep * 730) % 2000);
}

async function machine(ffmpegVersion: string | null) {
  const osRelease = await readFile('/etc/os-release', 'utf8').catch(() => '');
  const libsrt = await run('pkg-config', ['--modversion', 'srt']).then((r) => r.stdout.trim()).catch(() => null);
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    os: /^PRETTY_NAME="?([^"\n]*)"?/m.exec(osRelease)?.[1] ?? process.platform,
    node: process.version,
    ffmpeg: ffmpegVersion,
    libsrt,
  };
}

async function cleanupEverything(): Promise<void> {
  await stopAllManagedProcesses();
  await killAllSrtTestListeners();
  await removeRunDir();
}

async function main(): Promise<void> {
  const began = performance.now();
  const only = benchOnly(process.env.BENCH_ONLY);
  const probe = await discoverFfmpeg({ env: process.env, platform: 'linux' });
  assertCanBroadcast(probe);
  await compileSrtTestListener();
  // Warm the disk cache for ffmpeg and libx265 so the first repetition is not the only cold one.
  await run(probe.path, ['-hide_banner', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-t', '0.5', '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-f', 'null', '-']);

  const failover = only === null || only === 'startup' ? await runFailoverReps(probe) : null;
  const startupPairs = only === 'startup' ? await runStartupPairs(probe, PLAN.startupReps) : null;
  const steady = only ? null : await runSteadyReps(probe);
  const telemetry = only ? null : await runTelemetryOnce(probe);
  const restart = only === null || only === 'restart' ? await runRestartReps(probe) : null;
  const scenarios = pickScenarios(process.env.BENCH_SCENARIOS);
  const viewer = only === null || only === 'viewer' ? await runViewerImpact(probe, scenarios) : null;
  const soak = only === 'soak' ? await runSuspicionSoak(probe, SOAK.thresholdsMs, SOAK.durationMs) : null;
  const monitorCost = only === null || only === 'monitor' ? await runMonitorCost(probe, PLAN.monitorReps, PLAN.cpuWindowMs, PLAN.settleMs) : null;
  const bitrates = only === null || only === 'bitrates' ? await runBitrateSection(probe) : null;
  const bitrateSoak = only === 'bitrate-soak' ? await runBitrateSoak(probe) : null;
  const cipherCost = only === null || only === 'cipher' ? runCipherCost() : null;

  const raw: RawResults | null = failover && steady && telemetry && restart ? { failover, steady, telemetry, restart } : null;
  const startupSamples: StartupSamples | null = raw
    ? startupSamplesOf(raw)
    : startupPairs && { engine: startupPairs.map((p) => p.engineMs), plain: startupPairs.map((p) => p.plainMs), source: `${startupPairs.length} pairs, engine and plain ffmpeg alternating which goes first, each stopped at its first byte.` };
  const report = {
    benchmark: 'SRT Companion broadcast engine vs plain ffmpeg (same run, same encode)',
    date: new Date().toISOString(),
    machine: await machine(probe.version ?? null),
    settings: {
      video: `${BENCH.width}x${BENCH.height}@${BENCH.fps} libx265 ${BENCH.preset}, ${BENCH.bitrateKbps} kbps CBR, keyframe every ${BENCH.keyintSeconds} s, testsrc2 with the clock overlay`,
      audio: 'AAC 128 kbps 48 kHz (sine tone)',
      srtLatencyMs: BENCH.latencyMs,
      engine: `failover mode, default timings (silence threshold ${DEFAULT_SILENCE_MS} ms, suspicion grace ${FAILOVER_DEFAULTS.suspectGraceMs} ms, encoder restart after ${DEFAULT_ENCODER_RESTART.backoff.initialMs} ms)`,
      network: '127.0.0.1; libsrt test listener; user-space UDP proxy for blackhole/delay',
    },
    only,
    failover: failover ? failoverSection(failover) : null,
    startup: startupSamples ? startupSection(startupSamples) : null,
    cpu: steady ? cpuSection(steady) : null,
    latency: steady ? latencySection(steady) : null,
    telemetry: telemetry ? telemetrySection(telemetry) : null,
    encoderRestart: restart ? encoderRestartSection(restart) : null,
    viewerImpact: viewer ? viewerImpactSection(viewer, scenarios) : null,
    falseSuspicionSoak: soak ? suspicionSoakSection(soak) : null,
    monitorCost,
    bitrates: bitrates ? bitrateSection(bitrates) : null,
    bitrateSoak: bitrateSoak ? bitrateSoakSection(bitrateSoak) : null,
    tapEncryptionCost: cipherCost,
    runtimeS: Math.round((performance.now() - began) / 100) / 10,
  };
  const json = JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
  await mkdir('.bench', { recursive: true });
  const file = join('.bench', only ? `latest-${only}.json` : 'latest.json');
  await writeFile(file, `${json}\n`);
  process.stdout.write(`${json}\n`);
  log(`done in ${report.runtimeS} s; also written to ${file}`);
}

function pickScenarios(names: string | undefined): typeof SCENARIOS {
  if (!names) return SCENARIOS;
  const wanted = names.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = wanted.filter((n) => !SCENARIOS.some((sc) => sc.name === n));
  if (unknown.length > 0) throw new Error(`BENCH_SCENARIOS: no scenario ${unknown.join(', ')}; choose from ${SCENARIOS.map((sc) => sc.name).join(', ')}`);
  return SCENARIOS.filter((sc) => wanted.includes(sc.name));
}

async function runFailoverReps(probe: FfmpegProbe): Promise<RawResults['failover']> {
  const failover = { engine: [] as EngineFailoverResult[], plain: [] as PlainFailoverResult[] };
  for (let i = 0; i < PLAN.failoverReps; i++) {
    const steadyMs = steadyMsOf(i);
    log(`failover ${i + 1}/${PLAN.failoverReps} (blackhole ${steadyMs} ms after the first byte)`);
    failover.engine.push(await runEngineFailover(probe, steadyMs));
    failover.plain.push(await runPlainFailover(probe, steadyMs));
  }
  return failover;
}

async function runSteadyReps(probe: FfmpegProbe): Promise<RawResults['steady']> {
  const steady = { engine: [] as SteadyResult[], plain: [] as SteadyResult[] };
  for (let i = 0; i < PLAN.steadyReps; i++) {
    log(`steady state ${i + 1}/${PLAN.steadyReps} (${PLAN.cpuWindowMs / 1000} s CPU window each)`);
    // Alternate the order so slow drift of the machine does not favour one path.
    if (i % 2 === 0) {
      steady.engine.push(await runEngineSteady(probe, PLAN.cpuWindowMs, PLAN.settleMs));
      steady.plain.push(await runPlainSteady(probe, PLAN.cpuWindowMs, PLAN.settleMs));
    } else {
      steady.plain.push(await runPlainSteady(probe, PLAN.cpuWindowMs, PLAN.settleMs));
      steady.engine.push(await runEngineSteady(probe, PLAN.cpuWindowMs, PLAN.settleMs));
    }
  }
  return steady;
}

function runTelemetryOnce(probe: FfmpegProbe): Promise<TelemetryResult> {
  log('telemetry accuracy (50 ms each way)');
  return runTelemetry(probe, PLAN.telemetrySamples, PLAN.telemetryWarmup);
}

async function runRestartReps(probe: FfmpegProbe): Promise<RawResults['restart']> {
  const restart: RawResults['restart'] = { engine: [], plain: [] };
  for (let i = 0; i < PLAN.restartReps; i++) {
    const steadyMs = steadyMsOf(i);
    log(`encoder restart ${i + 1}/${PLAN.restartReps} (SIGKILL ${steadyMs} ms after the first byte)`);
    restart.engine.push(await runEngineRestart(probe, steadyMs));
    restart.plain.push(await runPlainRestart(probe, steadyMs));
  }
  return restart;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping every child`);
    void cleanupEverything().finally(() => process.exit(130));
  });
}

try {
  await main();
} catch (err) {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
} finally {
  await cleanupEverything();
  const left = listManagedProcesses();
  if (left.length > 0) log(`still running after cleanup: ${left.map((p) => `${p.name}(${p.pid})`).join(', ')}`);
}
