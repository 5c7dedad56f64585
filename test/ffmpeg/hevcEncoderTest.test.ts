// One-frame test encodes: the argument lists per encoder, the concurrency limit, the bounded runner.
import { describe, expect, it } from 'vitest';
import { encodeTestArgs, mapWithConcurrency, testHevcEncoders } from '../../src/main/ffmpeg/hevcEncoderTest';
import { runFfmpegOnce, type RunFfmpeg, type RunResult } from '../../src/main/ffmpeg/runFfmpegOnce';
import { systemFfmpeg } from './fakeBinaries';

describe('encodeTestArgs', () => {
  it('encodes one 256x144 frame to the null muxer with libx265, quietly', () => {
    expect(encodeTestArgs('libx265')).toEqual([
      '-hide_banner', '-nostdin', '-loglevel', 'error',
      '-f', 'lavfi', '-i', 'color=s=256x144', '-frames:v', '1',
      '-pix_fmt', 'yuv420p', '-x265-params', 'log-level=error',
      '-c:v', 'libx265', '-f', 'null', '-',
    ]);
  });

  it('opens the VAAPI device before the input and uploads NV12 frames', () => {
    const args = encodeTestArgs('hevc_vaapi', { vaapiDevice: '/dev/dri/renderD129' });
    expect(args.indexOf('-vaapi_device')).toBeLessThan(args.indexOf('-i'));
    expect(args[args.indexOf('-vaapi_device') + 1]).toBe('/dev/dri/renderD129');
    expect(args[args.indexOf('-vf') + 1]).toBe('format=nv12,hwupload');
    expect(encodeTestArgs('hevc_vaapi')).toContain('/dev/dri/renderD128');
  });

  it.each(['hevc_nvenc', 'hevc_qsv', 'hevc_amf', 'hevc_videotoolbox', 'hevc_mf', 'hevc_v4l2m2m'] as const)('feeds %s NV12 frames', (name) => {
    const args = encodeTestArgs(name);
    expect(args[args.indexOf('-pix_fmt') + 1]).toBe('nv12');
    expect(args[args.indexOf('-c:v') + 1]).toBe(name);
    expect(args).not.toContain('-vaapi_device');
  });
});

describe('mapWithConcurrency', () => {
  it('never runs more than the limit at once and keeps the input order', async () => {
    let running = 0;
    let peak = 0;
    const release: Array<() => void> = [];
    const done = mapWithConcurrency([1, 2, 3, 4, 5], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise<void>((resolve) => release.push(resolve));
      running--;
      return n * 10;
    });
    // Release the waiting tasks one at a time, last-started first, until all five have run.
    for (let released = 0; released < 5; released++) {
      while (release.length === 0) await Promise.resolve();
      release.pop()?.();
      await Promise.resolve();
    }
    expect(await done).toEqual([10, 20, 30, 40, 50]);
    expect(peak).toBe(2);
  });
});

describe('testHevcEncoders reasons', () => {
  const canned = (result: Partial<RunResult>): RunFfmpeg => async () => ({
    end: 'exited', exitCode: 1, signal: null, stdout: '', stderr: '', durationMs: 12.4, ...result,
  });
  const options = { timeoutMs: 3000, concurrency: 2 };

  it('reports a timeout, a failed start, a signal and a stderr line as reasons; success has none', async () => {
    const cases: Array<[Partial<RunResult>, string | undefined]> = [
      [{ end: 'timed-out', exitCode: null, signal: 'SIGKILL' }, 'no frame within 3000 ms'],
      [{ end: 'spawn-failed', exitCode: null, spawnErrorCode: 'EACCES' }, 'ffmpeg could not be started (EACCES)'],
      [{ exitCode: null, signal: 'SIGSEGV' }, 'ffmpeg was killed by SIGSEGV'],
      [{ stderr: '[hevc_nvenc @ 0x55] OpenEncodeSessionEx failed: unsupported device (2): (no details)\n' }, 'OpenEncodeSessionEx failed: unsupported device (2): (no details)'],
      [{ exitCode: 0 }, undefined],
    ];
    for (const [result, reason] of cases) {
      const [status] = await testHevcEncoders('/x/ffmpeg', ['hevc_nvenc'], { ...options, run: canned(result) });
      expect(status).toMatchObject({ name: 'hevc_nvenc', hardware: true, works: reason === undefined, testMs: 12 });
      expect(status?.reason).toBe(reason);
    }
  });

  it('redacts secrets that reach a reason line', async () => {
    const stderr = '[srt @ 0x1] Connection to srt://host:5001?streamid=123#08cd54f0 failed\n';
    const [status] = await testHevcEncoders('/x/ffmpeg', ['libx265'], { ...options, run: canned({ stderr }) });
    expect(status?.reason).toContain('streamid=123#****');
    expect(status?.reason).not.toContain('08cd54f0');
  });
});

describe('runFfmpegOnce', () => {
  it('caps captured output at maxOutputBytes', async () => {
    const result = await runFfmpegOnce(await systemFfmpeg(), ['-hide_banner', '-filters'], { timeoutMs: 10_000, maxOutputBytes: 1000 });
    expect(result).toMatchObject({ end: 'exited', exitCode: 0 });
    expect(Buffer.byteLength(result.stdout)).toBe(1000);
  });

  it('reports a binary that does not exist as a failed start', async () => {
    const result = await runFfmpegOnce('/nonexistent/ffmpeg', ['-version'], { timeoutMs: 10_000 });
    expect(result).toMatchObject({ end: 'spawn-failed', spawnErrorCode: 'ENOENT', exitCode: null });
  });
});
