// parseMediaInfo / parseFramecrcKeyframes against verbatim ffmpeg 5.1 output (files made with the lavfi test
// sources: `ffmpeg -hide_banner -nostdin -i FILE` stderr, `ffmpeg -v error -t N -i FILE -map 0:v:0 -c copy -f framecrc -`).

import { describe, expect, it } from 'vitest';
import { longestKeyframeIntervalS, mediaOpenError, parseFramecrcKeyframes, parseMediaInfo } from '../../src/main/ffmpeg/parseMediaInfo';

const HEVC_MP4 = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'hevc.mp4':
  Metadata:
    major_brand     : isom
    minor_version   : 512
    compatible_brands: isomiso2mp41
    encoder         : Lavf59.27.100
  Duration: 00:00:03.00, start: 0.000000, bitrate: 674 kb/s
  Stream #0:0[0x1](und): Video: hevc (Main) (hev1 / 0x31766568), yuv420p(tv, progressive), 640x360 [SAR 1:1 DAR 16:9], 531 kb/s, 30 fps, 30 tbr, 15360 tbn (default)
    Metadata:
      handler_name    : VideoHandler
      vendor_id       : [0][0][0][0]
      encoder         : Lavc59.37.100 libx265
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, mono, fltp, 125 kb/s (default)
    Metadata:
      handler_name    : SoundHandler
      vendor_id       : [0][0][0][0]
At least one output file must be specified
`;

const H264_MKV = `Input #0, matroska,webm, from 'h264.mkv':
  Metadata:
    ENCODER         : Lavf59.27.100
  Duration: 00:00:02.03, start: 0.000000, bitrate: 840 kb/s
  Stream #0:0: Video: h264 (Constrained Baseline), yuv420p(progressive), 320x180 [SAR 1:1 DAR 16:9], 30 fps, 30 tbr, 1k tbn
    Metadata:
      ENCODER         : Lavc59.37.100 libx264
      DURATION        : 00:00:02.025000000
  Stream #0:1: Audio: mp3, 44100 Hz, stereo, fltp, 128 kb/s
    Metadata:
      ENCODER         : Lavc59.37.100 libmp3lame
      DURATION        : 00:00:02.025000000
At least one output file must be specified
`;

const SOUND_M4A = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'sound.m4a':
  Metadata:
    major_brand     : M4A 
    minor_version   : 512
    compatible_brands: M4A isomiso2
    encoder         : Lavf59.27.100
  Duration: 00:00:02.00, start: 0.000000, bitrate: 75 kb/s
  Stream #0:0[0x1](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, mono, fltp, 69 kb/s (default)
    Metadata:
      handler_name    : SoundHandler
      vendor_id       : [0][0][0][0]
At least one output file must be specified
`;

const HEVC_TS = `Input #0, mpegts, from 'hevc.ts':
  Duration: 00:00:03.02, start: 1.400000, bitrate: 756 kb/s
  Program 1 
    Metadata:
      service_name    : Service01
      service_provider: FFmpeg
  Stream #0:0[0x100]: Video: hevc (Main) (HEVC / 0x43564548), yuv420p(tv), 640x360 [SAR 1:1 DAR 16:9], 30 fps, 30 tbr, 90k tbn
  Stream #0:1[0x101](und): Audio: aac (LC) ([15][0][0][0] / 0x000F), 48000 Hz, mono, fltp, 127 kb/s
At least one output file must be specified
`;

/** An MP3 with cover art: the "video" stream is a still picture (written by hand after ffmpeg's format). */
const MP3_WITH_COVER = `Input #0, mp3, from 'song.mp3':
  Duration: 00:03:12.05, start: 0.025057, bitrate: 320 kb/s
  Stream #0:0: Audio: mp3, 44100 Hz, stereo, fltp, 320 kb/s
  Stream #0:1: Video: mjpeg (Baseline), yuvj420p(pc, bt470bg/unknown/unknown), 500x500 [SAR 1:1 DAR 1:1], 90k tbr, 90k tbn (attached pic)
At least one output file must be specified
`;

describe('parseMediaInfo', () => {
  it('reads an HEVC + AAC MP4: container, duration, size, fps, bitrates, sound', () => {
    expect(parseMediaInfo(HEVC_MP4)).toEqual({
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationS: 3,
      bitrateKbps: 674,
      video: { codec: 'hevc', pixelFormat: 'yuv420p', width: 640, height: 360, fps: 30, bitrateKbps: 531, interlaced: false },
      audio: { codec: 'aac', sampleRateHz: 48000, channels: 1 },
    });
  });

  it('reads H.264 + MP3 in Matroska (no per-stream bitrate) and HEVC in MPEG-TS (pixel format without "progressive")', () => {
    expect(parseMediaInfo(H264_MKV)).toMatchObject({
      container: 'matroska,webm',
      durationS: 2.03,
      video: { codec: 'h264', width: 320, height: 180, fps: 30, bitrateKbps: null },
      audio: { codec: 'mp3', sampleRateHz: 44100, channels: 2 },
    });
    expect(parseMediaInfo(HEVC_TS)).toMatchObject({ container: 'mpegts', video: { codec: 'hevc', pixelFormat: 'yuv420p', interlaced: false } });
  });

  it('finds no video in a sound file, nor in an MP3 whose only picture is its cover art', () => {
    expect(parseMediaInfo(SOUND_M4A)).toMatchObject({ video: null, audio: { codec: 'aac' } });
    expect(parseMediaInfo(MP3_WITH_COVER)).toMatchObject({ video: null, audio: { codec: 'mp3', channels: 2 } });
  });

  it('sees interlacing in the pixel format', () => {
    const line = HEVC_MP4.replace('yuv420p(tv, progressive)', 'yuv420p(tv, bt709, top first)');
    expect(parseMediaInfo(line)?.video?.interlaced).toBe(true);
  });

  it('returns null when ffmpeg could not open the file, and mediaOpenError says why', () => {
    for (const [stderr, why] of [
      ['t.txt: Invalid data found when processing input\n', 'Invalid data found when processing input'],
      ['/tmp: Is a directory\n', 'Is a directory'],
      ['nonexist.mp4: No such file or directory\n', 'No such file or directory'],
    ] as const) {
      expect(parseMediaInfo(stderr)).toBeNull();
      expect(mediaOpenError(stderr)).toBe(why);
    }
  });
});

const CRC_MKV_LONG_GOP = `#extradata 0:     2410, 0x80863a89
#software: Lavf59.27.100
#tb 0: 1/1000
#media_type 0: video
#codec_id 0: hevc
#dimensions 0: 640x360
#sar 0: 1/1
0,        -67,          0,       33,     7587, 0x9607a99b
0,        -34,        133,       33,     4676, 0x1cde1ea0, F=0x0
0,          0,         67,       33,     1952, 0x44accbf9, F=0x0
0,         33,         33,       33,      919, 0x35a4b7b7, F=0x0
0,         67,        100,       33,     1013, 0xa5adfa39, F=0x0
`;

const CRC_TS = `#extradata 0:       85, 0x376a0ee1
#tb 0: 1/90000
#media_type 0: video
#codec_id 0: hevc
0,          0,          0,     3000,     8549, 0x6597021d, S=1,        1
0,       3000,       3000,     3000,     2734, 0x5f1c1f70, F=0x0, S=1,        1
0,      87000,      87000,     3000,     1906, 0x89a1aabd, F=0x0, S=1,        1
0,      90000,      90000,     3000,     9000, 0x89a1aabe, S=1,        1
0,      93000,      93000,     3000,     2032, 0x5359e20e, F=0x0, S=1,        1
`;

describe('parseFramecrcKeyframes / longestKeyframeIntervalS', () => {
  it('takes packets without F= (or with bit 0 set) as keyframes, in the stream time base, with side data after', () => {
    const sample = parseFramecrcKeyframes(CRC_TS);
    expect(sample.keyframeTimesS).toEqual([0, 1]);
    expect(sample.endS).toBeCloseTo(96_000 / 90_000, 6);
    expect(longestKeyframeIntervalS(sample)).toBeCloseTo(1, 6);
    expect(parseFramecrcKeyframes('#tb 0: 1/1000\n0, 0, 0, 33, 10, 0x1, F=0x3\n').keyframeTimesS).toEqual([0]);
  });

  it('counts the stretch after the last keyframe when it is the longest (a GOP longer than the sample)', () => {
    const sample = parseFramecrcKeyframes(CRC_MKV_LONG_GOP);
    expect(sample.keyframeTimesS).toEqual([0]);
    expect(longestKeyframeIntervalS(sample)).toBeCloseTo(0.166, 3);
    expect(longestKeyframeIntervalS({ keyframeTimesS: [], endS: 4 })).toBeNull();
  });
});
