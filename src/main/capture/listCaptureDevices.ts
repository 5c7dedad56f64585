// Lists the cameras, screens and audio inputs of this machine with the OS's own tools; never throws — a missing
// tool, a permission or a Wayland session becomes a note for the user.

import type { CaptureDevices } from '../../shared/captureDevices';
import type { DesktopPlatform } from '../../shared/ffmpegCapabilities';
import { runFfmpegOnce, type RunFfmpeg } from '../ffmpeg/runFfmpegOnce';
import { assessCaptureDevices } from './captureIssues';
import type { ToolContext } from './captureTools';
import { listLinuxCameras, listLinuxMicrophones, listX11Screens } from './linuxDevices';
import { linuxSession, linuxSessionNotes } from './linuxSession';
import { listMacDevices, listWindowsDevices } from './windowsMacDevices';

/** Options of `listCaptureDevices`. */
export interface ListCaptureDevicesOptions {
  platform: DesktopPlatform;
  /** ffmpeg for the DirectShow, AVFoundation and V4L2 listings; null when none is usable (the rest still works). */
  ffmpegPath: string | null;
  /** Environment of the session (DISPLAY, WAYLAND_DISPLAY, XDG_RUNTIME_DIR…). Default: this process's. */
  env?: NodeJS.ProcessEnv;
  /** Bound on each tool run, ms. Default 5000. */
  timeoutMs?: number;
  /** Seams for tests: the process runner and the sysfs root that holds `class/video4linux`. */
  deps?: { run?: RunFfmpeg; sysfsRoot?: string };
}

/** Finds what can be captured here. Runs a handful of short commands (about 0.1–1 s in total on a desktop). */
export async function listCaptureDevices(options: ListCaptureDevicesOptions): Promise<CaptureDevices> {
  const ctx: ToolContext = {
    run: options.deps?.run ?? runFfmpegOnce,
    env: options.env ?? process.env,
    timeoutMs: options.timeoutMs ?? 5000,
    notes: [],
  };
  const { platform, ffmpegPath } = options;
  if (platform === 'win32' || platform === 'darwin') {
    const listed = platform === 'win32' ? await listWindowsDevices(ctx, ffmpegPath) : await listMacDevices(ctx, ffmpegPath);
    // Without ffmpeg nothing was listed, so an empty list says nothing about the machine.
    return { platform, ...listed, notes: ctx.notes, ...(ffmpegPath ? assessCaptureDevices({ platform, session: null, ...listed }) : {}) };
  }

  const session = linuxSession(ctx.env);
  ctx.notes.push(...linuxSessionNotes(session));
  // Sequential on purpose: the tools are quick, and the notes then come out in a stable order.
  const cameras = await listLinuxCameras(ctx, ffmpegPath, options.deps?.sysfsRoot);
  const screens = await listX11Screens(ctx, session);
  const microphones = await listLinuxMicrophones(ctx);
  return { platform, cameras, screens, microphones, notes: ctx.notes, ...assessCaptureDevices({ platform, session, cameras, screens, microphones }) };
}
