// Probing real binaries: the system ffmpeg, a stand-in for a build without libsrt, and things that are not ffmpeg.
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/appError';
import { fluentCapabilityLister, type CapabilityLister } from '../../src/main/ffmpeg/fluentCapabilities';
import { createProbeCache } from '../../src/main/ffmpeg/probeCache';
import { assertCanBroadcast, discoverFfmpeg, probeFfmpeg } from '../../src/main/ffmpeg/probeFfmpeg';
import { runFfmpegOnce, type RunFfmpeg } from '../../src/main/ffmpeg/runFfmpegOnce';
import type { FfmpegProbe } from '../../src/shared/ffmpegCapabilities';
import { isAlive, systemFfmpeg, writeFilteringWrapper, writeScript } from './fakeBinaries';

let dir: string;
let realFfmpeg: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'probe-ffmpeg-'));
  realFfmpeg = await systemFfmpeg();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The real runner and lister, counting every ffmpeg they are asked to run. */
function counting(): { run: RunFfmpeg; lister: CapabilityLister; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    run: (path, args, options) => {
      calls.push(args.join(' '));
      return runFfmpegOnce(path, args, options);
    },
    lister: {
      encoders: (path, timeoutMs) => (calls.push('-encoders'), fluentCapabilityLister.encoders(path, timeoutMs)),
      formats: (path, timeoutMs) => (calls.push('-formats'), fluentCapabilityLister.formats(path, timeoutMs)),
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('the system ffmpeg (Debian 5.1 with libsrt and libx265, no GPU)', () => {
  let probe: FfmpegProbe;

  beforeAll(async () => {
    probe = await discoverFfmpeg({ env: { PATH: dirname(realFfmpeg) }, platform: 'linux', bundledPath: null, deps: { cache: createProbeCache() } });
  });

  it('is found on PATH with its version and ffprobe', () => {
    expect(probe.path).toBe(realFfmpeg);
    expect(probe.source).toBe('PATH');
    expect(probe.version).toMatch(/^\d+\.\d+/);
    expect(probe.major).toBeGreaterThanOrEqual(5);
    expect(probe.ffprobePath).toBe(join(dirname(realFfmpeg), 'ffprobe'));
  });

  it('can send SRT, write MPEG-TS and encode AAC, and libx265 encodes a frame', () => {
    expect(probe.srtOutput).toBe(true);
    expect(probe.mpegtsMuxer).toBe(true);
    expect(probe.aacEncoder).toBe(true);
    expect(probe.hevcEncoders[0]).toMatchObject({ name: 'libx265', hardware: false, works: true });
    expect(() => assertCanBroadcast(probe)).not.toThrow();
  });

  it('lists the hardware encoders it was built with, each failing here with a reason', () => {
    const hardware = probe.hevcEncoders.filter((e) => e.hardware);
    expect(hardware.map((e) => e.name)).toEqual(expect.arrayContaining(['hevc_nvenc', 'hevc_vaapi']));
    for (const encoder of hardware) {
      if (!encoder.works) expect(encoder.reason, encoder.name).toMatch(/\S/);
    }
    if (!existsSync('/dev/dri/renderD128')) {
      expect(probe.hevcEncoders.find((e) => e.name === 'hevc_vaapi')).toMatchObject({ works: false, reason: expect.stringContaining('/dev/dri/renderD128') });
    }
  });

  it('finds the Linux capture inputs', () => {
    expect(probe.captureBackends).toEqual(expect.arrayContaining(['x11grab', 'v4l2', 'pulse', 'alsa', 'lavfi']));
    expect(probe.captureBackends).not.toContain('dshow');
  });
});

describe('a build without libsrt', () => {
  it('is refused by assertCanBroadcast with a message naming the binary', async () => {
    // This script stands in for an ffmpeg built without libsrt: it is the real ffmpeg with `srt` removed from -protocols.
    const noSrt = writeFilteringWrapper(dir, 'ffmpeg-no-srt', realFfmpeg, '-protocols', '^ +srt$');
    const probe = await probeFfmpeg(noSrt, { platform: 'linux', source: 'FFMPEG_PATH', deps: { cache: createProbeCache() } });
    expect(probe.srtOutput).toBe(false);
    expect(probe.hevcEncoders.find((e) => e.name === 'libx265')?.works).toBe(true);
    let err: unknown;
    try {
      assertCanBroadcast(probe);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ kind: 'ffmpeg', code: 'ffmpeg_no_srt' });
    expect((err as AppError).message).toContain(`ffmpeg at ${noSrt} (from FFMPEG_PATH)`);
    expect((err as AppError).message).toContain('libsrt');
  });
});

describe('binaries that are not a working ffmpeg', () => {
  const probeOf = (path: string, timeoutMs = 5_000): Promise<FfmpegProbe> =>
    probeFfmpeg(path, { platform: 'linux', timeoutMs, deps: { cache: createProbeCache() } });

  it('exits 1 and prints nothing', async () => {
    const fake = writeScript(dir, 'silent-fail', 'exit 1');
    const err = await rejection(probeOf(fake));
    expect(err.code).toBe('ffmpeg_unusable');
    expect(err.message).toContain(fake);
    expect(err.message).toContain('exited with code 1 and printed nothing');
  });

  it('prints something that is not ffmpeg', async () => {
    const fake = writeScript(dir, 'garbage', 'echo "hello from a shell script"');
    const err = await rejection(probeOf(fake));
    expect(err.code).toBe('ffmpeg_unusable');
    expect(err.message).toContain(`${fake} does not look like ffmpeg`);
    expect(err.message).toContain('hello from a shell script');
  });

  it('crashes', async () => {
    const fake = writeScript(dir, 'crash', 'kill -SEGV $$');
    const err = await rejection(probeOf(fake));
    expect(err.message).toContain(`${fake} crashed on \`ffmpeg -version\` (SIGSEGV)`);
  });

  it('is not executable', async () => {
    const fake = writeScript(dir, 'noexec', 'exit 0', 0o644);
    const err = await rejection(probeOf(fake));
    expect(err.message).toContain(`${fake} could not be started (is not executable)`);
  });

  it('does not exist', async () => {
    const err = await rejection(probeOf(join(dir, 'absent')));
    expect(err.code).toBe('ffmpeg_not_found');
    expect(err.message).toContain(join(dir, 'absent'));
  });

  it('hangs: the probe gives up and kills it and what it started', async () => {
    const pidFile = join(dir, 'hang.pid');
    const fake = writeScript(dir, 'hang', `sleep 30 &\necho $! > "${pidFile}"\nwait`);
    const err = await rejection(probeOf(fake, 500));
    expect(err.message).toContain(`${fake} did not answer \`ffmpeg -version\` in time`);
    const sleeper = Number(readFileSync(pidFile, 'utf8'));
    expect(isAlive(sleeper)).toBe(false);
  });
});

describe('the probe cache', () => {
  it('returns the same object without running ffmpeg again, and shares a probe in flight', async () => {
    const wrapper = writeScript(dir, 'ffmpeg-cached', `exec "${realFfmpeg}" "$@"`);
    const { run, lister, calls } = counting();
    const cache = createProbeCache();
    const options = { platform: 'linux' as const, deps: { run, lister, cache } };
    const [first, concurrent] = await Promise.all([probeFfmpeg(wrapper, options), probeFfmpeg(wrapper, options)]);
    expect(concurrent).toBe(first);
    const spawnsForOneProbe = calls.length;
    expect(calls.filter((c) => c === '-version')).toHaveLength(1);
    expect(spawnsForOneProbe).toBeGreaterThanOrEqual(5);

    expect(await probeFfmpeg(wrapper, options)).toBe(first);
    expect(calls).toHaveLength(spawnsForOneProbe);

    const forced = await probeFfmpeg(wrapper, { ...options, force: true });
    expect(forced).not.toBe(first);
    expect(calls).toHaveLength(2 * spawnsForOneProbe);

    // Replacing the binary (here: a new mtime) makes the cached entry unreachable.
    utimesSync(wrapper, new Date(), new Date(Date.now() + 60_000));
    const afterUpdate = await probeFfmpeg(wrapper, options);
    expect(afterUpdate).not.toBe(forced);
    expect(calls).toHaveLength(3 * spawnsForOneProbe);
  });
});
