// Small pure helpers shared by the device-listing parsers: line splitting, ffmpeg log prefixes, mode ordering.

import type { CameraMode } from '../../shared/captureDevices';

/** Lines of a tool's output, whatever the line ending (Windows tools print CRLF). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/**
 * Removes ffmpeg's log-context prefix: `[dshow @ 000001]`, `[in#0 @ 0x1]`, `[AVFoundation indev @ 0x7f]`,
 * `[video4linux2,v4l2 @ 0x55]`. Lines without one are returned unchanged.
 */
export function stripLogPrefix(line: string): string {
  // Find the bracket first, then look for ` @ ` inside it: one regex with both a lazy and a greedy `[^\]]*` backtracked
  // quadratically on a long line without `]`.
  const prefix = /^\[[^\]]*\] ?/.exec(line);
  return prefix && prefix[0].includes(' @ ') ? line.slice(prefix[0].length) : line;
}

/** Largest picture first, then highest frame rate, then format name (stable for tests and menus). */
export function sortModes(modes: CameraMode[]): CameraMode[] {
  return [...modes].sort(
    (a, b) => b.width * b.height - a.width * a.height || b.width - a.width || (b.fps[0] ?? 0) - (a.fps[0] ?? 0) || a.format.localeCompare(b.format),
  );
}
