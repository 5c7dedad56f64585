// Starts one uplink with the chosen SRT sender: the engine's own (default: no sender process, no loopback hop) or a
// libsrt sender ffmpeg behind the SRT tap.

import { startEngineUplink } from './engineUplink';
import { startFfmpegUplink } from './ffmpegUplink';
import type { Uplink, UplinkOptions } from './uplinkContract';

export type { SrtSenderKind, Uplink, UplinkCallbacks, UplinkOptions, UplinkTarget } from './uplinkContract';

export function startUplink(options: UplinkOptions): Promise<Uplink> {
  return options.sender === 'ffmpeg' ? startFfmpegUplink(options) : startEngineUplink(options);
}
