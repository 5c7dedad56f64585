// Pure builder of the ONE capture+encode ffmpeg command line: source → scale → HEVC (CBR, fixed GOP, no B-frames)
// + AAC → MPEG-TS on stdout. Per-OS capture devices and per-encoder low-latency flags live here, nothing else.

import { keyintFrames, validateEncodeSettings, type AudioSource, type EncodePlatform, type EncodeSettings, type InputSource } from './encodeSettings';

export interface EncoderArgsOptions {
  /**
   * Where ffmpeg writes `-progress` blocks. Default `pipe:3`: a separate fd keeps progress out of the stderr log, so
   * start the process with `extraOutputPipes: 1` and parse `pipe(3)`. On Windows libuv hands fd 3 over through the
   * CRT's inherited-handle table, which ffmpeg's msvcrt/ucrt builds read; pass null to disable progress.
   */
  progressUrl?: string | null;
  /** The ffmpeg build has the drawtext filter (capability probe). Default true; false drops the clock overlay. */
  drawtext?: boolean;
  /** hevc_videotoolbox offers `-constant_bit_rate` (newer ffmpeg on macOS 13+; capability probe). Default false. */
  videotoolboxConstantBitRate?: boolean;
}

/** Video device frames are large; 64 queued frames is 2 s at 30 fps, without gigabytes of RAM when encoding lags. */
const VIDEO_QUEUE = '64';
/** Audio packets are small; a deep queue rides out encoder hiccups without dropping sound. */
const AUDIO_QUEUE = '512';

/**
 * Builds the encoder's argument list (no executable). Validates first (AppError('input') on bad settings).
 * The output is MPEG-TS on stdout (`pipe:1`). ffmpeg already repeats PAT/PMT every 0.1 s and right before each
 * video keyframe (measured on 5.1), so `-mpegts_flags resend_headers` (a one-shot flag) is not needed: a consumer
 * that cuts the stream just before a keyframe's PAT gets a self-contained start.
 */
export function buildEncoderArgs(settings: EncodeSettings, options: EncoderArgsOptions = {}): string[] {
  validateEncodeSettings(settings);
  const { platform } = settings;
  const progressUrl = options.progressUrl === undefined ? 'pipe:3' : options.progressUrl;
  const args: string[] = ['-hide_banner', '-loglevel', 'warning', '-nostats'];
  // On Windows stop() writes `q` to stdin, so ffmpeg must keep reading it; elsewhere SIGINT stops it.
  if (platform !== 'win32') args.push('-nostdin');
  if (progressUrl) args.push('-progress', progressUrl, '-stats_period', '1');
  if (settings.encoder === 'hevc_vaapi') args.push('-vaapi_device', settings.vaapiDevice ?? '/dev/dri/renderD128');

  args.push(...videoInputArgs(settings.input, settings));
  const audioInput = audioInputArgs(settings.audio, platform);
  args.push(...audioInput);

  args.push('-map', '0:v:0');
  if (audioInput.length > 0) args.push('-map', '1:a:0');
  args.push('-vf', videoFilterChain(settings, options));
  args.push(...videoCodecArgs(settings, options));
  if (audioInput.length > 0) {
    // Gcore: AAC, 128 kbps, 48 kHz (or 44.1), stereo, exactly one audio track.
    args.push('-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2');
    // Device clocks drift against the system clock; stretch/squeeze audio to its timestamps instead of gapping.
    if (settings.audio.kind === 'device') args.push('-af', 'aresample=async=1');
  } else {
    args.push('-an');
  }
  args.push('-f', 'mpegts', '-muxdelay', '0', '-flush_packets', '1', 'pipe:1');
  return args;
}

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
      return cameraInputArgs(input, s.platform, fps);
  }
}

function desktopInputArgs(input: Extract<InputSource, { kind: 'desktop' }>, platform: EncodePlatform, fps: string): string[] {
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
  const region = r ? ['-offset_x', String(r.x), '-offset_y', String(r.y), '-video_size', `${r.width}x${r.height}`] : [];
  return ['-f', 'gdigrab', '-thread_queue_size', VIDEO_QUEUE, '-framerate', fps, '-draw_mouse', cursor, ...region, '-i', 'desktop'];
}

function cameraInputArgs(input: Extract<InputSource, { kind: 'camera' }>, platform: EncodePlatform, fps: string): string[] {
  const mode = input.captureMode;
  const size = mode ? ['-video_size', `${mode.width}x${mode.height}`] : [];
  const rate = ['-framerate', mode ? String(mode.fps) : fps];
  // Camera timestamps come from device/kernel clocks (v4l2: monotonic); wall-clock stamps match the audio's clock.
  const wallclock = ['-use_wallclock_as_timestamps', '1'];
  if (platform === 'linux') {
    return ['-f', 'v4l2', '-thread_queue_size', VIDEO_QUEUE, ...wallclock, ...(mode ? [...size, ...rate] : []), '-i', input.device];
  }
  if (platform === 'darwin') {
    return ['-f', 'avfoundation', '-thread_queue_size', VIDEO_QUEUE, ...wallclock, ...rate, ...size, '-pixel_format', 'uyvy422', '-i', `${input.device}:none`];
  }
  // dshow's default real-time buffer (3 MB) overflows at 1080p; spawn() passes the name without shell quoting.
  return ['-f', 'dshow', '-thread_queue_size', VIDEO_QUEUE, '-rtbufsize', '128M', ...wallclock, ...(mode ? [...size, ...rate] : []), '-i', `video=${input.device}`];
}

/** Audio input (#1), or nothing for `none`. */
export function audioInputArgs(audio: AudioSource, platform: EncodePlatform): string[] {
  switch (audio.kind) {
    case 'none':
      return [];
    case 'silence':
      return ['-re', '-f', 'lavfi', '-i', 'anullsrc=channel_layout=stereo:sample_rate=48000'];
    case 'tone':
      return ['-re', '-f', 'lavfi', '-i', 'sine=frequency=440:beep_factor=4:sample_rate=48000'];
    case 'device':
      if (platform === 'linux') {
        // PulseAudio (also PipeWire's pulse server) stamps packets with the wall clock itself.
        return ['-f', 'pulse', '-thread_queue_size', AUDIO_QUEUE, '-sample_rate', '48000', '-channels', '2', '-i', audio.device];
      }
      if (platform === 'darwin') {
        return ['-f', 'avfoundation', '-thread_queue_size', AUDIO_QUEUE, '-use_wallclock_as_timestamps', '1', '-i', `:${audio.device}`];
      }
      // 50 ms capture buffers instead of dshow's default 500 ms.
      return ['-f', 'dshow', '-thread_queue_size', AUDIO_QUEUE, '-audio_buffer_size', '50', '-use_wallclock_as_timestamps', '1', '-i', `audio=${audio.device}`];
  }
}

/** Pixel format each encoder takes from system memory: qsv and vaapi want NV12; both are 8-bit 4:2:0 (Gcore). */
function encoderPixelFormat(encoder: string): string {
  return encoder === 'hevc_qsv' || encoder === 'hevc_vaapi' ? 'nv12' : 'yuv420p';
}

/** The `-vf` chain: constant frame rate, letterboxed scale to the output size, square pixels, encoder pixel format. */
export function videoFilterChain(s: EncodeSettings, options: EncoderArgsOptions = {}): string {
  const filters: string[] = [];
  const { width: w, height: h } = s;
  if (s.input.kind === 'testsrc') {
    if (s.input.clockOverlay !== false && options.drawtext !== false) filters.push(clockOverlay(s.input.fontFile, h));
  } else {
    const r = s.input.kind === 'desktop' ? s.input.region : undefined;
    // avfoundation has no capture-region option, so macOS crops after capture (in physical pixels).
    if (r && s.platform === 'darwin') filters.push(`crop=${r.width}:${r.height}:${r.x}:${r.y}`);
    filters.push(`fps=${s.fps}`, `scale=${w}:${h}:force_original_aspect_ratio=decrease`, `pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2`);
  }
  filters.push('setsar=1', `format=${encoderPixelFormat(s.encoder)}`);
  if (s.encoder === 'hevc_vaapi') filters.push('hwupload');
  return filters.join(',');
}

/** drawtext with local wall-clock time and the stream clock, bottom-left; fontconfig's default font unless a file is given. */
function clockOverlay(fontFile: string | undefined, height: number): string {
  const opts = [
    ...(fontFile ? [`fontfile=${escapeFilterValue(fontFile)}`] : []),
    // drawtext's own syntax: %{localtime} and %{pts:hms}; the ':' inside is escaped for the option level.
    `text=${escapeFilterValue('%{localtime}  %{pts:hms}')}`,
    'x=16',
    'y=h-th-16',
    `fontsize=${Math.max(12, Math.round(height / 18))}`,
    'fontcolor=white',
    'box=1',
    'boxcolor=black@0.6',
    'boxborderw=6',
  ];
  return `drawtext=${opts.join(':')}`;
}

/**
 * Escapes a value for a filter option inside a `-vf` graph: first for the option parser (`\ ' :`), then for the
 * graph parser (`\ ' [ ] , ;`). See ffmpeg-filters "Notes on filtergraph escaping".
 */
export function escapeFilterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, (c) => `\\${c}`);
  return optionLevel.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** HEVC encoder flags: CBR at the target, one IDR every keyint, no B-frames, headers repeated on every keyframe. */
export function videoCodecArgs(s: EncodeSettings, options: EncoderArgsOptions = {}): string[] {
  const gop = String(keyintFrames(s));
  const kbps = `${s.bitrateKbps}k`;
  // bufsize = bitrate: a one-second VBV buffer, tight enough to be CBR-like on an SRT link sized for the bitrate.
  const cbr = ['-b:v', kbps, '-maxrate', kbps, '-bufsize', kbps];
  switch (s.encoder) {
    case 'libx265': {
      const x265 = [
        `keyint=${gop}`,
        `min-keyint=${gop}`,
        'scenecut=0', // keyframes only on the fixed cadence
        'open-gop=0', // IDR, not CRA, at every keyframe: a clean join point for a backup ingest
        'bframes=0',
        'rc-lookahead=0',
        'repeat-headers=1', // VPS/SPS/PPS on every keyframe, so a mid-stream join can decode
        `vbv-maxrate=${s.bitrateKbps}`,
        `vbv-bufsize=${s.bitrateKbps}`,
        'log-level=warning', // x265 prints its own banner at info level whatever ffmpeg's -loglevel says
      ].join(':');
      return ['-c:v', 'libx265', '-preset', s.preset, '-tune', 'zerolatency', ...cbr, '-pix_fmt', 'yuv420p', '-x265-params', x265];
    }
    case 'hevc_nvenc':
      // p4 + low-latency tuning (NVENC SDK ≥ 10); IDR every GOP (idrPeriod follows -g); in-band headers on IDRs.
      return ['-c:v', 'hevc_nvenc', '-preset', 'p4', '-tune', 'll', '-rc', 'cbr', ...cbr, '-g', gop, '-bf', '0', '-forced-idr', '1', '-no-scenecut', '1', '-zerolatency', '1', '-pix_fmt', 'yuv420p'];
    case 'hevc_qsv':
      // QSV picks CBR when maxrate = bitrate (= minrate). hevc_qsv has no -look_ahead (that is h264_qsv).
      // For HEVC, MediaSDK's IdrInterval 1 means "every I-frame is an IDR" (0 would make later ones CRA).
      return ['-c:v', 'hevc_qsv', '-preset', 'veryfast', ...cbr, '-minrate', kbps, '-g', gop, '-bf', '0', '-idr_interval', '1', '-forced_idr', '1', '-pix_fmt', 'nv12'];
    case 'hevc_amf':
      return ['-c:v', 'hevc_amf', '-usage', 'lowlatency', '-quality', 'speed', '-rc', 'cbr', ...cbr, '-g', gop, '-bf', '0', '-gops_per_idr', '1', '-header_insertion_mode', 'idr', '-pix_fmt', 'yuv420p'];
    case 'hevc_videotoolbox':
      // True CBR needs -constant_bit_rate (newer ffmpeg, macOS 13+); otherwise an average bitrate capped by
      // -maxrate (VideoToolbox's DataRateLimits over one second). VideoToolbox has no VBV buffer option.
      return [
        '-c:v', 'hevc_videotoolbox', '-realtime', '1', '-allow_sw', '0',
        ...(options.videotoolboxConstantBitRate ? ['-constant_bit_rate', '1', '-b:v', kbps] : ['-b:v', kbps, '-maxrate', kbps]),
        '-g', gop, '-bf', '0', '-pix_fmt', 'yuv420p',
      ];
    case 'hevc_vaapi':
      return ['-c:v', 'hevc_vaapi', '-rc_mode', 'CBR', ...cbr, '-g', gop, '-bf', '0', '-idr_interval', '0'];
    default:
      // validateEncodeSettings() has already refused anything else.
      throw new Error(`unreachable: encoder ${s.encoder}`);
  }
}
