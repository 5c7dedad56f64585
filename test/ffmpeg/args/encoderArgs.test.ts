// Table tests of the encoder command line per OS, source and encoder: the flags that matter, not the whole array.

import { type DesktopPlatform } from '../../../src/shared/ffmpegCapabilities';
import { describe, expect, it } from 'vitest';
import { flag, inputs } from '../../support/ffmpegArgs';
import { AppError } from '../../../src/main/appError';
import { buildEncoderArgs, escapeFilterValue, type EncoderArgsOptions } from '../../../src/main/ffmpeg/args/encoderArgs';
import { defaultEncodeSettings, type EncodeSettings } from '../../../src/main/ffmpeg/args/encodeSettings';

function build(platform: DesktopPlatform, overrides: Partial<EncodeSettings> = {}, options?: EncoderArgsOptions): string[] {
  return buildEncoderArgs(defaultEncodeSettings(platform, overrides), options);
}



/** Everything after the last input. */
function outputPart(args: readonly string[]): string[] {
  return args.slice(args.lastIndexOf('-i') + 2);
}

function x265Params(args: readonly string[]): Record<string, string> {
  return Object.fromEntries((flag(args, '-x265-params') ?? '').split(':').map((kv) => kv.split('=') as [string, string]));
}

describe('buildEncoderArgs — defaults (test pattern, libx265)', () => {
  const args = build('linux');

  it('keeps the log quiet and sends progress to fd 3 once a second', () => {
    expect(args.slice(0, 4)).toEqual(['-hide_banner', '-loglevel', 'warning', '-nostats']);
    expect(args).toContain('-nostdin');
    expect(flag(args, '-progress')).toBe('pipe:3');
    expect(flag(args, '-stats_period')).toBe('1');
  });

  it('paces lavfi test pattern and tone like live sources', () => {
    const [video, audio] = inputs(args);
    expect(video?.slice(-5)).toEqual(['-re', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30']);
    expect(audio).toEqual(['-re', '-f', 'lavfi', '-i', 'sine=frequency=440:beep_factor=4:sample_rate=48000']);
  });

  it('maps one video and one audio track and draws the clock', () => {
    const out = outputPart(args);
    expect(out.slice(0, 4)).toEqual(['-map', '0:v:0', '-map', '1:a:0']);
    const vf = flag(out, '-vf') ?? '';
    expect(vf).toMatch(/^drawtext=text=%\{localtime\} {2}%\{pts\\\\:hms\}:/);
    expect(vf.endsWith(',setsar=1,format=yuv420p')).toBe(true);
  });

  it('encodes HEVC CBR with a fixed 2 s IDR cadence, no B-frames and repeated headers', () => {
    const out = outputPart(args);
    expect(flag(out, '-c:v')).toBe('libx265');
    expect(flag(out, '-preset')).toBe('veryfast');
    expect(flag(out, '-tune')).toBe('zerolatency');
    expect([flag(out, '-b:v'), flag(out, '-maxrate'), flag(out, '-bufsize')]).toEqual(['3000k', '3000k', '3000k']);
    expect(flag(out, '-pix_fmt')).toBe('yuv420p');
    expect(x265Params(out)).toMatchObject({
      keyint: '60',
      'min-keyint': '60',
      scenecut: '0',
      'open-gop': '0',
      bframes: '0',
      'rc-lookahead': '0',
      'repeat-headers': '1',
      'vbv-maxrate': '3000',
      'vbv-bufsize': '3000',
    });
  });

  it('encodes AAC 128k 48 kHz stereo and writes MPEG-TS to stdout without delay', () => {
    const out = outputPart(args);
    expect([flag(out, '-c:a'), flag(out, '-b:a'), flag(out, '-ar'), flag(out, '-ac')]).toEqual(['aac', '128k', '48000', '2']);
    expect(out).not.toContain('-af');
    expect(args.slice(-9)).toEqual(['-f', 'mpegts', '-muxdelay', '0', '-omit_video_pes_length', '0', '-flush_packets', '1', 'pipe:1']);
  });

  it('has no -t: the builder never limits the duration', () => {
    expect(args).not.toContain('-t');
  });
});

describe('buildEncoderArgs — options', () => {
  it('keeps stdin readable on Windows, where stop() sends q', () => {
    expect(build('win32')).not.toContain('-nostdin');
    expect(build('darwin')).toContain('-nostdin');
  });

  it('drops progress when asked and honours another target', () => {
    expect(build('linux', {}, { progressUrl: null })).not.toContain('-progress');
    expect(flag(build('linux', {}, { progressUrl: 'pipe:2' }), '-progress')).toBe('pipe:2');
  });

  it('falls back to a plain pattern without drawtext, or when the overlay is off', () => {
    expect(flag(build('linux', {}, { drawtext: false }), '-vf')).toBe('setsar=1,format=yuv420p');
    expect(flag(build('linux', { input: { kind: 'testsrc', clockOverlay: false } }), '-vf')).toBe('setsar=1,format=yuv420p');
  });

  it('escapes a Windows font path for the filter graph', () => {
    const vf = flag(build('win32', { input: { kind: 'testsrc', fontFile: 'C:/Windows/Fonts/arial.ttf' } }), '-vf');
    expect(vf).toContain('drawtext=fontfile=C\\\\:/Windows/Fonts/arial.ttf:text=');
  });

  it('derives the GOP from fps × keyint', () => {
    expect(x265Params(build('linux', { fps: 25, keyintSeconds: 1 }))).toMatchObject({ keyint: '25', 'min-keyint': '25' });
    expect(flag(build('linux', { fps: 60, keyintSeconds: 2, encoder: 'hevc_nvenc' }), '-g')).toBe('120');
  });

  it('validates before building', () => {
    expect(() => build('linux', { width: 641 })).toThrow(AppError);
  });
});

describe('buildEncoderArgs — desktop capture per OS', () => {
  const region = { x: 10, y: 20, width: 800, height: 600 };

  it.each([
    ['linux', { kind: 'desktop', display: ':1.0', region, showCursor: false }, ['-f', 'x11grab', '-thread_queue_size', '64', '-framerate', '30', '-draw_mouse', '0', '-video_size', '800x600', '-i', ':1.0+10,20']],
    ['linux', { kind: 'desktop' }, ['-f', 'x11grab', '-thread_queue_size', '64', '-framerate', '30', '-draw_mouse', '1', '-i', ':0.0']],
    ['darwin', { kind: 'desktop', region }, ['-f', 'avfoundation', '-thread_queue_size', '64', '-framerate', '30', '-capture_cursor', '1', '-pixel_format', 'uyvy422', '-i', 'Capture screen 0:none']],
    ['darwin', { kind: 'desktop', display: '2' }, ['-f', 'avfoundation', '-thread_queue_size', '64', '-framerate', '30', '-capture_cursor', '1', '-pixel_format', 'uyvy422', '-i', '2:none']],
    ['win32', { kind: 'desktop', region }, ['-f', 'gdigrab', '-thread_queue_size', '64', '-framerate', '30', '-draw_mouse', '1', '-offset_x', '10', '-offset_y', '20', '-video_size', '800x600', '-i', 'desktop']],
  ] as const)('%s %o', (platform, input, expected) => {
    const args = build(platform, { input });
    const [video] = inputs(args);
    expect(video?.slice(-expected.length)).toEqual(expected);
    const vf = flag(outputPart(args), '-vf') ?? '';
    expect(vf).toContain('fps=30,scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p');
    // avfoundation has no region option: macOS crops in the filter chain instead.
    expect(vf.startsWith('crop=800:600:10:20,')).toBe(platform === 'darwin' && 'region' in input);
    expect(video).not.toContain('-use_wallclock_as_timestamps');
  });
});

describe('buildEncoderArgs — cameras and audio devices per OS', () => {
  it.each([
    ['linux', '/dev/video0', ['-f', 'v4l2', '-thread_queue_size', '64', '-use_wallclock_as_timestamps', '1', '-i', '/dev/video0']],
    ['darwin', 'FaceTime HD Camera', ['-f', 'avfoundation', '-thread_queue_size', '64', '-use_wallclock_as_timestamps', '1', '-framerate', '30', '-pixel_format', 'uyvy422', '-i', 'FaceTime HD Camera:none']],
    ['win32', 'Integrated Camera', ['-f', 'dshow', '-thread_queue_size', '64', '-rtbufsize', '128M', '-use_wallclock_as_timestamps', '1', '-i', 'video=Integrated Camera']],
  ] as const)('camera on %s', (platform, device, expected) => {
    const [video] = inputs(build(platform, { input: { kind: 'camera', device } }));
    expect(video?.slice(-expected.length)).toEqual(expected);
  });

  it('asks the camera for a capture mode when given', () => {
    const [video] = inputs(build('linux', { input: { kind: 'camera', device: '/dev/video0', captureMode: { width: 1920, height: 1080, fps: 30 } } }));
    expect(video?.slice(-10)).toEqual(['-thread_queue_size', '64', '-use_wallclock_as_timestamps', '1', '-video_size', '1920x1080', '-framerate', '30', '-i', '/dev/video0']);
  });

  it.each([
    ['linux', 'default', ['-f', 'pulse', '-thread_queue_size', '512', '-sample_rate', '48000', '-channels', '2', '-i', 'default']],
    ['darwin', '0', ['-f', 'avfoundation', '-thread_queue_size', '512', '-use_wallclock_as_timestamps', '1', '-i', ':0']],
    ['win32', 'Microphone (Realtek Audio)', ['-f', 'dshow', '-thread_queue_size', '512', '-audio_buffer_size', '50', '-use_wallclock_as_timestamps', '1', '-i', 'audio=Microphone (Realtek Audio)']],
  ] as const)('audio device on %s', (platform, device, expected) => {
    const args = build(platform, { input: { kind: 'desktop' }, audio: { kind: 'device', device } });
    expect(inputs(args)[1]).toEqual(expected);
    expect(flag(outputPart(args), '-af')).toBe('aresample=async=1');
    expect(flag(outputPart(args), '-c:a')).toBe('aac');
  });

  it('keeps a silent AAC track, or none at all', () => {
    const silent = build('linux', { input: { kind: 'desktop' }, audio: { kind: 'silence' } });
    expect(inputs(silent)[1]).toEqual(['-re', '-f', 'lavfi', '-i', 'anullsrc=channel_layout=stereo:sample_rate=48000']);
    const none = build('linux', { audio: { kind: 'none' } });
    expect(inputs(none)).toHaveLength(1);
    expect(none).toContain('-an');
    expect(none).not.toContain('1:a:0');
    expect(none).not.toContain('-c:a');
  });
});

describe('buildEncoderArgs — hardware encoders', () => {
  it('hevc_nvenc: p4, low-latency tune, CBR, IDR every GOP, no B-frames', () => {
    const out = outputPart(build('linux', { encoder: 'hevc_nvenc' }));
    expect(out).toEqual(expect.arrayContaining(['-c:v', 'hevc_nvenc']));
    expect([flag(out, '-preset'), flag(out, '-tune'), flag(out, '-rc'), flag(out, '-g'), flag(out, '-bf'), flag(out, '-forced-idr')]).toEqual(['p4', 'll', 'cbr', '60', '0', '1']);
    expect([flag(out, '-b:v'), flag(out, '-maxrate'), flag(out, '-bufsize')]).toEqual(['3000k', '3000k', '3000k']);
    expect(out).not.toContain('-x265-params');
  });

  it('hevc_qsv: CBR via maxrate = minrate = bitrate, NV12, every I-frame an IDR, no look_ahead option', () => {
    const args = build('win32', { encoder: 'hevc_qsv' });
    const out = outputPart(args);
    expect([flag(out, '-maxrate'), flag(out, '-minrate'), flag(out, '-g'), flag(out, '-bf'), flag(out, '-idr_interval')]).toEqual(['3000k', '3000k', '60', '0', '1']);
    expect(out).not.toContain('-look_ahead');
    expect(flag(out, '-vf')?.endsWith('format=nv12')).toBe(true);
    expect(flag(out, '-pix_fmt')).toBe('nv12');
  });

  it('hevc_amf: low-latency usage, CBR, headers on every IDR', () => {
    const out = outputPart(build('win32', { encoder: 'hevc_amf' }));
    expect([flag(out, '-usage'), flag(out, '-rc'), flag(out, '-g'), flag(out, '-bf'), flag(out, '-header_insertion_mode'), flag(out, '-gops_per_idr')]).toEqual(['lowlatency', 'cbr', '60', '0', 'idr', '1']);
  });

  it('hevc_videotoolbox: real-time, hardware only, capped bitrate; true CBR when the build offers it', () => {
    const out = outputPart(build('darwin', { encoder: 'hevc_videotoolbox' }));
    expect([flag(out, '-realtime'), flag(out, '-allow_sw'), flag(out, '-g'), flag(out, '-bf'), flag(out, '-b:v'), flag(out, '-maxrate')]).toEqual(['1', '0', '60', '0', '3000k', '3000k']);
    expect(out).not.toContain('-constant_bit_rate');
    const cbr = outputPart(build('darwin', { encoder: 'hevc_videotoolbox' }, { videotoolboxConstantBitRate: true }));
    expect(flag(cbr, '-constant_bit_rate')).toBe('1');
    expect(cbr).not.toContain('-maxrate');
  });

  it('hevc_vaapi: device before the inputs, upload in the filter chain, CBR rate control', () => {
    const args = build('linux', { encoder: 'hevc_vaapi', vaapiDevice: '/dev/dri/renderD129' });
    expect(args.indexOf('-vaapi_device')).toBeLessThan(args.indexOf('-i'));
    expect(flag(args, '-vaapi_device')).toBe('/dev/dri/renderD129');
    const out = outputPart(args);
    expect(flag(out, '-vf')?.endsWith(',format=nv12,hwupload')).toBe(true);
    expect([flag(out, '-rc_mode'), flag(out, '-g'), flag(out, '-bf')]).toEqual(['CBR', '60', '0']);
    expect(out).not.toContain('-pix_fmt');
    expect(flag(build('linux', { encoder: 'hevc_vaapi' }), '-vaapi_device')).toBe('/dev/dri/renderD128');
  });
});

describe('escapeFilterValue', () => {
  it.each([
    ['plain', 'plain'],
    ['C:/Fonts/a.ttf', 'C\\\\:/Fonts/a.ttf'],
    ["it's", "it\\\\\\'s"],
    ['a,b;c[d]', 'a\\,b\\;c\\[d\\]'],
    ['back\\slash', 'back\\\\\\\\slash'],
  ])('%s → %s', (input, expected) => {
    expect(escapeFilterValue(input)).toBe(expected);
  });
});
