// Pure parsers of X11 screen listings: `xrandr --listmonitors` (monitors and their geometry) and `xdpyinfo` (screens).

import { splitLines } from './parseHelpers';

/** One RandR monitor: a rectangle of the X screen, in pixels. */
export interface XrandrMonitor {
  index: number;
  /** Output name (`HDMI-0`, `eDP-1`; `screen` on Xvfb). */
  name: string;
  primary: boolean;
  width: number;
  height: number;
  x: number;
  y: number;
}

/**
 * Parses `xrandr --listmonitors`: `Monitors: N` then ` 0: +*HDMI-0 3840/597x2160/336+1975+0  HDMI-0`
 * (`+` automatic, `*` primary; sizes as pixels/millimetres; offsets may be negative).
 */
export function parseXrandrMonitors(text: string): XrandrMonitor[] {
  const monitors: XrandrMonitor[] = [];
  for (const line of splitLines(text)) {
    // The name starts after the flags (`[^\s+*]`), so flags and name never compete for the same characters.
    const m = /^\s*(\d+):\s+([+*]*)([^\s+*]\S*)\s+(\d+)\/\d+x(\d+)\/\d+([+-]\d+)([+-]\d+)/.exec(line);
    if (!m) continue;
    monitors.push({
      index: Number(m[1]),
      name: m[3] ?? '',
      primary: (m[2] ?? '').includes('*'),
      width: Number(m[4]),
      height: Number(m[5]),
      x: Number(m[6]),
      y: Number(m[7]),
    });
  }
  return monitors;
}

/** One X screen of a display (`:0.0`, `:0.1`). */
export interface XScreen {
  /** Display name as xdpyinfo printed it, e.g. `:0`. */
  display: string;
  screen: number;
  width: number;
  height: number;
}

/** Parses `xdpyinfo`: `name of display:` once, then `screen #N:` blocks with `dimensions: WxH pixels`. */
export function parseXdpyinfoScreens(text: string): XScreen[] {
  const screens: XScreen[] = [];
  let display = '';
  let screen: number | null = null;
  for (const line of splitLines(text)) {
    const name = /^name of display:\s+(\S+)/.exec(line);
    if (name) display = name[1] ?? '';
    const header = /^screen #(\d+):/.exec(line);
    if (header) screen = Number(header[1]);
    const dims = /^\s+dimensions:\s+(\d+)x(\d+) pixels/.exec(line);
    if (dims && screen !== null) {
      screens.push({ display, screen, width: Number(dims[1]), height: Number(dims[2]) });
      screen = null;
    }
  }
  return screens;
}
