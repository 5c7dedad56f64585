// Plain data describing the ffmpeg binary in use and what it can do; shared by main, CLI and the Diagnostics view.

/** Where a candidate ffmpeg binary came from, in the order they are tried. */
export type FfmpegSource = 'user setting' | 'FFMPEG_PATH' | 'bundled ffmpeg-static' | 'PATH';

/** The operating systems the app ships for (Node's `process.platform` values). */
export type DesktopPlatform = 'linux' | 'darwin' | 'win32';

/** HEVC encoders the engine knows how to drive, software first, in the order the UI offers them; the probe tests each
 * one the binary lists and the user picks among those that passed. */
export const HEVC_ENCODERS = ['libx265', 'hevc_nvenc', 'hevc_qsv', 'hevc_amf', 'hevc_videotoolbox', 'hevc_vaapi'] as const;
export type HevcEncoder = (typeof HEVC_ENCODERS)[number];

export function isHevcEncoder(value: string): value is HevcEncoder {
  return (HEVC_ENCODERS as readonly string[]).includes(value);
}

/** Result of a one-frame test encode with one HEVC encoder the binary lists. */
export interface HevcEncoderStatus {
  name: HevcEncoder;
  /** True for GPU/SoC encoders (everything but libx265). */
  hardware: boolean;
  /** True when a one-frame test encode succeeded on this machine. */
  works: boolean;
  /** Why the test encode failed: one short line from ffmpeg's stderr, secrets redacted. */
  reason?: string;
  /** Wall time of the test encode in milliseconds. */
  testMs: number;
}

/** Capture inputs the app can use (ffmpeg input devices, plus Windows' `ddagrab` filter). */
export type CaptureBackend =
  | 'x11grab'
  | 'kmsgrab'
  | 'v4l2'
  | 'pulse'
  | 'alsa'
  | 'lavfi'
  | 'avfoundation'
  | 'dshow'
  | 'gdigrab'
  | 'ddagrab';

/** What one ffmpeg binary can do, as measured by `probeFfmpeg`. */
export interface FfmpegProbe {
  /** Absolute path of the binary probed. */
  path: string;
  /** Where the path came from; null when the caller probed a path directly. */
  source: FfmpegSource | null;
  /** `ffprobe` in the same folder, if there is one. */
  ffprobePath: string | null;
  platform: DesktopPlatform;
  /** Release as printed, distro suffix removed ('5.1.9', '7.1.1'), or the git describe ('N-118448-g43be8d0728'). */
  version: string;
  /** Major release; for git builds inferred from libavformat's major; null when unknown. */
  major: number | null;
  minor: number | null;
  /** True for a build from FFmpeg's git master ('N-…'). */
  gitBuild: boolean;
  /** `srt` is among the output protocols (built with libsrt). */
  srtOutput: boolean;
  /** The `mpegts` muxer is present. */
  mpegtsMuxer: boolean;
  /** The native `aac` encoder is present. */
  aacEncoder: boolean;
  /** One entry per known HEVC encoder the binary lists, in `HEVC_ENCODERS` order. */
  hevcEncoders: HevcEncoderStatus[];
  /** Capture inputs present for this platform. */
  captureBackends: CaptureBackend[];
  /** Wall-clock time (ms since the epoch) when the probe ran. */
  probedAtMs: number;
  /** How long the probe took, in milliseconds. */
  probeDurationMs: number;
}

/** The encoders of a probe that passed their one-frame test encode, in `HEVC_ENCODERS` order. */
export function workingHevcEncoders(probe: FfmpegProbe): HevcEncoderStatus[] {
  return probe.hevcEncoders.filter((e) => e.works);
}
