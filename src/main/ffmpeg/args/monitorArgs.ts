// Pure builder of the monitor ffmpeg command line: the broadcast's own MPEG-TS on stdin, keyframes decoded to small JPEGs
// on stdout, the audio measured by ebur128 (10 lines a second on stderr).

export interface MonitorArgsInput {
  /** The stream carries an audio track (the broadcast's audio is not `none`). */
  hasAudio: boolean;
  /** Thumbnail width, pixels (height follows the aspect ratio, even). Default 320. */
  thumbnailWidthPx?: number;
  /** mjpeg quantiser, 2 (best) … 31 (smallest). Default 7. */
  jpegQuality?: number;
}

/**
 * `-skip_frame:v nokey` makes the HEVC decoder skip every frame but the keyframes the encoder places every 1–2 s, so
 * the picture costs one decode per GOP; `-fps_mode passthrough` writes each decoded keyframe once (no duplicates to
 * fill the frame rate). ebur128 with `peak=true` logs, every 100 ms of audio, the momentary loudness (M, LUFS) and the
 * per-channel true peak of that 100 ms (FTPK, dBFS) at log level info; `-nostats` keeps progress lines out of stderr.
 * One decoder thread: a keyframe every 1–2 s needs no more, and fewer threads compete less with the encoder.
 * Measured here: 20 s of 1280x720 HEVC + AAC cost the monitor 0.59 CPU s (3 % of one core at real time).
 * Measured on ffmpeg 5.1: test/fixtures/monitor/SOURCE.md.
 */
export function buildMonitorArgs(input: MonitorArgsInput): string[] {
  const width = input.thumbnailWidthPx ?? 320;
  const quality = input.jpegQuality ?? 7;
  if (!Number.isInteger(width) || width < 16 || width > 1920) throw new RangeError(`thumbnail width ${width} px is out of 16..1920`);
  if (!Number.isInteger(quality) || quality < 2 || quality > 31) throw new RangeError(`JPEG quality ${quality} is out of 2..31`);
  const args = [
    '-hide_banner', '-nostats', '-loglevel', 'info', '-nostdin',
    '-skip_frame:v', 'nokey', '-threads', '1',
    '-f', 'mpegts', '-i', 'pipe:0',
    '-map', '0:v:0', '-vf', `scale=${width}:-2`, '-fps_mode', 'passthrough', '-c:v', 'mjpeg', '-q:v', String(quality),
    '-f', 'image2pipe', 'pipe:1',
  ];
  if (input.hasAudio) args.push('-map', '0:a:0', '-af', 'ebur128=peak=true', '-f', 'null', '-');
  return args;
}
