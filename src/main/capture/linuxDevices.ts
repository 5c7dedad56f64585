// Linux device discovery (I/O): V4L2 cameras from sysfs + ffmpeg/v4l2-ctl, X11 screens from xrandr/xdpyinfo,
// audio inputs from pactl (PulseAudio or PipeWire) or ALSA's arecord.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CameraDevice, MicrophoneDevice, ScreenDevice } from '../../shared/captureDevices';
import { runTool, toolNote, type ToolContext } from './captureTools';
import type { LinuxSession } from './linuxSession';
import { parseArecordList, parsePactlJsonSources, parsePactlShortSources } from './parseAudioSources';
import { parseFfmpegV4l2Formats, parseV4l2CtlFormats } from './parseV4l2Output';
import { parseXdpyinfoScreens, parseXrandrMonitors, type XrandrMonitor } from './parseX11Output';

/** One `/sys/class/video4linux/videoN` entry. */
export interface V4l2Node {
  /** `/dev/videoN`. */
  path: string;
  /** The driver's device name (`HD Pro Webcam C920`). */
  name: string;
  /** Node index within its device: 0 is the capture node; UVC cameras add a metadata node with index 1. */
  index: number;
}

/** Reads the V4L2 nodes the kernel knows, in number order; an empty list when there are none (or no sysfs). */
export async function readV4l2Nodes(sysfsRoot = '/sys'): Promise<V4l2Node[]> {
  const dir = join(sysfsRoot, 'class', 'video4linux');
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const nodes: V4l2Node[] = [];
  for (const entry of entries.filter((e) => /^video\d+$/.test(e)).sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))) {
    const read = (file: string) => readFile(join(dir, entry, file), 'utf8').then((t) => t.trim(), () => null);
    const [name, index] = await Promise.all([read('name'), read('index')]);
    nodes.push({ path: `/dev/${entry}`, name: name || entry, index: index !== null && /^\d+$/.test(index) ? Number(index) : 0 });
  }
  return nodes;
}

/** The sentence for a machine without any V4L2 camera (also used when a chosen camera is missing). */
export const NO_V4L2_CAMERA = 'this machine has no V4L2 camera (no /dev/video* capture device; plug one in or check that its driver is loaded)';

/** Cameras with their modes: ffmpeg says whether a node captures; v4l2-ctl, when installed, adds frame rates. */
export async function listLinuxCameras(ctx: ToolContext, ffmpegPath: string | null, sysfsRoot?: string): Promise<CameraDevice[]> {
  const nodes = (await readV4l2Nodes(sysfsRoot)).filter((n) => n.index === 0);
  if (nodes.length === 0) {
    ctx.notes.push(`No camera: ${NO_V4L2_CAMERA}.`);
    return [];
  }
  const cameras: CameraDevice[] = [];
  let v4l2CtlMissing = false;
  for (const node of nodes) {
    let modes: CameraDevice['modes'];
    if (ffmpegPath) {
      const listed = await runTool(ctx, ffmpegPath, ['-hide_banner', '-f', 'v4l2', '-list_formats', 'all', '-i', node.path]);
      if (listed.kind === 'ran') {
        const formats = parseFfmpegV4l2Formats(listed.output);
        if (formats.notCapture) continue; // e.g. a capture card's second, non-capture node
        if (formats.openError) {
          const hint = /permission/i.test(formats.openError) ? ": add your user to the 'video' group and log in again" : '';
          ctx.notes.push(`Cannot open ${node.path} (${node.name}): ${formats.openError}${hint}.`);
        }
        if (formats.modes.length > 0) modes = formats.modes;
      }
    }
    if (!v4l2CtlMissing) {
      const ext = await runTool(ctx, 'v4l2-ctl', ['--list-formats-ext', '-d', node.path]);
      if (ext.kind === 'missing') {
        v4l2CtlMissing = true;
        ctx.notes.push(toolNote('v4l2-ctl', ext, 'camera frame rates are not listed, only sizes', 'v4l-utils'));
      } else if (ext.kind === 'ran' && ext.exitCode === 0) {
        const withFps = parseV4l2CtlFormats(ext.stdout);
        if (withFps.length > 0) modes = withFps;
      }
    }
    cameras.push({ id: node.path, name: node.name, ...(modes ? { modes } : {}) });
  }
  return cameras;
}

/** The base of a display name without its screen number (`:0.1` → `:0`). */
function displayBase(display: string): string {
  return display.replace(/\.\d+$/, '');
}

function monitorScreens(display: string, monitors: XrandrMonitor[]): ScreenDevice[] {
  const label = (m: XrandrMonitor) => `${m.name} ${m.width}x${m.height}${m.primary ? ' (primary)' : ''}`;
  if (monitors.length === 1) {
    const m = monitors[0] as XrandrMonitor;
    return [{ id: display, name: label(m), width: m.width, height: m.height, x: m.x, y: m.y, primary: m.primary, capture: { display } }];
  }
  const right = Math.max(...monitors.map((m) => m.x + m.width));
  const bottom = Math.max(...monitors.map((m) => m.y + m.height));
  const all: ScreenDevice = { id: display, name: `All monitors ${right}x${bottom}`, width: right, height: bottom, x: 0, y: 0, capture: { display } };
  return [
    all,
    ...monitors.map((m) => ({
      id: `${display}+${m.x},${m.y}`,
      name: `${label(m)} at +${m.x}+${m.y}`,
      width: m.width,
      height: m.height,
      x: m.x,
      y: m.y,
      primary: m.primary,
      capture: { display, region: { x: m.x, y: m.y, width: m.width, height: m.height } },
    })),
  ];
}

/** X11 screens: RandR monitors (each a region of the display) or, without xrandr, the X screens xdpyinfo lists. */
export async function listX11Screens(ctx: ToolContext, session: LinuxSession): Promise<ScreenDevice[]> {
  const display = session.display;
  if (!display) return [];
  const env = { ...ctx.env, DISPLAY: display };
  const xrandr = await runTool({ ...ctx, env }, 'xrandr', ['--listmonitors']);
  if (xrandr.kind === 'ran' && xrandr.exitCode === 0) {
    const monitors = parseXrandrMonitors(xrandr.stdout);
    if (monitors.length > 0) return monitorScreens(display, monitors);
  }
  if (xrandr.kind === 'missing') ctx.notes.push(toolNote('xrandr', xrandr, 'monitors are not listed one by one', 'x11-xserver-utils'));
  const xdpyinfo = await runTool({ ...ctx, env }, 'xdpyinfo', []);
  if (xdpyinfo.kind === 'ran' && xdpyinfo.exitCode === 0) {
    return parseXdpyinfoScreens(xdpyinfo.stdout).map((s) => {
      const id = `${displayBase(display)}.${s.screen}`;
      return { id, name: `X screen ${id} ${s.width}x${s.height}`, width: s.width, height: s.height, x: 0, y: 0, capture: { display: id } };
    });
  }
  ctx.notes.push(toolNote('xdpyinfo', xdpyinfo, `the X display ${display} could not be queried, so no screen is listed`, 'x11-utils'));
  return [];
}

/** Audio inputs: PulseAudio/PipeWire sources (monitors last), or ALSA capture devices when no sound server answers. */
export async function listLinuxMicrophones(ctx: ToolContext): Promise<MicrophoneDevice[]> {
  const sorted = (list: MicrophoneDevice[]) => [...list.filter((m) => !m.monitor), ...list.filter((m) => m.monitor)];
  const json = await runTool(ctx, 'pactl', ['-f', 'json', 'list', 'sources']);
  if (json.kind === 'ran' && json.exitCode === 0) {
    const parsed = parsePactlJsonSources(json.stdout);
    if (parsed) return sorted(parsed);
  }
  let why: string;
  if (json.kind === 'missing') {
    why = toolNote('pactl', json, 'PulseAudio/PipeWire sources are not listed; showing ALSA devices instead', 'pulseaudio-utils');
  } else {
    // pactl before 16 has no `-f json`; a server that is not running fails both ways.
    const short = await runTool(ctx, 'pactl', ['list', 'short', 'sources']);
    if (short.kind === 'ran' && short.exitCode === 0) return sorted(parsePactlShortSources(short.stdout));
    why = toolNote('pactl', short, 'no PulseAudio/PipeWire server answered; showing ALSA devices instead');
  }
  ctx.notes.push(why);
  const arecord = await runTool(ctx, 'arecord', ['-l']);
  if (arecord.kind !== 'ran') {
    ctx.notes.push(toolNote('arecord', arecord, 'ALSA capture devices are not listed', 'alsa-utils'));
    return [];
  }
  const alsa = parseArecordList(arecord.output);
  if (alsa.length === 0) ctx.notes.push('No audio input: no sound server answered and ALSA lists no capture device.');
  return alsa;
}
