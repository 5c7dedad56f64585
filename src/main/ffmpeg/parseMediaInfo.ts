// Pure parsers of what ffmpeg says about a media file (the bundled ffmpeg has no ffprobe): the streams and duration
// from `ffmpeg -hide_banner -i FILE` (stderr), and the keyframes from `-c copy -f framecrc` (one line per packet).

/** A video stream as ffmpeg's input summary shows it. */
export interface MediaVideoStream {
  /** Codec name (`hevc`, `h264`…). */
  codec: string;
  /** Pixel format (`yuv420p`, `yuv420p10le`); null when not shown. */
  pixelFormat: string | null;
  /** Pixels; 0 when not shown. */
  width: number;
  height: number;
  /** Frames per second (the `fps` figure, else `tbr`); null when not shown. */
  fps: number | null;
  /** The stream's own bitrate, kilobits per second; null when the container does not say. */
  bitrateKbps: number | null;
  /** The summary marks it interlaced (`top first`, `bottom first`). */
  interlaced: boolean;
}

/** An audio stream as ffmpeg's input summary shows it. */
export interface MediaAudioStream {
  codec: string;
  /** Hz; null when not shown. */
  sampleRateHz: number | null;
  /** Channel count from the layout (`mono` 1, `stereo` 2, `5.1` 6); null when not shown. */
  channels: number | null;
}

/** What a media file holds: its container, duration and first video and audio streams. */
export interface MediaInfo {
  /** Demuxer names, e.g. `mov,mp4,m4a,3gp,3g2,mj2` or `mpegts`. */
  container: string;
  /** Seconds; null when ffmpeg shows `N/A`. */
  durationS: number | null;
  /** Whole file, kilobits per second; null when not shown. */
  bitrateKbps: number | null;
  /** The first video stream that is a picture sequence (cover art, an "attached pic", does not count); null if none. */
  video: MediaVideoStream | null;
  audio: MediaAudioStream | null;
}

const CHANNELS: Readonly<Record<string, number>> = { mono: 1, stereo: 2, '2.1': 3, quad: 4, '4.0': 4, '5.0': 5, '5.1': 6, '6.1': 7, '7.1': 8 };

/** Splits at commas outside parentheses and brackets: `yuv420p(tv, progressive)` stays one part. */
function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '(' || c === '[') depth += 1;
    if (c === ')' || c === ']') depth = Math.max(0, depth - 1);
    if (c === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += c;
    }
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

function numberBefore(parts: readonly string[], unit: RegExp): number | null {
  for (const part of parts) {
    const m = unit.exec(part);
    if (m?.[1] !== undefined) return Number(m[1]) * (m[2] === 'k' ? 1000 : 1);
  }
  return null;
}

function parseVideo(parts: readonly string[]): MediaVideoStream {
  const codec = /^(\w+)/.exec(parts[0] ?? '')?.[1] ?? 'unknown';
  const pixel = /^([a-z0-9_]+)(?:\((.*)\))?$/.exec(parts[1] ?? '');
  const size = parts.map((p) => /^(\d{1,5})x(\d{1,5})\b/.exec(p)).find((m) => m !== null);
  return {
    codec,
    pixelFormat: pixel?.[1] ?? null,
    width: size ? Number(size[1]) : 0,
    height: size ? Number(size[2]) : 0,
    fps: numberBefore(parts, /^([\d.]+)(k?) fps$/) ?? numberBefore(parts, /^([\d.]+)(k?) tbr$/),
    bitrateKbps: numberBefore(parts, /^(\d+) kb\/s\b/),
    interlaced: /\b(top|bottom)( coded)? first\b/.test(pixel?.[2] ?? ''),
  };
}

function parseAudio(parts: readonly string[]): MediaAudioStream {
  const layout = parts[2]?.replace(/\(.*\)$/, '') ?? '';
  const channels = CHANNELS[layout] ?? numberBefore(parts, /^(\d+) channels$/);
  return { codec: /^(\w+)/.exec(parts[0] ?? '')?.[1] ?? 'unknown', sampleRateHz: numberBefore(parts, /^(\d+) Hz$/), channels };
}

function seconds(clock: string): number | null {
  const m = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(clock);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
}

/**
 * Reads the first input's summary from `ffmpeg -hide_banner -i FILE` stderr. Null when there is no `Input #0` block
 * (ffmpeg could not open or recognise the file; its error line says why, see `mediaOpenError`).
 */
export function parseMediaInfo(stderr: string): MediaInfo | null {
  const lines = stderr.split(/\r?\n/);
  const start = lines.findIndex((l) => /^Input #0, /.test(l));
  if (start < 0) return null;
  const container = /^Input #0, (.+?), from '/.exec(lines[start] ?? '')?.[1] ?? 'unknown';
  const info: MediaInfo = { container, durationS: null, bitrateKbps: null, video: null, audio: null };
  for (const line of lines.slice(start + 1)) {
    if (/^(Input|Output) #\d/.test(line)) break;
    const duration = /^\s+Duration: ([^,]+), .*?bitrate: (\d+) kb\/s/.exec(line) ?? /^\s+Duration: ([^,]+)/.exec(line);
    if (duration) {
      info.durationS = seconds(duration[1] ?? '');
      info.bitrateKbps = duration[2] !== undefined ? Number(duration[2]) : null;
      continue;
    }
    const stream = /^\s+Stream #0:\d+\S*: (Video|Audio): (.*)$/.exec(line);
    if (!stream) continue;
    const parts = topLevelParts(stream[2] ?? '');
    if (stream[1] === 'Video' && info.video === null && !/\(attached pic\)/.test(line)) info.video = parseVideo(parts);
    if (stream[1] === 'Audio' && info.audio === null) info.audio = parseAudio(parts);
  }
  return info;
}

/** ffmpeg's own reason for not opening a file: the text after `FILE: ` on its last error line (`Invalid data found…`). */
export function mediaOpenError(stderr: string): string | null {
  const last = stderr.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !/^At least one output file/.test(l)).at(-1);
  if (!last) return null;
  const m = /: ([^:]+)$/.exec(last);
  return (m?.[1] ?? last).trim();
}

/** The keyframes of the first seconds of a video stream, from framecrc output. */
export interface KeyframeSample {
  /** Presentation (else decoding) times of the keyframe packets, seconds, in file order. */
  keyframeTimesS: number[];
  /** Time of the last packet read plus its duration, seconds: how far the sample reached. Null when no packet. */
  endS: number | null;
}

/**
 * Reads framecrc lines (`stream, dts, pts, duration, size, crc[, F=0xN]`; packets without `F=` are keyframes, as
 * are those whose flags have bit 0 set) under the `#tb 0: num/den` time base.
 */
export function parseFramecrcKeyframes(text: string): KeyframeSample {
  let tb = 1;
  const keyframeTimesS: number[] = [];
  let endS: number | null = null;
  for (const line of text.split(/\r?\n/)) {
    const base = /^#tb 0: (\d+)\/(\d+)/.exec(line);
    if (base) {
      tb = Number(base[1]) / Number(base[2]);
      continue;
    }
    const m = /^0,\s*(-?\d+|NOPTS),\s*(-?\d+|NOPTS),\s*(\d+),\s*\d+,\s*0x[0-9a-f]+(?:,\s*F=0x([0-9a-fA-F]+))?/.exec(line);
    if (!m) continue;
    const ticks = m[2] !== 'NOPTS' ? Number(m[2]) : m[1] !== 'NOPTS' ? Number(m[1]) : null;
    if (ticks === null) continue;
    const t = ticks * tb;
    endS = Math.max(endS ?? t, t + Number(m[3]) * tb);
    const flags = m[4] === undefined ? 1 : parseInt(m[4], 16);
    if ((flags & 1) === 1) keyframeTimesS.push(t);
  }
  return { keyframeTimesS, endS };
}

/**
 * The longest stretch between keyframes in the sample, seconds: the largest gap between consecutive keyframes, or
 * from the last keyframe to the sample's end when that is longer (a lower bound of that GOP). Null with no keyframe.
 */
export function longestKeyframeIntervalS(sample: KeyframeSample): number | null {
  const times = [...sample.keyframeTimesS].sort((a, b) => a - b);
  const first = times[0];
  if (first === undefined) return null;
  let longest = 0;
  for (let i = 1; i < times.length; i += 1) longest = Math.max(longest, times[i]! - times[i - 1]!);
  const tail = sample.endS !== null ? sample.endS - times[times.length - 1]! : 0;
  return Math.max(longest, tail);
}
