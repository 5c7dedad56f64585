// Windows and macOS device discovery (I/O): ffmpeg's DirectShow / AVFoundation listings, PowerShell for monitors.

import type { CameraDevice, MicrophoneDevice, ScreenDevice } from '../../shared/captureDevices';
import { runTool, toolNote, type ToolContext } from './captureTools';
import { parseAvfoundationDeviceList, type AvfoundationDeviceList } from './parseAvfoundationOutput';
import { parseDshowDeviceList, parseDshowOptions, type DshowDeviceList } from './parseDshowOutput';
import { parseWindowsScreens, WINDOWS_SCREENS_ARGS } from './parseWindowsScreens';

export interface FoundDevices {
  cameras: CameraDevice[];
  screens: ScreenDevice[];
  microphones: MicrophoneDevice[];
}

/** `ffmpeg -f dshow -list_devices true -i dummy`, parsed; null (with a note) when ffmpeg could not be run. */
export async function dshowDevices(ctx: ToolContext, ffmpegPath: string | null): Promise<DshowDeviceList | null> {
  if (!ffmpegPath) {
    ctx.notes.push('No usable ffmpeg: DirectShow cameras and microphones cannot be listed.');
    return null;
  }
  const listed = await runTool(ctx, ffmpegPath, ['-hide_banner', '-f', 'dshow', '-list_devices', 'true', '-i', 'dummy']);
  if (listed.kind !== 'ran') {
    ctx.notes.push(toolNote('ffmpeg', listed, 'DirectShow cameras and microphones are not listed'));
    return null;
  }
  return parseDshowDeviceList(listed.output);
}

/** Windows: DirectShow cameras (with modes from -list_options) and microphones; monitors from PowerShell. */
export async function listWindowsDevices(ctx: ToolContext, ffmpegPath: string | null): Promise<FoundDevices> {
  const list = await dshowDevices(ctx, ffmpegPath);
  const cameras: CameraDevice[] = [];
  for (const device of list?.video ?? []) {
    // One at a time: some drivers refuse a second open of the same filter graph.
    const options = ffmpegPath ? await runTool(ctx, ffmpegPath, ['-hide_banner', '-f', 'dshow', '-list_options', 'true', '-i', `video=${device.name}`]) : null;
    const modes = options?.kind === 'ran' ? parseDshowOptions(options.output) : [];
    cameras.push({ id: device.name, name: device.name, ...(modes.length > 0 ? { modes } : {}) });
  }
  const microphones = (list?.audio ?? []).map((d) => ({ id: d.name, name: d.name }));
  if (list && cameras.length === 0) ctx.notes.push('No camera: DirectShow lists no video capture device.');
  if (list && microphones.length === 0) ctx.notes.push('No microphone: DirectShow lists no audio capture device (check Settings → Privacy → Microphone).');

  const shell = await runTool(ctx, 'powershell.exe', WINDOWS_SCREENS_ARGS);
  const screens = parseWindowsScreens(shell.kind === 'ran' ? shell.stdout : '');
  if (screens.length === 1) ctx.notes.push(toolNote('PowerShell', shell, 'monitors are not listed one by one; the whole desktop can still be captured'));
  return { cameras, screens, microphones };
}

/** `ffmpeg -f avfoundation -list_devices true -i ""`, parsed; null (with a note) when ffmpeg could not be run. */
export async function avfoundationDevices(ctx: ToolContext, ffmpegPath: string | null): Promise<AvfoundationDeviceList | null> {
  if (!ffmpegPath) {
    ctx.notes.push('No usable ffmpeg: AVFoundation cameras, screens and microphones cannot be listed.');
    return null;
  }
  const listed = await runTool(ctx, ffmpegPath, ['-hide_banner', '-f', 'avfoundation', '-list_devices', 'true', '-i', '']);
  if (listed.kind !== 'ran') {
    ctx.notes.push(toolNote('ffmpeg', listed, 'AVFoundation devices are not listed'));
    return null;
  }
  return parseAvfoundationDeviceList(listed.output);
}

/** macOS: everything comes from the one AVFoundation listing; modes are only printed while capturing. */
export async function listMacDevices(ctx: ToolContext, ffmpegPath: string | null): Promise<FoundDevices> {
  const list = await avfoundationDevices(ctx, ffmpegPath);
  if (!list) return { cameras: [], screens: [], microphones: [] };
  const screens: ScreenDevice[] = list.screens.map((s) => ({ id: s.name, name: s.name, width: null, height: null, x: 0, y: 0, capture: { display: s.name } }));
  ctx.notes.push('macOS reports camera modes only while capturing: pick a size and frame rate, and the camera delivers its closest mode.');
  if (screens.length === 0) {
    ctx.notes.push('No screen listed: allow Screen Recording for this app (or the terminal running the CLI) in System Settings → Privacy & Security.');
  }
  if (list.cameras.length === 0) ctx.notes.push('No camera listed: connect one, or allow Camera access in System Settings → Privacy & Security.');
  return {
    cameras: list.cameras.map((c) => ({ id: c.name, name: c.name })),
    screens,
    microphones: list.audio.map((a) => ({ id: a.name, name: a.name })),
  };
}
