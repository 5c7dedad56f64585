// The encoder command line for a file source: paced in real time, looped when asked, read only as a local file, and
// either its HEVC copied (no picture settings) or everything encoded like any other source; the file's own sound first.

import { describe, expect, it } from 'vitest';
import { flag, inputs } from '../../support/ffmpegArgs';
import { buildEncoderArgs } from '../../../src/main/ffmpeg/args/encoderArgs';
import { defaultEncodeSettings, type EncodeSettings, type FilePlayback } from '../../../src/main/ffmpeg/args/encodeSettings';

function build(loop: boolean, file?: FilePlayback, overrides: Partial<EncodeSettings> = {}): string[] {
  return buildEncoderArgs(defaultEncodeSettings('linux', { input: { kind: 'file', path: '/media/intro.mp4', loop }, audio: { kind: 'silence' }, ...(file ? { file } : {}), ...overrides }));
}

describe('buildEncoderArgs — a file source', () => {
  it('plays the file in real time, as a local file only, looped without end when asked', () => {
    expect(inputs(build(true))[0]?.slice(-7)).toEqual(['-re', '-stream_loop', '-1', '-protocol_whitelist', 'file', '-i', 'file:/media/intro.mp4']);
    expect(inputs(build(false))[0]?.slice(-5)).toEqual(['-re', '-protocol_whitelist', 'file', '-i', 'file:/media/intro.mp4']);
  });

  it('copies HEVC and AAC as they are: no filter, no bitrate, no GOP, one audio track from the file', () => {
    const args = build(true, { copyVideo: true, audio: 'copy' });
    expect(inputs(args)).toHaveLength(1);
    expect(flag(args, '-c:v')).toBe('copy');
    expect(flag(args, '-c:a')).toBe('copy');
    expect(args.filter((a, i) => a === '-map' || args[i - 1] === '-map')).toEqual(['-map', '0:v:0', '-map', '0:a:0']);
    for (const absent of ['-vf', '-b:v', '-x265-params', '-g']) expect(args).not.toContain(absent);
    expect(args.slice(-9)).toEqual(['-f', 'mpegts', '-muxdelay', '0', '-omit_video_pes_length', '0', '-flush_packets', '1', 'pipe:1']);
  });

  it('copies the picture but encodes other sound to AAC 48 kHz stereo', () => {
    const args = build(true, { copyVideo: true, audio: 'encode' });
    expect(flag(args, '-c:v')).toBe('copy');
    expect(flag(args, '-c:a')).toBe('aac');
    expect(flag(args, '-ar')).toBe('48000');
  });

  it('encodes a file like a camera: fps, letterboxed scale to the output size, the chosen encoder and keyframes', () => {
    const args = build(false, { copyVideo: false, audio: 'encode' }, { width: 640, height: 360, fps: 25 });
    expect(flag(args, '-vf')).toBe('fps=25,scale=640:360:force_original_aspect_ratio=decrease,pad=640:360:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p');
    expect(flag(args, '-c:v')).toBe('libx265');
    expect(flag(args, '-x265-params')).toContain('keyint=50');
  });

  it('takes the chosen audio source (input #1) only for a file without sound', () => {
    const args = build(true, { copyVideo: true, audio: 'none' });
    expect(inputs(args)[1]).toEqual(['-re', '-f', 'lavfi', '-i', 'anullsrc=channel_layout=stereo:sample_rate=48000']);
    expect(args.filter((_, i) => args[i - 1] === '-map')).toEqual(['0:v:0', '1:a:0']);
    expect(flag(args, '-c:a')).toBe('aac');
  });

  it('ends with the file when it is played once and its sound comes from elsewhere (a generated sound never ends)', () => {
    expect(build(false, { copyVideo: true, audio: 'none' })).toContain('-shortest');
    expect(build(true, { copyVideo: true, audio: 'none' })).not.toContain('-shortest');
    expect(build(false, { copyVideo: true, audio: 'copy' })).not.toContain('-shortest');
  });

  it('unchecked (no verdict), encodes everything and maps the file\'s sound as optional', () => {
    const args = build(true);
    expect(flag(args, '-c:v')).toBe('libx265');
    expect(args.filter((_, i) => args[i - 1] === '-map')).toEqual(['0:v:0', '0:a:0?']);
  });

  it('refuses an empty path', () => {
    expect(() => buildEncoderArgs(defaultEncodeSettings('linux', { input: { kind: 'file', path: ' ', loop: true } }))).toThrow(/No file was chosen/);
  });
});
