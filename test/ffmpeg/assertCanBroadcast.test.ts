// The verdict on a probe: which missing capability stops a broadcast, and what the message tells the user.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/appError';
import { assertCanBroadcast } from '../../src/main/ffmpeg/probeFfmpeg';
import { workingHevcEncoders, type FfmpegProbe } from '../../src/shared/ffmpegCapabilities';

const capable: FfmpegProbe = {
  path: '/opt/ffmpeg/bin/ffmpeg',
  source: 'user setting',
  ffprobePath: null,
  platform: 'linux',
  version: '7.1.1',
  major: 7,
  minor: 1,
  gitBuild: false,
  srtOutput: true,
  mpegtsMuxer: true,
  aacEncoder: true,
  hevcEncoders: [
    { name: 'libx265', hardware: false, works: true, testMs: 90 },
    { name: 'hevc_nvenc', hardware: true, works: false, reason: 'Cannot load libcuda.so.1', testMs: 80 },
  ],
  captureBackends: ['x11grab', 'lavfi'],
  probedAtMs: 0,
  probeDurationMs: 500,
};

function verdict(probe: FfmpegProbe): AppError | null {
  try {
    assertCanBroadcast(probe);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
}

describe('assertCanBroadcast', () => {
  it('accepts a binary with SRT, a working HEVC encoder, AAC and MPEG-TS', () => {
    expect(verdict(capable)).toBeNull();
    expect(workingHevcEncoders(capable).map((e) => e.name)).toEqual(['libx265']);
  });

  it('refuses without libsrt, naming the binary, where it came from and the fix for the OS', () => {
    const err = verdict({ ...capable, srtOutput: false, platform: 'darwin' });
    expect(err).toMatchObject({ kind: 'ffmpeg', code: 'ffmpeg_no_srt' });
    expect(err?.message).toContain('ffmpeg at /opt/ffmpeg/bin/ffmpeg (from user setting) cannot send SRT');
    expect(err?.message).toContain('brew install ffmpeg');
  });

  it('refuses without a working HEVC encoder and says why each one failed', () => {
    const err = verdict({
      ...capable,
      platform: 'win32',
      source: null,
      hevcEncoders: [{ name: 'hevc_nvenc', hardware: true, works: false, reason: 'Cannot load nvEncodeAPI64.dll', testMs: 5 }],
    });
    expect(err).toMatchObject({ code: 'ffmpeg_no_hevc' });
    expect(err?.message).toContain('ffmpeg at /opt/ffmpeg/bin/ffmpeg has no working H.265 encoder');
    expect(err?.message).toContain('libx265 is not built in; hevc_nvenc: Cannot load nvEncodeAPI64.dll');
    expect(err?.message).toContain('winget install ffmpeg');
  });

  it('refuses when libx265 is listed but fails its test encode', () => {
    const err = verdict({ ...capable, hevcEncoders: [{ name: 'libx265', hardware: false, works: false, reason: 'no frame within 15000 ms', testMs: 15000 }] });
    expect(err?.code).toBe('ffmpeg_no_hevc');
    expect(err?.message).toContain('libx265: no frame within 15000 ms');
    expect(err?.message).not.toContain('not built in');
  });

  it('refuses without AAC, then without MPEG-TS, checking SRT first', () => {
    expect(verdict({ ...capable, aacEncoder: false })?.code).toBe('ffmpeg_no_aac');
    expect(verdict({ ...capable, mpegtsMuxer: false })?.code).toBe('ffmpeg_no_mpegts');
    expect(verdict({ ...capable, srtOutput: false, aacEncoder: false })?.code).toBe('ffmpeg_no_srt');
  });
});
