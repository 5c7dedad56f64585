// Probes an ffmpeg binary once (version, SRT, HEVC encoders by test encode, AAC, capture inputs) and refuses unusable ones.
import { AppError } from '../appError';
import { redact } from '../redact';
import { HEVC_ENCODERS, type CaptureBackend, type DesktopPlatform, type FfmpegProbe, type FfmpegSource } from '../../shared/ffmpegCapabilities';
import { fluentCapabilityLister, type CapabilityLister } from './fluentCapabilities';
import { testHevcEncoders } from './hevcEncoderTest';
import { findFfprobeBeside, installHint, resolveFfmpeg, type LocateFfmpegOptions } from './locateFfmpeg';
import { parseDevices, parseFilterNames, parseProtocols, parseVersion, type FfmpegVersion } from './parseFfmpegOutput';
import { probeCacheKey, sharedProbeCache, type ProbeCache } from './probeCache';
import { runFfmpegOnce, type RunFfmpeg, type RunResult } from './runFfmpegOnce';

/** Options of `probeFfmpeg`; only `platform` is required. */
export interface ProbeFfmpegOptions {
  platform: DesktopPlatform;
  /** Bound on each listing command (-version, -protocols…); default 10 s. */
  timeoutMs?: number;
  /** Bound on each one-frame test encode; default 15 s. */
  encodeTestTimeoutMs?: number;
  /** Test encodes at once; default 2. */
  encodeTestConcurrency?: number;
  /** Where the path came from, recorded in the result. */
  source?: FfmpegSource | null;
  /** Folder for the JSON probe cache; memory only without it. */
  cacheDir?: string;
  /** Re-probe results older than this; default 24 h. */
  maxCacheAgeMs?: number;
  /** Ignore cached results (a "probe again" button). */
  force?: boolean;
  /** DRM render node for hevc_vaapi. */
  vaapiDevice?: string;
  /** Seams for tests: the process runner, the encoder/format lister, the cache and the wall clock. */
  deps?: { run?: RunFfmpeg; lister?: CapabilityLister; cache?: ProbeCache; nowMs?: () => number };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Capture inputs worth looking for on each platform; `lavfi` is the test pattern everywhere. */
const CAPTURE_CANDIDATES: Record<DesktopPlatform, readonly CaptureBackend[]> = {
  linux: ['x11grab', 'kmsgrab', 'v4l2', 'pulse', 'alsa', 'lavfi'],
  darwin: ['avfoundation', 'lavfi'],
  win32: ['dshow', 'gdigrab', 'ddagrab', 'lavfi'],
};

function unusable(ffmpegPath: string, problem: string): AppError {
  return new AppError('ffmpeg', 'ffmpeg_unusable', `${ffmpegPath} ${problem}: point FFMPEG_PATH or the ffmpeg setting at a working ffmpeg, or reinstall it.`);
}

/** Turns a failed informational run into the sentence that says what is wrong with the binary. */
function describeFailedRun(result: RunResult, what: string): string {
  if (result.end === 'spawn-failed') {
    const why: Record<string, string> = { ENOENT: 'does not exist', EACCES: 'is not executable', ENOEXEC: 'is not a program this system can run' };
    return `could not be started (${why[result.spawnErrorCode ?? ''] ?? result.spawnErrorCode ?? 'unknown error'})`;
  }
  if (result.end === 'timed-out') return `did not answer \`ffmpeg ${what}\` in time`;
  if (result.exitCode === null) return `crashed on \`ffmpeg ${what}\` (${result.signal ?? 'killed'})`;
  const output = redact((result.stdout + result.stderr).trim().split(/\r?\n/)[0]?.slice(0, 80) ?? '');
  return output.length > 0
    ? `does not look like ffmpeg (\`${what}\` exited with code ${result.exitCode} and printed "${output}")`
    : `does not look like ffmpeg (\`${what}\` exited with code ${result.exitCode} and printed nothing)`;
}

async function runInfo(run: RunFfmpeg, ffmpegPath: string, flag: string, timeoutMs: number): Promise<string> {
  const result = await run(ffmpegPath, ['-hide_banner', flag], { timeoutMs });
  if (result.end !== 'exited' || result.exitCode !== 0) throw unusable(ffmpegPath, describeFailedRun(result, flag));
  return result.stdout;
}

async function readVersion(run: RunFfmpeg, ffmpegPath: string, timeoutMs: number): Promise<FfmpegVersion> {
  // Without -hide_banner: the library versions in the banner date a git master build.
  const result = await run(ffmpegPath, ['-version'], { timeoutMs });
  if (result.end !== 'exited' || result.exitCode !== 0) throw unusable(ffmpegPath, describeFailedRun(result, '-version'));
  const version = parseVersion(result.stdout);
  if (!version) throw unusable(ffmpegPath, describeFailedRun({ ...result, exitCode: 0 }, '-version'));
  return version;
}

async function measure(ffmpegPath: string, options: ProbeFfmpegOptions, nowMs: () => number): Promise<FfmpegProbe> {
  const { platform } = options;
  const run = options.deps?.run ?? runFfmpegOnce;
  const lister = options.deps?.lister ?? fluentCapabilityLister;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const startedMs = performance.now();

  // -version first, with our own bounded runner: it weeds out binaries that hang, crash or are not ffmpeg.
  const version = await readVersion(run, ffmpegPath, timeoutMs);
  const [protocolsText, devicesText, filtersText, encoders, formats, ffprobePath] = await Promise.all([
    runInfo(run, ffmpegPath, '-protocols', timeoutMs),
    runInfo(run, ffmpegPath, '-devices', timeoutMs),
    // Only Windows needs the filter list (ddagrab is a filter, in ffmpeg 6.0 and later).
    platform === 'win32' ? runInfo(run, ffmpegPath, '-filters', timeoutMs) : Promise.resolve(''),
    lister.encoders(ffmpegPath, timeoutMs),
    lister.formats(ffmpegPath, timeoutMs),
    findFfprobeBeside(ffmpegPath, platform),
  ]);

  const listedHevc = HEVC_ENCODERS.filter((name) => encoders.get(name)?.type === 'video');
  const hevcEncoders = await testHevcEncoders(ffmpegPath, listedHevc, {
    run,
    timeoutMs: options.encodeTestTimeoutMs ?? 15_000,
    concurrency: options.encodeTestConcurrency ?? 2,
    platform,
    ...(options.vaapiDevice ? { vaapiDevice: options.vaapiDevice } : {}),
  });

  const devices = parseDevices(devicesText);
  const filters = new Set(parseFilterNames(filtersText));
  const available = new Set<string>([...devices.inputs, ...(filters.has('ddagrab') ? ['ddagrab'] : [])]);
  return {
    path: ffmpegPath,
    source: options.source ?? null,
    ffprobePath,
    platform,
    ...version,
    srtOutput: parseProtocols(protocolsText).output.includes('srt'),
    mpegtsMuxer: formats.get('mpegts')?.canMux === true,
    aacEncoder: encoders.get('aac')?.type === 'audio',
    hevcEncoders,
    captureBackends: CAPTURE_CANDIDATES[platform].filter((backend) => available.has(backend)),
    probedAtMs: nowMs(),
    probeDurationMs: Math.round(performance.now() - startedMs),
  };
}

/**
 * Measures what the ffmpeg at `ffmpegPath` can do. Results are cached per binary (path + size +
 * mtime), so a second call returns the same object at once; concurrent calls share one probe.
 * Throws AppError('ffmpeg', 'ffmpeg_not_found') when the file is missing and
 * AppError('ffmpeg', 'ffmpeg_unusable') when it does not run as ffmpeg; both name the path.
 */
export async function probeFfmpeg(ffmpegPath: string, options: ProbeFfmpegOptions): Promise<FfmpegProbe> {
  const nowMs = options.deps?.nowMs ?? Date.now;
  const cache = options.deps?.cache ?? sharedProbeCache;
  let key: string;
  try {
    key = await probeCacheKey(ffmpegPath, options.platform);
  } catch {
    throw new AppError('ffmpeg', 'ffmpeg_not_found', `ffmpeg not found at ${ffmpegPath}: ${installHint(options.platform)}.`);
  }
  const cacheOptions = { maxAgeMs: options.maxCacheAgeMs ?? DAY_MS, nowMs: nowMs(), ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}) };
  const source = options.source ?? null;
  const withSource = (probe: FfmpegProbe): FfmpegProbe => (probe.source === source ? probe : { ...probe, source });

  if (!options.force) {
    const cached = await cache.get(key, cacheOptions);
    if (cached) return withSource(cached);
  }
  const pending = cache.inFlight.get(key);
  if (pending) return withSource(await pending);
  const probing = measure(ffmpegPath, options, nowMs);
  cache.inFlight.set(key, probing);
  try {
    const probe = await probing;
    await cache.set(key, probe, cacheOptions);
    return probe;
  } finally {
    cache.inFlight.delete(key);
  }
}

function buildHint(platform: DesktopPlatform): string {
  return `use an ffmpeg built with libsrt and libx265 — ${installHint(platform)}`;
}

/**
 * Throws unless the probed binary can broadcast: SRT output, a working HEVC encoder, the AAC
 * encoder and the MPEG-TS muxer. Codes: ffmpeg_no_srt, ffmpeg_no_hevc, ffmpeg_no_aac, ffmpeg_no_mpegts.
 */
export function assertCanBroadcast(probe: FfmpegProbe): void {
  const binary = `ffmpeg at ${probe.path}${probe.source ? ` (from ${probe.source})` : ''}`;
  if (!probe.srtOutput) {
    throw new AppError('ffmpeg', 'ffmpeg_no_srt', `${binary} cannot send SRT (it was built without libsrt): ${buildHint(probe.platform)}.`);
  }
  if (!probe.hevcEncoders.some((e) => e.works)) {
    const tried = probe.hevcEncoders.map((e) => `${e.name}: ${e.reason ?? 'failed'}`);
    const libx265 = probe.hevcEncoders.some((e) => e.name === 'libx265') ? '' : 'libx265 is not built in';
    const details = [libx265, ...tried].filter((s) => s.length > 0).join('; ');
    throw new AppError('ffmpeg', 'ffmpeg_no_hevc', `${binary} has no working H.265 encoder (${details}): ${buildHint(probe.platform)}.`);
  }
  if (!probe.aacEncoder) {
    throw new AppError('ffmpeg', 'ffmpeg_no_aac', `${binary} has no AAC encoder: ${buildHint(probe.platform)}.`);
  }
  if (!probe.mpegtsMuxer) {
    throw new AppError('ffmpeg', 'ffmpeg_no_mpegts', `${binary} cannot write MPEG-TS: ${buildHint(probe.platform)}.`);
  }
}

/** Options of `discoverFfmpeg`: where to look, plus how to probe. */
export type DiscoverFfmpegOptions = LocateFfmpegOptions & Omit<ProbeFfmpegOptions, 'platform' | 'source'>;

/** Finds the ffmpeg to use (see resolveFfmpeg) and probes it. Does not judge it: call assertCanBroadcast for that. */
export async function discoverFfmpeg(options: DiscoverFfmpegOptions): Promise<FfmpegProbe> {
  const resolved = await resolveFfmpeg(options);
  return probeFfmpeg(resolved.path, { ...options, source: resolved.source });
}
