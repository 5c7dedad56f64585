// The probe's assembly and its on-disk cache, driven by a runner that answers with the Debian 5.1 fixture captures.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CapabilityLister, EncoderInfo } from '../../src/main/ffmpeg/fluentCapabilities';
import { createProbeCache, PROBE_CACHE_FILE } from '../../src/main/ffmpeg/probeCache';
import { probeFfmpeg, type ProbeFfmpegOptions } from '../../src/main/ffmpeg/probeFfmpeg';
import type { RunFfmpeg } from '../../src/main/ffmpeg/runFfmpegOnce';

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/ffmpeg/${name}`, import.meta.url), 'utf8');
}

const WINDOWS_DEVICES = 'Devices:\n D. = Demuxing supported\n .E = Muxing supported\n ---\n D  dshow           DirectShow capture\n D  gdigrab         GDI API Windows frame grabber\n D  lavfi           Libavfilter virtual input device\n';
const WINDOWS_FILTERS = 'Filters:\n ... ddagrab           |->V       Grab Windows Desktop images using Desktop Duplication API\n';

/** A stand-in for ffmpeg that replays the captured Debian outputs (and Windows-shaped device/filter lists on win32). */
function replayingFfmpeg(platform: 'linux' | 'win32' = 'linux'): { run: RunFfmpeg; lister: CapabilityLister; calls: string[] } {
  const calls: string[] = [];
  const ok = (stdout: string) => ({ end: 'exited' as const, exitCode: 0, signal: null, stdout, stderr: '', durationMs: 1 });
  const run: RunFfmpeg = async (_path, args) => {
    calls.push(args.join(' '));
    if (args.includes('-version')) return ok(fixture('debian-5.1-version.txt'));
    if (args.includes('-protocols')) return ok(fixture('debian-5.1-protocols.txt'));
    if (args.includes('-devices')) return ok(platform === 'win32' ? WINDOWS_DEVICES : fixture('debian-5.1-devices.txt'));
    if (args.includes('-filters')) return ok(platform === 'win32' ? WINDOWS_FILTERS : fixture('debian-5.1-filters.txt'));
    const encoder = args[args.indexOf('-c:v') + 1];
    if (encoder === 'libx265') return ok('');
    return { ...ok(''), exitCode: 1, stderr: fixture(`debian-5.1-encode-${encoder}.stderr.txt`) };
  };
  const video = (description: string): EncoderInfo => ({ type: 'video', description, experimental: false });
  const lister: CapabilityLister = {
    encoders: async () => {
      calls.push('-encoders');
      return new Map([
        ['hevc_nvenc', video('NVIDIA NVENC hevc encoder (codec hevc)')],
        ['libx265', video('libx265 H.265 / HEVC (codec hevc)')],
        ['libx264', video('libx264 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (codec h264)')],
        ['aac', { type: 'audio', description: 'AAC (Advanced Audio Coding)', experimental: false }],
      ]);
    },
    formats: async () => {
      calls.push('-formats');
      return new Map([['mpegts', { description: 'MPEG-TS (MPEG-2 Transport Stream)', canDemux: true, canMux: true }]]);
    },
  };
  return { run, lister, calls };
}

let dir: string;
let binary: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'probe-cache-'));
  binary = join(dir, 'ffmpeg');
  writeFileSync(binary, 'stands in for a binary: only its size and mtime are read');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('probe assembly', () => {
  it('builds the whole probe from the Debian outputs', async () => {
    const { run, lister } = replayingFfmpeg();
    const probe = await probeFfmpeg(binary, { platform: 'linux', source: 'PATH', deps: { run, lister, cache: createProbeCache(), nowMs: () => 1_700_000_000_000 } });
    expect({ ...probe, probeDurationMs: 0 }).toEqual({
      path: binary,
      source: 'PATH',
      ffprobePath: null,
      platform: 'linux',
      version: '5.1.9',
      major: 5,
      minor: 1,
      gitBuild: false,
      srtOutput: true,
      mpegtsMuxer: true,
      aacEncoder: true,
      hevcEncoders: [
        { name: 'libx265', hardware: false, works: true, testMs: 1 },
        { name: 'hevc_nvenc', hardware: true, works: false, reason: 'Cannot load libcuda.so.1', testMs: 1 },
      ],
      captureBackends: ['x11grab', 'kmsgrab', 'v4l2', 'pulse', 'alsa', 'lavfi'],
      probedAtMs: 1_700_000_000_000,
      probeDurationMs: 0,
    });
  });

  it('on Windows looks for dshow, gdigrab, the ddagrab filter and lavfi', async () => {
    const { run, lister, calls } = replayingFfmpeg('win32');
    const probe = await probeFfmpeg(binary, { platform: 'win32', deps: { run, lister, cache: createProbeCache() } });
    expect(probe.captureBackends).toEqual(['dshow', 'gdigrab', 'ddagrab', 'lavfi']);
    expect(calls).toContain('-hide_banner -filters');
  });
});

describe('the memory cache', () => {
  it('answers a second caller with another source from the cache, labelled with that source', async () => {
    const { run, lister, calls } = replayingFfmpeg();
    const cache = createProbeCache();
    const fromPath = await probeFfmpeg(binary, { platform: 'linux', source: 'PATH', deps: { run, lister, cache } });
    const spawns = calls.length;
    const fromEnv = await probeFfmpeg(binary, { platform: 'linux', source: 'FFMPEG_PATH', deps: { run, lister, cache } });
    expect(calls).toHaveLength(spawns);
    expect(fromEnv).toEqual({ ...fromPath, source: 'FFMPEG_PATH' });
    expect(fromPath.source).toBe('PATH');
  });
});

describe('the on-disk probe cache', () => {
  const options = (deps: ProbeFfmpegOptions['deps'], nowMs = 5_000_000): ProbeFfmpegOptions => ({
    platform: 'linux',
    cacheDir: join(dir, 'cache'),
    maxCacheAgeMs: 60_000,
    deps: { nowMs: () => nowMs, ...deps },
  });

  it('is read back by another process (a new memory cache) without running ffmpeg', async () => {
    const first = replayingFfmpeg();
    const probe = await probeFfmpeg(binary, options({ ...first, cache: createProbeCache() }));
    expect(JSON.parse(readFileSync(join(dir, 'cache', PROBE_CACHE_FILE), 'utf8'))).toMatchObject({ schema: 1 });

    const second = replayingFfmpeg();
    const again = await probeFfmpeg(binary, options({ ...second, cache: createProbeCache() }, 5_030_000));
    expect(again).toEqual(probe);
    expect(second.calls).toEqual([]);
  });

  it('probes again when the entry is older than maxCacheAgeMs', async () => {
    await probeFfmpeg(binary, options({ ...replayingFfmpeg(), cache: createProbeCache() }));
    const later = replayingFfmpeg();
    const probe = await probeFfmpeg(binary, options({ ...later, cache: createProbeCache() }, 5_060_001));
    expect(later.calls.length).toBeGreaterThan(0);
    expect(probe.probedAtMs).toBe(5_060_001);
  });

  it('ignores and replaces a damaged file', async () => {
    const cacheDir = join(dir, 'cache');
    await probeFfmpeg(binary, options({ ...replayingFfmpeg(), cache: createProbeCache() }));
    writeFileSync(join(cacheDir, PROBE_CACHE_FILE), '{"schema":1,"entries":{"x":{"path":3}}');
    const next = replayingFfmpeg();
    await probeFfmpeg(binary, options({ ...next, cache: createProbeCache() }));
    expect(next.calls.length).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(cacheDir, PROBE_CACHE_FILE), 'utf8')).schema).toBe(1);
  });

  it('keeps the newest 8 binaries', async () => {
    const cache = createProbeCache();
    for (let i = 0; i < 10; i++) {
      const file = join(dir, `ffmpeg-${i}`);
      writeFileSync(file, 'x');
      await probeFfmpeg(file, options({ ...replayingFfmpeg(), cache }, 5_000_000 + i));
    }
    const entries = Object.values(JSON.parse(readFileSync(join(dir, 'cache', PROBE_CACHE_FILE), 'utf8')).entries) as Array<{ path: string }>;
    expect(entries.map((e) => e.path).sort()).toEqual([2, 3, 4, 5, 6, 7, 8, 9].map((i) => join(dir, `ffmpeg-${i}`)).sort());
  });

  it('is written 0600 in a 0700 folder, whatever the umask', async () => {
    const previousUmask = process.umask(0o022);
    try {
      await probeFfmpeg(binary, options({ ...replayingFfmpeg(), cache: createProbeCache() }));
    } finally {
      process.umask(previousUmask);
    }
    expect(statSync(join(dir, 'cache')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'cache', PROBE_CACHE_FILE)).mode & 0o777).toBe(0o600);
  });

  it('tightens a world-readable folder and file left by an older version', async () => {
    const cacheDir = join(dir, 'cache');
    mkdirSync(cacheDir);
    chmodSync(cacheDir, 0o755);
    writeFileSync(join(cacheDir, PROBE_CACHE_FILE), '{}', { mode: 0o644 });
    await probeFfmpeg(binary, options({ ...replayingFfmpeg(), cache: createProbeCache() }));
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(cacheDir, PROBE_CACHE_FILE)).mode & 0o777).toBe(0o600);
  });

  it('does not fail the probe when the cache folder cannot be written', async () => {
    writeFileSync(join(dir, 'cache'), 'a file where the folder should be');
    const probe = await probeFfmpeg(binary, options({ ...replayingFfmpeg(), cache: createProbeCache() }));
    expect(probe.srtOutput).toBe(true);
  });
});
