// Capture argument builders per OS: camera modes (size, rate, format), screen regions, ALSA/Pulse audio,
// the camera-over-desktop overlay, the config → settings mapping, the CLI's source options and the probe's test encode.

import { type DesktopPlatform } from '../../src/shared/ffmpegCapabilities';
import { describe, expect, it } from 'vitest';
import { flag, inputs } from '../support/ffmpegArgs';
import { AppError } from '../../src/main/appError';
import { parsePushOptions } from '../../src/main/cli/commands/pushOptions';
import { encodeSettingsFrom } from '../../src/main/broadcast/broadcastPlan';
import { chooseEncoder } from '../../src/main/ffmpeg/chooseEncoder';
import { buildEncoderArgs, buildEncoderTestArgs, overlayFilterGraph } from '../../src/main/ffmpeg/args/encoderArgs';
import { defaultEncodeSettings, type EncodeSettings } from '../../src/main/ffmpeg/args/encodeSettings';
import type { BroadcastConfig } from '../../src/shared/broadcastTypes';

function build(platform: DesktopPlatform, overrides: Partial<EncodeSettings>): string[] {
  return buildEncoderArgs(defaultEncodeSettings(platform, { width: 1280, height: 720, ...overrides }));
}


const mode = { width: 1920, height: 1080, fps: 30, format: 'mjpeg' };

describe('camera capture modes per OS', () => {
  it.each([
    ['linux', '/dev/video2', ['-f', 'v4l2', '-thread_queue_size', '64', '-use_wallclock_as_timestamps', '1', '-input_format', 'mjpeg', '-video_size', '1920x1080', '-framerate', '30', '-i', '/dev/video2']],
    ['win32', 'HD Pro Webcam C920', ['-f', 'dshow', '-thread_queue_size', '64', '-rtbufsize', '128M', '-use_wallclock_as_timestamps', '1', '-vcodec', 'mjpeg', '-video_size', '1920x1080', '-framerate', '30', '-i', 'video=HD Pro Webcam C920']],
    ['darwin', 'FaceTime HD Camera', ['-f', 'avfoundation', '-thread_queue_size', '64', '-use_wallclock_as_timestamps', '1', '-framerate', '30', '-video_size', '1920x1080', '-pixel_format', 'mjpeg', '-i', 'FaceTime HD Camera:none']],
  ] as const)('%s asks the camera for 1920x1080@30 mjpeg', (platform, device, expected) => {
    const [video] = inputs(build(platform, { input: { kind: 'camera', device, captureMode: mode } }));
    expect(video?.slice(-expected.length)).toEqual(expected);
  });

  it('passes a raw DirectShow format as -pixel_format, not -vcodec', () => {
    const [video] = inputs(build('win32', { input: { kind: 'camera', device: 'Cam', captureMode: { width: 640, height: 480, fps: 30, format: 'yuyv422' } } }));
    expect(flag(video ?? [], '-pixel_format')).toBe('yuyv422');
    expect(video).not.toContain('-vcodec');
  });

  it('refuses a format that could smuggle options, and a mode out of range', () => {
    expect(() => build('linux', { input: { kind: 'camera', device: '/dev/video0', captureMode: { ...mode, format: 'mjpeg -i /etc/passwd' } } })).toThrow(/Camera format/);
    expect(() => build('linux', { input: { kind: 'camera', device: '/dev/video0', captureMode: { ...mode, fps: 0 } } })).toThrow(AppError);
  });
});

describe('screens and regions', () => {
  it('captures a Windows monitor left of the primary one (negative offset)', () => {
    const [video] = inputs(build('win32', { input: { kind: 'desktop', region: { x: -1920, y: 0, width: 1920, height: 1080 } } }));
    expect(video?.slice(-8)).toEqual(['-offset_x', '-1920', '-offset_y', '0', '-video_size', '1920x1080', '-i', 'desktop']);
  });

  it('refuses negative offsets where the desktop starts at 0 (Linux, macOS)', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      expect(() => build(platform, { input: { kind: 'desktop', region: { x: -10, y: 0, width: 640, height: 360 } } })).toThrow(/Capture region/);
    }
  });

  it('grabs one X screen of a multi-screen display and hides the cursor when asked', () => {
    const [video] = inputs(build('linux', { input: { kind: 'desktop', display: ':78.1', showCursor: false } }));
    expect(video?.slice(video.indexOf('-f'))).toEqual(['-f', 'x11grab', '-thread_queue_size', '64', '-framerate', '30', '-draw_mouse', '0', '-i', ':78.1']);
  });
});

describe('audio devices', () => {
  it('captures an ALSA device through -f alsa and a Pulse/PipeWire source through -f pulse', () => {
    const alsa = inputs(build('linux', { input: { kind: 'desktop' }, audio: { kind: 'device', device: 'alsa:plughw:CARD=Device,DEV=0' } }))[1];
    expect(alsa).toEqual(['-f', 'alsa', '-thread_queue_size', '512', '-sample_rate', '48000', '-channels', '2', '-i', 'plughw:CARD=Device,DEV=0']);
    const pulse = inputs(build('linux', { input: { kind: 'desktop' }, audio: { kind: 'device', device: 'srtc_null.monitor' } }))[1];
    expect(pulse?.slice(0, 2)).toEqual(['-f', 'pulse']);
  });
});

describe('camera over the desktop (picture-in-picture)', () => {
  it.each([
    ['linux', 'x11grab', '/dev/video0', 'v4l2'],
    ['win32', 'gdigrab', 'Integrated Camera', 'dshow'],
    ['darwin', 'avfoundation', 'FaceTime HD Camera', 'avfoundation'],
  ] as const)('%s: desktop #0, camera #1, audio #2, one -filter_complex output', (platform, grabber, device, camera) => {
    const args = build(platform, {
      input: { kind: 'desktop', overlayCamera: { device, captureMode: { width: 640, height: 480, fps: 30 } } },
      audio: { kind: 'device', device: 'mic' },
    });
    const [desk, cam, audio] = inputs(args);
    expect(flag(desk ?? [], '-f')).toBe(grabber);
    expect(flag(cam ?? [], '-f')).toBe(camera);
    expect(flag(cam ?? [], '-video_size')).toBe('640x480');
    expect(audio).toBeDefined();
    expect(args).not.toContain('-vf');
    const out = args.slice(args.lastIndexOf('-i') + 2);
    expect(out.slice(0, 6)).toEqual(['-filter_complex', expect.stringContaining('overlay='), '-map', '[v]', '-map', '2:a:0']);
  });

  it('scales the camera to a quarter of the width in the bottom-right corner by default', () => {
    const s = defaultEncodeSettings('linux', { width: 1280, height: 720, input: { kind: 'desktop', overlayCamera: { device: '/dev/video0' } } });
    expect(overlayFilterGraph(s, { device: '/dev/video0' })).toBe(
      '[0:v]fps=30,scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2,setsar=1[bg];' +
        '[1:v]scale=320:-2,setsar=1[pip];' +
        '[bg][pip]overlay=x=main_w-overlay_w-18:y=main_h-overlay_h-18:eof_action=pass:repeatlast=1,setsar=1,format=yuv420p[v]',
    );
  });

  it('honours corner and size, crops on macOS, and uploads for VAAPI', () => {
    const s = defaultEncodeSettings('darwin', { width: 640, height: 360, input: { kind: 'desktop', region: { x: 0, y: 0, width: 800, height: 600 } } });
    const graph = overlayFilterGraph(s, { device: '0', corner: 'top-left', widthPercent: 40 });
    expect(graph).toMatch(/^\[0:v\]crop=800:600:0:0,fps=30,/);
    expect(graph).toContain('[1:v]scale=256:-2');
    expect(graph).toContain('overlay=x=10:y=10:');
    const vaapi = defaultEncodeSettings('linux', { encoder: 'hevc_vaapi', width: 640, height: 360, input: { kind: 'desktop' } });
    expect(overlayFilterGraph(vaapi, { device: '/dev/video0' }).endsWith(',setsar=1,format=nv12,hwupload[v]')).toBe(true);
  });

  it('refuses a bad corner or size', () => {
    const input = (o: object) => ({ kind: 'desktop' as const, overlayCamera: { device: '/dev/video0', ...o } });
    expect(() => build('linux', { input: input({ widthPercent: 80 }) })).toThrow(/overlay width 80%/);
    expect(() => build('linux', { input: input({ corner: 'middle' }) })).toThrow(/corner "middle"/);
    expect(() => build('linux', { input: input({ device: 'Integrated Camera' }) })).toThrow(/not a device path/);
  });
});

describe('from a BroadcastConfig and from the CLI', () => {
  const base: BroadcastConfig = {
    target: { kind: 'local' }, input: { kind: 'testsrc' }, audio: { kind: 'none' }, width: 640, height: 360, fps: 30,
    bitrateKbps: 800, keyintSeconds: 2, encoder: 'auto', latencyMs: 200, mode: 'failover',
  };

  it('carries region, cursor, camera mode and overlay into the engine settings', () => {
    const desktop = encodeSettingsFrom({ ...base, input: { kind: 'desktop', display: ':1', region: { x: 0, y: 0, width: 640, height: 360 }, showCursor: false, overlayCamera: { device: '/dev/video0', corner: 'top-right' } } }, 'libx265', 'linux', 'ultrafast');
    expect(desktop.input).toEqual({ kind: 'desktop', display: ':1', region: { x: 0, y: 0, width: 640, height: 360 }, showCursor: false, overlayCamera: { device: '/dev/video0', corner: 'top-right' } });
    expect(encodeSettingsFrom({ ...base, input: { kind: 'desktop' } }, 'libx265', 'linux', 'ultrafast').input).toEqual({ kind: 'desktop', showCursor: true });
    // `--input desktop:1` on Linux is the X display :1; on macOS the same text is a screen index.
    expect(encodeSettingsFrom({ ...base, input: { kind: 'desktop', display: '1' } }, 'libx265', 'linux', 'ultrafast').input).toMatchObject({ display: ':1' });
    expect(encodeSettingsFrom({ ...base, input: { kind: 'desktop', display: '1' } }, 'libx265', 'darwin', 'ultrafast').input).toMatchObject({ display: '1' });
    expect(encodeSettingsFrom({ ...base, input: { kind: 'camera', device: '/dev/video0', captureMode: mode } }, 'libx265', 'linux', 'ultrafast').input).toEqual({ kind: 'camera', device: '/dev/video0', captureMode: mode });
  });

  it('parses --region, --camera-mode and --pip, and refuses them where they do not fit', () => {
    expect(parsePushOptions(['--local', '--input', 'desktop:0', '--region', '1920x1080-1920+0']).config.input).toEqual({ kind: 'desktop', display: '0', region: { width: 1920, height: 1080, x: -1920, y: 0 } });
    expect(parsePushOptions(['--local', '--input', 'camera:/dev/video0', '--camera-mode', '1280x720@30:mjpeg']).config.input).toEqual({ kind: 'camera', device: '/dev/video0', captureMode: { width: 1280, height: 720, fps: 30, format: 'mjpeg' } });
    expect(parsePushOptions(['--local', '--input', 'desktop', '--pip', '/dev/video0', '--camera-mode', '640x480@30']).config.input).toEqual({ kind: 'desktop', overlayCamera: { device: '/dev/video0', captureMode: { width: 640, height: 480, fps: 30 } } });
    expect(() => parsePushOptions(['--local', '--region', '640x360+0+0'])).toThrow(/need --input desktop/);
    expect(() => parsePushOptions(['--local', '--input', 'camera:/dev/video0', '--pip', '/dev/video1'])).toThrow(/go with --input desktop/);
    expect(() => parsePushOptions(['--local', '--input', 'desktop', '--region', 'big'])).toThrow(/--region must look like/);
  });
});

describe('hardware encoders: probe test encode and choice', () => {
  it('tests each encoder with its broadcast flags (CBR, GOP, no B-frames)', () => {
    const nvenc = buildEncoderTestArgs('hevc_nvenc', { platform: 'win32' });
    expect([flag(nvenc, '-rc'), flag(nvenc, '-b:v'), flag(nvenc, '-maxrate'), flag(nvenc, '-g'), flag(nvenc, '-bf'), flag(nvenc, '-tune')]).toEqual(['cbr', '500k', '500k', '30', '0', 'll']);
    const qsv = buildEncoderTestArgs('hevc_qsv', { platform: 'linux' });
    expect([flag(qsv, '-vf'), flag(qsv, '-gpb'), flag(qsv, '-idr_interval')]).toEqual(['setsar=1,format=nv12', '0', '1']);
    expect(buildEncoderTestArgs('hevc_vaapi', { vaapiDevice: '/dev/dri/renderD129' }).slice(4, 6)).toEqual(['-vaapi_device', '/dev/dri/renderD129']);
  });

  it('auto picks a working hardware encoder over libx265, and a failing named one falls back with its reason', () => {
    const probe = {
      path: '/usr/bin/ffmpeg',
      hevcEncoders: [
        { name: 'libx265' as const, hardware: false, works: true, testMs: 40 },
        { name: 'hevc_qsv' as const, hardware: true, works: true, testMs: 30 },
        { name: 'hevc_vaapi' as const, hardware: true, works: false, reason: 'No VA display found for device /dev/dri/renderD128.', testMs: 20 },
      ],
    };
    expect(chooseEncoder('auto', probe)).toEqual({ encoder: 'hevc_qsv', notice: null });
    expect(chooseEncoder('hevc_vaapi', probe)).toEqual({ encoder: 'libx265', notice: 'hevc_vaapi cannot be used (No VA display found for device /dev/dri/renderD128.); encoding with libx265 instead.' });
  });
});
