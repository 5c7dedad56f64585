// Builds a broadcast's dependencies from the services, the same way for the CLI and the desktop app.

import { join } from 'node:path';
import type { BroadcastConfig } from '../shared/broadcastTypes';
import { AppError } from './appError';
import type { BroadcastDeps, BroadcastTuning } from './broadcast/broadcastOptions';
import { checkRequest } from './broadcast/broadcastPlan';
import { X265_PRESETS, type X265Preset } from './ffmpeg/args/encodeSettings';
import { desktopPlatform, type Services } from './services';
import type { Settings } from './settings/settingsStore';

/** What a front end may set on top of the services (tests shorten timings; the CLI passes its environment). */
export type BroadcastOverrides = Partial<Pick<BroadcastDeps, 'tuning' | 'x265Preset' | 'rehearsalOutageMs' | 'rehearsalRules' | 'platformPollMs' | 'verifyInput' | 'env'>>;

/** Engine timings from the `engine` settings block (all optional; Gcore-based defaults otherwise). */
export function tuningFromSettings(engine: Settings['engine']): BroadcastTuning {
  if (!engine) return {};
  const { silenceMs, encoderStallMs, encoderMaxRestarts, srtSender, ...failover } = engine;
  return {
    failover,
    ...(silenceMs !== undefined ? { silenceMs } : {}),
    ...(srtSender !== undefined ? { srtSender } : {}),
    ...(encoderStallMs !== undefined || encoderMaxRestarts !== undefined
      ? { encoderRestart: { ...(encoderStallMs !== undefined ? { stallMs: encoderStallMs } : {}), ...(encoderMaxRestarts !== undefined ? { maxRestarts: encoderMaxRestarts } : {}) } }
      : {}),
  };
}

/** SRT_COMPANION_X265_PRESET picks libx265's speed preset (e.g. ultrafast on a weak CPU); unknown names are refused. */
export function x265PresetFromEnv(raw: string | undefined): X265Preset | undefined {
  if (!raw) return undefined;
  if (!(X265_PRESETS as readonly string[]).includes(raw)) {
    throw new AppError('config', 'bad_x265_preset', `SRT_COMPANION_X265_PRESET must be one of ${X265_PRESETS.join(', ')}, not "${raw}".`);
  }
  return raw as X265Preset;
}

/**
 * The probe, the platform, the recordings folder, the API (only for a Gcore stream target), the engine settings and
 * the libx265 preset: everything a Broadcast needs, from the services both front ends share.
 */
export async function broadcastDeps(services: Services, config: BroadcastConfig, overrides: BroadcastOverrides = {}): Promise<BroadcastDeps> {
  checkRequest(config); // a bad URL, passphrase or latency is refused before ffmpeg is probed or the API is asked
  const probe = await services.ffmpeg();
  const client = config.target.kind === 'stream' ? await services.apiClient() : null;
  const x265Preset = overrides.x265Preset ?? x265PresetFromEnv(services.env.SRT_COMPANION_X265_PRESET);
  return {
    probe,
    platform: desktopPlatform(services.platform),
    recordDir: join(services.configDir, 'recordings'),
    ...(client ? { getStream: (id: number) => client.getStream(id) } : {}),
    ...overrides,
    tuning: overrides.tuning ?? tuningFromSettings((await services.settings()).engine),
    ...(x265Preset ? { x265Preset } : {}),
  };
}
