// Pure builders of ffmpeg's capture inputs per OS: screen (x11grab / avfoundation / gdigrab), camera (v4l2 /
// avfoundation / dshow) with its native mode, and audio (pulse or alsa / avfoundation / dshow), each paced in real time.

import { type DesktopPlatform } from '../../../shared/ffmpegCapabilities';
import { type AudioSource, type CaptureMode, type InputSource } from '../../../shared/broadcastTypes';
import type { EncodeSettings } from './encodeSettings';

/** Video device frames are large; 64 queued frames is 2 s at 30 fps, without gigabytes of RAM when encoding lags. */
const VIDEO_QUEUE = '64';
/** Audio packets are small; a deep queue rides out encoder hiccups without dropping sound. */
const AUDIO_QUEUE = '512';

/** Compressed formats a DirectShow camera delivers through `-vcodec` rather than `-pixel_format`. */
const DSHOW_CODECS = new Set(['mjpeg', 'h264', 'hevc']);

/** Capture or generator input for the video (always input #0). */
export function videoInputArgs(input: InputSource, s: Pick<EncodeSettings, 'width' | 'height' | 'fps' | 'platform'>): string[] {
  const fps = String(s.fps);
  switch (input.kind) {
    case 'testsrc':
      // lavfi generates as fast as the CPU allows; -re paces it like a live source.
      return ['-re', '-f', 'lavfi', '-i', `testsrc2=size=${s.width}x${s.height}:rate=${fps}`];
    case 'desktop':
      return desktopInputArgs(input, s.platform, fps);
    case 'camera':
      return cameraInputArgs(input.device, input.captureMode, s.platform, fps);
    case 'file':
      return fileInputArgs(input.path, input.loop);
  }
}

/**
 * A file played in real time (-re), looped without end with `-stream_loop -1` (ffmpeg shifts each pass's timestamps
 * by the file's duration, so they keep going forward). `file:` makes ffmpeg read the path as a local file whatever
 * it looks like (never a URL or `concat:`), and the protocol whitelist keeps a playlist file from opening others.
 */
export function fileInputArgs(path: string, loop: boolean): string[] {
  return ['-re', ...(loop ? ['-stream_loop', '-1'] : []), '-protocol_whitelist', 'file', '-i', `file:${path}`];
}

function desktopInputArgs(input: Extract<InputSource, { kind: 'desktop' }>, platform: DesktopPlatform, fps: string): string[] {
  const cursor = input.showCursor === false ? '0' : '1';
  const r = input.region;
  if (platform === 'linux') {
    const display = input.display ?? ':0.0';
    const size = r ? ['-video_size', `${r.width}x${r.height}`] : [];
    return ['-f', 'x11grab', '-thread_queue_size', VIDEO_QUEUE, '-framerate', fps, '-draw_mouse', cursor, ...size, '-i', r ? `${display}+${r.x},${r.y}` : display];
  }
  if (platform === 'darwin') {
    // avfoundation lists screens after cameras; the name "Capture screen 0" works whatever the camera count.
    const screen = input.display ?? 'Capture screen 0';
    return ['-f', 'avfoundation', '-thread_queue_size', VIDEO_QUEUE, '-framerate', fps, '-capture_cursor', cursor, '-pixel_format', 'uyvy422', '-i', `${screen}:none`];
  }
  // gdigrab offsets are relative to the primary monitor's top-left corner, negative to its left or above.
  const region = r ? ['-offset_x', String(r.x), '-offset_y', String(r.y), '-video_size', `${r.width}x${r.height}`] : [];
  return ['-f', 'gdigrab', '-thread_queue_size', VIDEO_QUEUE, '-framerate', fps, '-draw_mouse', cursor, ...region, '-i', 'desktop'];
}

/**
 * A camera input. With a `mode` the device is asked for that native size, rate and format; without one it runs in
 * its default mode and the filter chain scales it to the output size.
 */
export function cameraInputArgs(device: string, mode: CaptureMode | undefined, platform: DesktopPlatform, fps: string): string[] {
  const size = mode ? ['-video_size', `${mode.width}x${mode.height}`] : [];
  const rate = ['-framerate', mode ? String(mode.fps) : fps];
  // Camera timestamps come from device/kernel clocks (v4l2: monotonic); wall-clock stamps match the audio's clock.
  const wallclock = ['-use_wallclock_as_timestamps', '1'];
  if (platform === 'linux') {
    const format = mode?.format ? ['-input_format', mode.format] : [];
    return ['-f', 'v4l2', '-thread_queue_size', VIDEO_QUEUE, ...wallclock, ...(mode ? [...format, ...size, ...rate] : []), '-i', device];
  }
  if (platform === 'darwin') {
    const pixelFormat = mode?.format ?? 'uyvy422';
    return ['-f', 'avfoundation', '-thread_queue_size', VIDEO_QUEUE, ...wallclock, ...rate, ...size, '-pixel_format', pixelFormat, '-i', `${device}:none`];
  }
  const format = !mode?.format ? [] : DSHOW_CODECS.has(mode.format) ? ['-vcodec', mode.format] : ['-pixel_format', mode.format];
  // dshow's default real-time buffer (3 MB) overflows at 1080p; spawn() passes the name without shell quoting.
  return ['-f', 'dshow', '-thread_queue_size', VIDEO_QUEUE, '-rtbufsize', '128M', ...wallclock, ...(mode ? [...format, ...size, ...rate] : []), '-i', `video=${device}`];
}

/** ALSA device ids carry this prefix (see listCaptureDevices); everything else on Linux is a PulseAudio source. */
export const ALSA_PREFIX = 'alsa:';

/** Audio input, or nothing for `none`. */
export function audioInputArgs(audio: AudioSource, platform: DesktopPlatform): string[] {
  switch (audio.kind) {
    case 'none':
      return [];
    case 'silence':
      return ['-re', '-f', 'lavfi', '-i', 'anullsrc=channel_layout=stereo:sample_rate=48000'];
    case 'tone':
      return ['-re', '-f', 'lavfi', '-i', 'sine=frequency=440:beep_factor=4:sample_rate=48000'];
    case 'device':
      if (platform === 'linux') {
        // Both stamp packets with the wall clock themselves (PulseAudio also behind PipeWire's pulse server).
        const alsa = audio.device.startsWith(ALSA_PREFIX);
        const device = alsa ? audio.device.slice(ALSA_PREFIX.length) : audio.device;
        return ['-f', alsa ? 'alsa' : 'pulse', '-thread_queue_size', AUDIO_QUEUE, '-sample_rate', '48000', '-channels', '2', '-i', device];
      }
      if (platform === 'darwin') {
        return ['-f', 'avfoundation', '-thread_queue_size', AUDIO_QUEUE, '-use_wallclock_as_timestamps', '1', '-i', `:${audio.device}`];
      }
      // 50 ms capture buffers instead of dshow's default 500 ms.
      return ['-f', 'dshow', '-thread_queue_size', AUDIO_QUEUE, '-audio_buffer_size', '50', '-use_wallclock_as_timestamps', '1', '-i', `audio=${audio.device}`];
  }
}
