// Validation at the door (pure): everything about a requested broadcast that can be checked without the network is
// checked here, before any process, socket or timer exists, and each refusal names the setting it is about.

import type { BroadcastConfig } from '../../shared/broadcastTypes';
import type { DesktopPlatform, FfmpegProbe } from '../../shared/ffmpegCapabilities';
import { AppError } from '../appError';
import { validateEncodeSettings, X265_PRESETS, type EncodeSettings, type X265Preset } from '../ffmpeg/args/encodeSettings';
import { validateLatencyMs } from '../ffmpeg/args/senderArgs';
import { chooseEncoder } from '../ffmpeg/chooseEncoder';
import { assertCanBroadcast } from '../ffmpeg/probeFfmpeg';
import { targetsFromUrls, type ResolvedTargets } from './resolveTargets';

export interface PlanContext {
  probe: FfmpegProbe;
  platform: DesktopPlatform;
  x265Preset: X265Preset;
  /** The desktop session's X display (`DISPLAY`), used when a Linux desktop source names none. */
  sessionDisplay: string | undefined;
}

/** A broadcast whose settings passed every check: what the engine starts from. */
export interface BroadcastPlan {
  encode: EncodeSettings;
  /** Things the user should know that do not stop the broadcast (a named encoder replaced by libx265). */
  notices: string[];
  /** The ingests when the request names them (SRT URLs); null when they come from the API or the local rehearsal. */
  targets: ResolvedTargets | null;
}

/** Which setting each refusal of the encode checks is about, for the form to mark. */
const FIELD_OF_CODE: Readonly<Record<string, string>> = {
  bad_size: 'size',
  bad_fps: 'fps',
  bad_bitrate: 'bitrateKbps',
  bad_keyint: 'keyintSeconds',
  bad_preset: 'encoder',
  unknown_encoder: 'encoder',
  encoder_not_on_platform: 'encoder',
  encoder_unusable: 'encoder',
  bad_camera: 'input',
  bad_capture_mode: 'input',
  bad_display: 'input',
  bad_region: 'input',
  bad_overlay: 'input',
  bad_audio_device: 'audio',
  bad_latency: 'latencyMs',
};

function withField<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    const field = err instanceof AppError && err.field === undefined ? FIELD_OF_CODE[err.code] : undefined;
    if (err instanceof AppError && field !== undefined) throw err.withField(field);
    throw err;
  }
}

/**
 * The engine's input for a config's source: the test pattern draws its clock, the cursor is drawn unless switched
 * off, and on Linux a bare display number (`desktop:1` on the command line) means the X display `:1`, while no display
 * means the session's own (not always :0: a second login, XWayland, Xvfb).
 */
function engineInput(input: BroadcastConfig['input'], platform: DesktopPlatform, sessionDisplay: string | undefined): EncodeSettings['input'] {
  if (input.kind === 'testsrc') return { clockOverlay: true, ...input };
  if (input.kind !== 'desktop') return input;
  let display = input.display;
  if (platform === 'linux' && display !== undefined && /^\d+(\.\d+)?$/.test(display)) display = `:${display}`;
  if (platform === 'linux' && display === undefined) display = sessionDisplay;
  const { display: _given, ...rest } = input;
  return { ...rest, showCursor: input.showCursor ?? true, ...(display !== undefined ? { display } : {}) };
}

/** The encoder's settings for a config (not yet validated): the picture fields, the engine's input, encoder and preset. */
export function encodeSettingsFrom(config: BroadcastConfig, encoder: string, platform: DesktopPlatform, preset: X265Preset, sessionDisplay?: string): EncodeSettings {
  const { target: _target, input, encoder: _requested, latencyMs: _latency, mode: _mode, ...picture } = config;
  return { ...picture, input: engineInput(input, platform, sessionDisplay), encoder, preset, platform };
}

/**
 * The checks that need neither ffmpeg nor the API: SRT latency, mode and the target (URL shape, host, port, stream id,
 * passphrase; a Gcore stream's number). Front ends run it first, so a bad URL is refused before ffmpeg is even probed.
 * Returns the ingests when the request names them.
 */
export function checkRequest(config: BroadcastConfig): ResolvedTargets | null {
  withField(() => validateLatencyMs(config.latencyMs));
  if (config.mode !== 'failover' && config.mode !== 'redundant') {
    throw new AppError('input', 'bad_mode', `The mode must be failover or redundant, not "${String(config.mode)}".`, { field: 'mode' });
  }
  if (config.target.kind === 'stream' && !(Number.isSafeInteger(config.target.gcoreStreamId) && config.target.gcoreStreamId > 0)) {
    throw new AppError('input', 'bad_gcore_stream_id', `"${String(config.target.gcoreStreamId)}" is not a Gcore stream id; pick the stream again.`, { field: 'target' });
  }
  return config.target.kind === 'urls' ? targetsFromUrls(config.target.primary, config.target.backup) : null;
}

/** Checks the whole request and returns what to start. Throws AppError (with `field`) for the first bad setting. */
export function planBroadcast(config: BroadcastConfig, ctx: PlanContext): BroadcastPlan {
  const targets = checkRequest(config);
  assertCanBroadcast(ctx.probe);
  if (!(X265_PRESETS as readonly string[]).includes(ctx.x265Preset)) {
    throw new AppError('config', 'bad_x265_preset', `The libx265 preset must be one of ${X265_PRESETS.join(', ')}, not "${ctx.x265Preset}".`);
  }
  const choice = withField(() => chooseEncoder(config.encoder, ctx.probe));
  const encode = encodeSettingsFrom(config, choice.encoder, ctx.platform, ctx.x265Preset, ctx.sessionDisplay);
  withField(() => validateEncodeSettings(encode));
  return { encode, notices: choice.notice ? [choice.notice] : [], targets };
}
