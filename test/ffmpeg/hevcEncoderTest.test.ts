// One-frame test encodes: the argument lists per encoder, the concurrency limit, the bounded runner.
import { describe, expect, it } from 'vitest';
import { buildEncoderTestArgs } from '../../src/main/ffmpeg/args/encoderArgs';
import { encodeTestArgs, mapWithConcurrency, testHevcEncoders } from '../../src/main/ffmpeg/hevcEncoderTest';
import { runFfmpegOnce, type RunFfmpeg, type RunResult } from '../../src/main/ffmpeg/runFfmpegOnce';
import { systemFfmpeg } from './fakeBinaries';

describe('encodeTestArgs', () => {
  /** The value after the first `name` in `args`. */
  const flag = (args: readonly string[], name: string) => args[args.indexOf(name) + 1];

  it('encodes one 256x144 frame to the null muxer with the broadcast flags of libx265, quietly', () => {
    const args = encodeTestArgs('libx265');
    expect(args.slice(0, 10)).toEqual(['-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=s=256x144:r=30', '-frames:v', '1']);
    expect(args.slice(-3)).toEqual(['-f', 'null', '-']);
    // The broadcast's flags family: zero-latency CBR with a fixed GOP and no B-frames.
    expect([flag(args, '-c:v'), flag(args, '-tune'), flag(args, '-b:v'), flag(args, '-maxrate')]).toEqual(['libx265', 'zerolatency', '500k', '500k']);
    expect(flag(args, '-x265-params')).toContain('bframes=0');
    expect(args).toEqual(buildEncoderTestArgs('libx265'));
  });

  it('opens the VAAPI device before the input and uploads NV12 frames, CBR like a broadcast', () => {
    const args = encodeTestArgs('hevc_vaapi', { vaapiDevice: '/dev/dri/renderD129' });
    expect(args.indexOf('-vaapi_device')).toBeLessThan(args.indexOf('-i'));
    expect(flag(args, '-vaapi_device')).toBe('/dev/dri/renderD129');
    expect(flag(args, '-vf')).toBe('setsar=1,format=nv12,hwupload');
    expect([flag(args, '-rc_mode'), flag(args, '-bf'), flag(args, '-idr_interval')]).toEqual(['CBR', '0', '0']);
    expect(encodeTestArgs('hevc_vaapi')).toContain('/dev/dri/renderD128');
  });

  it.each([
    ['hevc_nvenc', 'yuv420p', ['-rc', 'cbr']],
    ['hevc_qsv', 'nv12', ['-minrate', '500k']],
    ['hevc_amf', 'yuv420p', ['-rc', 'cbr']],
    ['hevc_videotoolbox', 'yuv420p', ['-realtime', '1']],
  ] as const)('tests %s with its broadcast flags and pixel format', (name, pixFmt, [key, value]) => {
    const args = encodeTestArgs(name, { platform: name === 'hevc_videotoolbox' ? 'darwin' : 'win32' });
    expect(flag(args, '-c:v')).toBe(name);
    expect(flag(args, '-pix_fmt')).toBe(pixFmt);
    expect(flag(args, '-bf')).toBe('0');
    expect(flag(args, key)).toBe(value);
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
