// Pure builder of the ONE capture+encode ffmpeg command line: source (optionally with a camera overlaid) → scale →
// HEVC (CBR, fixed GOP, no B-frames) + AAC → MPEG-TS on stdout, or a file's HEVC copied as it is; and the one-frame
// probe encode with the same flags.
// Per-OS capture inputs live in captureInputArgs.ts; per-encoder low-latency flags here.

import { type OverlayCamera } from '../../../shared/broadcastTypes';
import { type DesktopPlatform, type HevcEncoder } from '../../../shared/ffmpegCapabilities';
import { audioInputArgs, cameraInputArgs, videoInputArgs } from './captureInputArgs';
import { defaultEncodeSettings, keyintFrames, validateEncodeSettings, type EncodeSettings, type FilePlayback } from './encodeSettings';

export { audioInputArgs, cameraInputArgs, videoInputArgs } from './captureInputArgs';

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
  /**
   * Added to every output timestamp, milliseconds (`-output_ts_offset`). A restarted encoder gets the time since the
   * broadcast's first encoder started, so the stream's timestamps keep going forward across the restart: the senders
   * copy them as they are, and an ingest must never see them jump back. Default 0.
   */
  outputTsOffsetMs?: number;
}

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
  const overlay = settings.input.kind === 'desktop' ? settings.input.overlayCamera : undefined;
  // The overlaid camera is input #1, so the audio input moves to #2.
  if (overlay) args.push(...cameraInputArgs(overlay.device, overlay.captureMode, platform, String(settings.fps)));
  const file = filePlayback(settings);
  // A file's own sound comes from input #0; only a file without audio takes the configured audio source.
  const fileAudio = file !== null && file.audio !== 'none';
  const audioInput = fileAudio ? [] : audioInputArgs(settings.audio, platform);
  args.push(...audioInput);

  if (overlay) {
    args.push('-filter_complex', overlayFilterGraph(settings, overlay), '-map', '[v]');
    if (audioInput.length > 0) args.push('-map', '2:a:0');
  } else {
    args.push('-map', '0:v:0');
    // Gcore takes exactly one audio track: the file's first. Unchecked (no `file`), it may have none: `?` = optional.
    if (fileAudio) args.push('-map', settings.file ? '0:a:0' : '0:a:0?');
    else if (audioInput.length > 0) args.push('-map', '1:a:0');
    if (!file?.copyVideo) args.push('-vf', videoFilterChain(settings, options));
  }
  // Stream copy: the file's HEVC packets go out as they are (no size, fps, bitrate or GOP settings apply). The MPEG-TS
  // muxer puts the parameter sets (VPS/SPS/PPS) in front of every keyframe that lacks them (MP4/MKV through
  // hevc_mp4toannexb, Annex B input from its extradata; checked on 5.1), so a join on any keyframe decodes.
  args.push(...(file?.copyVideo ? ['-c:v', 'copy'] : videoCodecArgs(settings, options)));
  if (file?.audio === 'copy') {
    args.push('-c:a', 'copy');
  } else if (fileAudio || audioInput.length > 0) {
    // Gcore: AAC, 128 kbps, 48 kHz (or 44.1), stereo, exactly one audio track.
    args.push('-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2');
    // Device clocks drift against the system clock; stretch/squeeze audio to its timestamps instead of gapping.
    if (settings.audio.kind === 'device') args.push('-af', 'aresample=async=1');
  } else {
    args.push('-an');
  }
  // With the video PES length written (it is 0, "unbounded", by default), the sender's demuxer can hand each frame on
  // as soon as it is complete instead of waiting for the next one: about one frame interval less latency (bench).
  // A file played once without sound of its own: the generated sound never ends, so the file's end must end the output.
  if (settings.input.kind === 'file' && !settings.input.loop && audioInput.length > 0) args.push('-shortest');
  if (options.outputTsOffsetMs) args.push('-output_ts_offset', `${(Math.max(0, options.outputTsOffsetMs) / 1000).toFixed(3)}`);
  args.push('-f', 'mpegts', '-muxdelay', '0', '-omit_video_pes_length', '0', '-flush_packets', '1', 'pipe:1');
  return args;
}

/** How a file source is played (encode everything when the file was not checked); null for other sources. */
function filePlayback(settings: EncodeSettings): FilePlayback | null {
  if (settings.input.kind !== 'file') return null;
  return settings.file ?? { copyVideo: false, audio: 'encode' };
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
  filters.push(...encoderUploadFilters(s.encoder));
  return filters.join(',');
}

/** The tail every video chain ends with: square pixels, the encoder's pixel format, and the VAAPI upload. */
function encoderUploadFilters(encoder: string): string[] {
  return ['setsar=1', `format=${encoderPixelFormat(encoder)}`, ...(encoder === 'hevc_vaapi' ? ['hwupload'] : [])];
}

/** Margin between the overlaid camera and the picture's edge: 1/40 of the height, even, at least 8 px. */
function overlayMargin(height: number): number {
  return Math.max(8, 2 * Math.round(height / 80));
}

/**
 * `-filter_complex` for a camera over the desktop: the desktop is letterboxed to the output size as usual, the camera
 * scaled to `widthPercent` of the output width (even, aspect kept) and laid in a corner; the result is `[v]`.
 * `eof_action=pass` keeps the desktop going if the camera stops; `repeatlast` holds its last frame between its frames.
 */
export function overlayFilterGraph(s: EncodeSettings, overlay: OverlayCamera): string {
  const { width: w, height: h } = s;
  const r = s.input.kind === 'desktop' ? s.input.region : undefined;
  const crop = r && s.platform === 'darwin' ? [`crop=${r.width}:${r.height}:${r.x}:${r.y}`] : [];
  const main = [...crop, `fps=${s.fps}`, `scale=${w}:${h}:force_original_aspect_ratio=decrease`, `pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2`, 'setsar=1'];
  const pipWidth = 2 * Math.round((w * (overlay.widthPercent ?? 25)) / 200);
  const m = overlayMargin(h);
  const corner = overlay.corner ?? 'bottom-right';
  const x = corner.endsWith('left') ? String(m) : `main_w-overlay_w-${m}`;
  const y = corner.startsWith('top') ? String(m) : `main_h-overlay_h-${m}`;
  return [
    `[0:v]${main.join(',')}[bg]`,
    `[1:v]scale=${pipWidth}:-2,setsar=1[pip]`,
    `[bg][pip]overlay=x=${x}:y=${y}:eof_action=pass:repeatlast=1,${encoderUploadFilters(s.encoder).join(',')}[v]`,
  ].join(';');
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
      // -gpb 0: real P-frames; the default "generalized P/B" frames are B-slices that analysers report as B-frames.
      return ['-c:v', 'hevc_qsv', '-preset', 'veryfast', ...cbr, '-minrate', kbps, '-g', gop, '-bf', '0', '-gpb', '0', '-idr_interval', '1', '-forced_idr', '1', '-pix_fmt', 'nv12'];
    case 'hevc_amf':
      // lowlatency usage, CBR (peak = target), an IDR opening every GOP, parameter sets in front of every IDR.
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
      // idr_interval 0 = every I-frame is an IDR (lavc's VAAPI encoder: gop_per_idr = idr_interval + 1); VAAPI
      // writes VPS/SPS/PPS with each IDR when the muxer has no global header (MPEG-TS).
      return ['-c:v', 'hevc_vaapi', '-rc_mode', 'CBR', ...cbr, '-g', gop, '-bf', '0', '-idr_interval', '0'];
    default:
      // validateEncodeSettings() has already refused anything else.
      throw new Error(`unreachable: encoder ${s.encoder}`);
  }
}

/** Options of the probe's one-frame test encode. */
export interface EncoderTestOptions {
  platform?: DesktopPlatform;
  /** DRM render node for hevc_vaapi (default /dev/dri/renderD128). */
  vaapiDevice?: string;
}

/**
 * The capability probe's one-frame test encode for `encoder`, built from the same filter tail and codec flags as a
 * broadcast (CBR, GOP, no B-frames, the encoder's pixel format and upload), so "works in the probe" means "opens with
 * the broadcast's settings". One 256x144 frame from a colour source, discarded. Not validated: the probe asks about
 * whatever the binary lists.
 */
export function buildEncoderTestArgs(encoder: HevcEncoder, options: EncoderTestOptions = {}): string[] {
  const s = defaultEncodeSettings(options.platform ?? 'linux', {
    input: { kind: 'testsrc', clockOverlay: false },
    audio: { kind: 'none' },
    width: 256,
    height: 144,
    fps: 30,
    bitrateKbps: 500,
    keyintSeconds: 1,
    encoder,
    ...(options.vaapiDevice ? { vaapiDevice: options.vaapiDevice } : {}),
  });
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error'];
  if (encoder === 'hevc_vaapi') args.push('-vaapi_device', options.vaapiDevice ?? '/dev/dri/renderD128');
  args.push('-f', 'lavfi', '-i', 'color=s=256x144:r=30', '-frames:v', '1');
  args.push('-vf', videoFilterChain(s, { drawtext: false }), ...videoCodecArgs(s), '-f', 'null', '-');
  return args;
}
