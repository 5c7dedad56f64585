// Checks, before anything is spawned, that the chosen camera, screen and audio input exist, so a missing device is one
// clear sentence naming it and what this machine has, instead of an encoder that dies with ffmpeg's own wording.

import { existsSync, readdirSync } from 'node:fs';
import { AppError } from '../appError';
import type { EncodeSettings } from '../ffmpeg/args/encodeSettings';
import { ALSA_PREFIX } from '../ffmpeg/args/captureInputArgs';
import { runFfmpegOnce, type RunFfmpeg } from '../ffmpeg/runFfmpegOnce';
import { runTool, type ToolContext } from './captureTools';
import { NO_V4L2_CAMERA, readV4l2Nodes } from './linuxDevices';
import { linuxSession, linuxSessionNotes, X11_SOCKET_DIR, x11SocketPath } from './linuxSession';
import { parsePactlShortSources } from './parseAudioSources';
import { avfoundationDevices, dshowDevices } from './windowsMacDevices';

/** Options of `verifyCaptureSource`. */
export interface VerifyCaptureOptions {
  ffmpegPath: string;
  env?: NodeJS.ProcessEnv;
  /** Bound on each listing, ms. Default 5000. */
  timeoutMs?: number;
  /** Seams for tests. */
  deps?: { run?: RunFfmpeg; sysfsRoot?: string; exists?: (path: string) => boolean; x11SocketDir?: string };
}

const shown = (items: string[], limit = 8) => (items.length > limit ? `${items.slice(0, limit).join(', ')}, …` : items.join(', '));

/** "No camera X; cameras here: …" or, with none, what the platform's emptiness means. Pure. */
export function cameraMissingError(device: string, available: string[], platform: EncodeSettings['platform']): AppError {
  const here = available.length > 0 ? `cameras here: ${shown(available)}` : platform === 'linux' ? NO_V4L2_CAMERA : 'this machine lists no camera';
  return new AppError('input', 'camera_not_found', `No camera ${device}; ${here}.`);
}

/** "No audio input X; inputs here: …". Pure. */
export function audioMissingError(device: string, available: string[]): AppError {
  const here = available.length > 0 ? `audio inputs here: ${shown(available)}` : 'this machine lists no audio input';
  return new AppError('input', 'audio_device_not_found', `No audio input "${device}"; ${here} (see \`srt-companion devices\`).`, {
    appMessage: `No audio input "${device}"; ${here}. Pick one from the list (Diagnostics › Capture devices shows them all).`,
  });
}

function camerasOf(input: EncodeSettings['input']): string[] {
  if (input.kind === 'camera') return [input.device];
  if (input.kind === 'desktop' && input.overlayCamera) return [input.overlayCamera.device];
  return [];
}

async function verifyLinux(s: EncodeSettings, ctx: ToolContext, options: VerifyCaptureOptions): Promise<void> {
  const exists = options.deps?.exists ?? existsSync;
  for (const camera of camerasOf(s.input)) {
    if (exists(camera)) continue;
    const nodes = (await readV4l2Nodes(options.deps?.sysfsRoot)).filter((n) => n.index === 0);
    throw cameraMissingError(camera, nodes.map((n) => `${n.path} (${n.name})`), 'linux');
  }
  if (s.input.kind === 'desktop') {
    const display = s.input.display ?? ':0.0';
    const socketDir = options.deps?.x11SocketDir ?? X11_SOCKET_DIR;
    const socket = x11SocketPath(display, socketDir);
    if (socket && !exists(socket)) {
      let running: string[] = [];
      try {
        running = readdirSync(socketDir).filter((f) => /^X\d+$/.test(f)).map((f) => `:${f.slice(1)}`);
      } catch {
        // no X socket directory at all
      }
      const session = linuxSessionNotes(linuxSession(ctx.env))[0];
      const here = running.length > 0 ? `running displays: ${running.join(', ')}` : 'no X server runs on this machine';
      throw new AppError('input', 'display_not_found', `No X display ${display}; ${here}.${session ? ` ${session}` : ''}`);
    }
  }
  if (s.audio.kind === 'device' && !s.audio.device.startsWith(ALSA_PREFIX) && s.audio.device !== 'default') {
    const listed = await runTool(ctx, 'pactl', ['list', 'short', 'sources']);
    if (listed.kind !== 'ran') return; // no pactl: let ffmpeg try, its error names the source
    if (listed.exitCode !== 0) {
      throw new AppError('input', 'audio_server_down', `No PulseAudio/PipeWire server answered, so audio input "${s.audio.device}" cannot be captured; start the sound server, or pick an ALSA device from \`srt-companion devices\`.`, {
        appMessage: `The sound system (PulseAudio or PipeWire) does not answer, so audio input "${s.audio.device}" cannot be captured: start it, or pick another audio input or the test tone.`,
      });
    }
    const sources = parsePactlShortSources(listed.stdout).map((m) => m.id);
    if (!sources.includes(s.audio.device)) throw audioMissingError(s.audio.device, sources);
  }
}

/**
 * Throws AppError('input') when the source's camera, X display or audio input is not there, naming what exists.
 * Windows and macOS check names against ffmpeg's device listing. When a listing cannot be made (tool missing,
 * timeout), the check is skipped: ffmpeg's own error will still say what failed.
 */
export async function verifyCaptureSource(s: EncodeSettings, options: VerifyCaptureOptions): Promise<void> {
  const ctx: ToolContext = { run: options.deps?.run ?? runFfmpegOnce, env: options.env ?? process.env, timeoutMs: options.timeoutMs ?? 5000, notes: [] };
  if (s.platform === 'linux') return verifyLinux(s, ctx, options);
  const cameras = camerasOf(s.input);
  const audio = s.audio.kind === 'device' ? s.audio.device : null;
  if (cameras.length === 0 && audio === null) return;
  if (s.platform === 'win32') {
    const list = await dshowDevices(ctx, options.ffmpegPath);
    if (!list) return;
    for (const camera of cameras) {
      if (!list.video.some((d) => d.name === camera || d.alternativeName === camera)) throw cameraMissingError(camera, list.video.map((d) => d.name), 'win32');
    }
    if (audio !== null && !list.audio.some((d) => d.name === audio || d.alternativeName === audio)) throw audioMissingError(audio, list.audio.map((d) => d.name));
    return;
  }
  const list = await avfoundationDevices(ctx, options.ffmpegPath);
  if (!list) return;
  // AVFoundation takes a name or an index.
  const has = (devices: { index: number; name: string }[], wanted: string) => devices.some((d) => d.name === wanted || String(d.index) === wanted);
  for (const camera of cameras) {
    if (!has(list.cameras, camera)) throw cameraMissingError(camera, list.cameras.map((d) => d.name), 'darwin');
  }
  if (audio !== null && !has(list.audio, audio)) throw audioMissingError(audio, list.audio.map((d) => d.name));
}
