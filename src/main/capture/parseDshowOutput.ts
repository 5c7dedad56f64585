// Pure parsers of ffmpeg's DirectShow listings (Windows): `-list_devices true` and `-list_options true`.

import type { CameraMode } from '../../shared/captureDevices';
import { sortModes, stripLogPrefix, splitLines } from './parseHelpers';

/** One DirectShow device as ffmpeg lists it. */
export interface DshowDevice {
  /** The friendly name: what `video=` / `audio=` take. */
  name: string;
  /** The unique moniker (`@device_pnp_…`), useful when two devices share a name. */
  alternativeName?: string;
}

export interface DshowDeviceList {
  video: DshowDevice[];
  audio: DshowDevice[];
}

/**
 * Parses `ffmpeg -f dshow -list_devices true -i dummy` (stderr). Handles both layouts:
 * - up to ffmpeg 4.4: section headers (`DirectShow video devices`, `DirectShow audio devices`) then `"Name"` lines;
 * - ffmpeg 5.0 and later: each line typed, `"Name" (video)`, `(audio)`, `(video, audio)` or `(none)`;
 * with the `[dshow @ …]` or `[in#0 @ …]` log prefix, or none. Devices typed `(none)` have no usable pin and are left out.
 */
export function parseDshowDeviceList(text: string): DshowDeviceList {
  const list: DshowDeviceList = { video: [], audio: [] };
  let section: 'video' | 'audio' | null = null;
  let last: DshowDevice[] = [];
  for (const raw of splitLines(text)) {
    const line = stripLogPrefix(raw).trim();
    if (/^DirectShow video devices/i.test(line)) {
      section = 'video';
      continue;
    }
    if (/^DirectShow audio devices/i.test(line)) {
      section = 'audio';
      continue;
    }
    const alternative = /^Alternative name "(.*)"$/.exec(line);
    if (alternative) {
      for (const device of last) device.alternativeName = alternative[1] ?? '';
      continue;
    }
    // Greedy name: device names may contain parentheses, e.g. "Microphone (Realtek(R) Audio)" (audio).
    const device = /^"(.*)"(?:\s+\(([^()]*)\))?$/.exec(line);
    if (!device) continue;
    const name = device[1] ?? '';
    const kinds = device[2] !== undefined ? device[2].split(',').map((k) => k.trim()) : section ? [section] : [];
    last = [];
    for (const kind of kinds) {
      if (kind !== 'video' && kind !== 'audio') continue;
      // One object per list, so an alternative name lands on both entries of a (video, audio) device.
      const entry: DshowDevice = { name };
      list[kind].push(entry);
      last.push(entry);
    }
  }
  return list;
}

/** Frame rates worth offering inside a device's min..max range, besides its maximum. */
const COMMON_FPS = [60, 50, 30, 25, 24, 20, 15, 10, 5];

/**
 * Parses `ffmpeg -f dshow -list_options true -i video=NAME` into modes: one per size and format (`pixel_format=…`
 * or `vcodec=…`), with the maximum frame rate and the common rates inside the advertised range. Duplicate lines
 * (DirectShow repeats each caps entry, with and without colour information) merge.
 */
export function parseDshowOptions(text: string): CameraMode[] {
  const modes = new Map<string, CameraMode>();
  for (const raw of splitLines(text)) {
    const line = stripLogPrefix(raw).trim();
    const m = /^(?:pixel_format|vcodec)=(\S+)\s+min s=(\d+)x(\d+) fps=([\d.]+) max s=(\d+)x(\d+) fps=([\d.]+)/.exec(line);
    if (!m) continue;
    const format = m[1] ?? '';
    const width = Number(m[5]);
    const height = Number(m[6]);
    const minFps = Number(m[4]);
    const maxFps = Number(m[7]);
    const fps = [maxFps, ...COMMON_FPS.filter((f) => f >= minFps && f < maxFps)];
    const key = `${format}|${width}x${height}`;
    const existing = modes.get(key);
    const merged = existing ? [...new Set([...existing.fps, ...fps])] : fps;
    modes.set(key, { width, height, fps: merged.sort((a, b) => b - a), format });
  }
  return sortModes([...modes.values()]);
}
