// Pure parsers of Linux camera listings: `v4l2-ctl --list-devices`, `v4l2-ctl --list-formats-ext`, and
// `ffmpeg -f v4l2 -list_formats all -i /dev/videoN`.

import type { CameraMode } from '../../shared/captureDevices';
import { sortModes, splitLines, stripLogPrefix } from './parseHelpers';

/** One physical device of `v4l2-ctl --list-devices`: its name and its nodes (video, media). */
export interface V4l2CtlDevice {
  name: string;
  /** Bus the device sits on, e.g. `usb-0000:00:14.0-3`; null when not printed. */
  bus: string | null;
  nodes: string[];
}

/**
 * Parses `v4l2-ctl --list-devices`: a header line per device (`Name (bus):`) followed by indented node paths.
 * A UVC camera lists two `/dev/video*` nodes (capture and metadata) and a `/dev/media*` node.
 */
export function parseV4l2CtlListDevices(text: string): V4l2CtlDevice[] {
  const devices: V4l2CtlDevice[] = [];
  let current: V4l2CtlDevice | null = null;
  for (const line of splitLines(text)) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line)) {
      if (current) current.nodes.push(line.trim());
      continue;
    }
    const header = /^(.*?)(?: \(([^()]*)\))?:\s*$/.exec(line);
    if (!header) {
      current = null; // an error line such as "Cannot open device /dev/video0, exiting."
      continue;
    }
    current = { name: (header[1] ?? '').trim(), bus: header[2] ?? null, nodes: [] };
    devices.push(current);
  }
  return devices;
}

/** V4L2 fourcc → the name ffmpeg's `-input_format` takes. Unknown codes are lower-cased. */
const FOURCC_TO_FFMPEG: Readonly<Record<string, string>> = {
  YUYV: 'yuyv422',
  UYVY: 'uyvy422',
  MJPG: 'mjpeg',
  JPEG: 'mjpeg',
  H264: 'h264',
  HEVC: 'hevc',
  NV12: 'nv12',
  YU12: 'yuv420p',
  RGB3: 'rgb24',
  BGR3: 'bgr24',
  GREY: 'gray',
};

export function ffmpegInputFormat(fourcc: string): string {
  return FOURCC_TO_FFMPEG[fourcc] ?? fourcc.toLowerCase();
}

/**
 * Parses `v4l2-ctl --list-formats-ext -d /dev/videoN` (both the older `Pixel Format: 'YUYV'` layout and the
 * `[0]: 'YUYV' (YUYV 4:2:2)` layout of v4l-utils 1.20+). Discrete sizes with their frame intervals become modes;
 * stepwise and continuous ranges are skipped (the user picks from concrete choices).
 */
export function parseV4l2CtlFormats(text: string): CameraMode[] {
  const modes: CameraMode[] = [];
  let format: string | null = null;
  let mode: CameraMode | null = null;
  for (const line of splitLines(text)) {
    const pixel = /Pixel Format\s*:\s*'([^']+)'/.exec(line) ?? /^\s*\[\d+\]:\s*'([^']+)'/.exec(line);
    if (pixel) {
      format = ffmpegInputFormat((pixel[1] ?? '').trim());
      mode = null;
      continue;
    }
    const size = /^\s*Size:\s*Discrete\s+(\d+)x(\d+)/.exec(line);
    if (size && format) {
      mode = { width: Number(size[1]), height: Number(size[2]), fps: [], format };
      modes.push(mode);
      continue;
    }
    if (/^\s*Size:/.test(line)) {
      mode = null;
      continue;
    }
    const interval = /^\s*Interval:\s*Discrete\s+[\d.]+s\s+\(([\d.]+) fps\)/.exec(line);
    if (interval && mode) {
      const fps = Number(interval[1]);
      if (!mode.fps.includes(fps)) mode.fps.push(fps);
    }
  }
  for (const m of modes) m.fps.sort((a, b) => b - a);
  return sortModes(modes);
}

/** What `ffmpeg -f v4l2 -list_formats all` said about a node. */
export interface FfmpegV4l2Formats {
  modes: CameraMode[];
  /** The node exists but is not a capture device (a UVC metadata node). */
  notCapture: boolean;
  /** ffmpeg could not open the node: the reason as printed ("No such file or directory", "Permission denied"). */
  openError: string | null;
}

/**
 * Parses ffmpeg's own listing (stderr). Rows look like `Raw : yuyv422 : YUYV 4:2:2 : 640x480 1280x720` or
 * `Compressed: mjpeg : Motion-JPEG : …`; fields are separated by ` : ` (the description itself may contain
 * colons without spaces). Ranges such as `{32-2592, 2}x{32-1944, 2}` and `Unsupported` formats are skipped.
 * ffmpeg gives no frame rates here, so `fps` is empty.
 */
export function parseFfmpegV4l2Formats(text: string): FfmpegV4l2Formats {
  const modes: CameraMode[] = [];
  let notCapture = false;
  let openError: string | null = null;
  for (const raw of splitLines(text)) {
    const line = stripLogPrefix(raw).trim();
    if (/Not a video capture device/i.test(line)) notCapture = true;
    const open = /^Cannot open video device \S+: (.+)$/.exec(line);
    if (open) openError = (open[1] ?? '').trim();
    const row = /^(Raw|Compressed)\s*:/.exec(line);
    if (!row) continue;
    // `(?<!\s)` starts a separator only at the first space of a run (a bare `\s*:` rescanned every run: quadratic).
    const fields = line.split(/(?<!\s)\s*:\s+/);
    // fields: [kind, ffmpeg name, description, sizes]
    const name = fields[1]?.trim() ?? '';
    const sizes = fields.at(-1) ?? '';
    if (name === '' || name === 'Unsupported') continue;
    for (const token of sizes.split(/\s+/)) {
      const size = /^(\d+)x(\d+)$/.exec(token);
      if (size) modes.push({ width: Number(size[1]), height: Number(size[2]), fps: [], format: name });
    }
  }
  return { modes: sortModes(modes), notCapture, openError };
}
