// planFileSource: which files go out as they are (HEVC within Gcore's rules), which are encoded and why, what happens to
// their sound, and the refusal of a file without a picture.

import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/appError';
import { planFileSource, type FileSourceCheck } from '../../src/main/capture/fileSourcePlan';
import type { MediaInfo } from '../../src/main/ffmpeg/parseMediaInfo';

const HEVC: MediaInfo = {
  container: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationS: 30,
  bitrateKbps: 6200,
  video: { codec: 'hevc', pixelFormat: 'yuv420p', width: 1920, height: 1080, fps: 30, bitrateKbps: 6000, interlaced: false },
  audio: { codec: 'aac', sampleRateHz: 48000, channels: 2 },
};

function plan(info: Partial<Omit<MediaInfo, 'video'>> & { video?: Partial<NonNullable<MediaInfo['video']>> | null }, keyframeIntervalS: number | null = 2): FileSourceCheck {
  const video = info.video === null ? null : { ...HEVC.video!, ...info.video };
  const result = planFileSource('/m/intro.mp4', { ...HEVC, ...info, video }, keyframeIntervalS);
  if (result instanceof AppError) throw result;
  return result;
}

describe('planFileSource', () => {
  it('sends HEVC + AAC stereo 48 kHz with 2 s keyframes as it is; the target bitrate is the file\'s video bitrate', () => {
    const check = plan({});
    expect(check.playback).toEqual({ copyVideo: true, audio: 'copy' });
    expect(check.summary).toMatchObject({ videoCodec: 'hevc', bitrateKbps: 6000, keyframeIntervalS: 2, audioCodec: 'aac' });
    expect(check.notes).toEqual(['The file\'s HEVC video is sent as it is (no re-encoding): the size, frame rate, bitrate and keyframe settings do not apply.']);
  });

  it('still sends 4 s keyframes as they are, with a note; 4.5 s are encoded', () => {
    expect(plan({}, 4).playback.copyVideo).toBe(true);
    expect(plan({}, 4).notes[1]).toMatch(/keyframes come every 4\.0 s; Gcore recommends 1–2 s/);
    expect(plan({}, 4.5).playback.copyVideo).toBe(false);
  });

  it('encodes what Gcore does not take as it is, and says why', () => {
    const cases: Array<[Parameters<typeof plan>[0], RegExp]> = [
      [{ video: { codec: 'h264' } }, /because its video is h264, not HEVC/],
      [{ video: { interlaced: true } }, /because its video is interlaced/],
      [{ video: { fps: 120 } }, /because its 120 fps is above Gcore's 60 fps/],
      [{ video: { pixelFormat: 'rgb24' } }, /because its pixel format rgb24 is not one Gcore takes/],
    ];
    for (const [info, why] of cases) {
      const check = plan(info);
      expect(check.playback.copyVideo).toBe(false);
      expect(check.notes[0]).toMatch(why);
    }
    expect(plan({}, null).notes[0]).toMatch(/because no keyframe was found in its first seconds/);
  });

  it('copies AAC mono or stereo at 44.1/48 kHz; encodes other sound; uses the chosen audio source when there is none', () => {
    expect(plan({ audio: { codec: 'aac', sampleRateHz: 44100, channels: 1 } }).playback.audio).toBe('copy');
    expect(plan({ audio: { codec: 'aac', sampleRateHz: 48000, channels: 6 } }).playback.audio).toBe('encode');
    expect(plan({ audio: { codec: 'opus', sampleRateHz: 48000, channels: 2 } }).notes.at(-1)).toBe('Its sound (opus) is encoded to AAC 128 kbps stereo 48 kHz.');
    expect(plan({ audio: null }).playback.audio).toBe('none');
  });

  it('refuses a file without a picture as a value, naming the file', () => {
    const refused = planFileSource('/m/song.mp3', { ...HEVC, video: null }, null);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ kind: 'input', code: 'file_no_video', field: 'input' });
    expect((refused as AppError).message).toBe('/m/song.mp3 has only sound, no video stream: Gcore takes no audio-only live stream; pick a video file.');
  });
});
