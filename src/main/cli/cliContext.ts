// Builds the services a CLI command needs (settings, keychain, API client, ffmpeg) lazily, from the CLI's environment.

import { AppError } from '../appError';
import type { DesktopPlatform, FfmpegProbe } from '../../shared/ffmpegCapabilities';
import { discoverFfmpeg } from '../ffmpeg/probeFfmpeg';
import { resolveApiBaseUrl } from '../gcore/apiBaseUrl';
import { GcoreClient } from '../gcore/gcoreClient';
import { createKeytarBackend } from '../secrets/keytarStore';
import { createTokenStore, KEYCHAIN_SERVICE, type TokenStore } from '../secrets/tokenStore';
import { defaultConfigDir, loadSettings, settingsPath, type Settings } from '../settings/settingsStore';
import type { CliIo } from './cliIo';

export interface CliContext {
  io: CliIo;
  configDir: string;
  settings(): Promise<Settings>;
  tokenStore(): TokenStore;
  /** An API client with the stored token; a clear error when no token is stored. */
  apiClient(): Promise<GcoreClient>;
  apiBaseUrl(): Promise<string>;
  /** The ffmpeg to use (user setting → FFMPEG_PATH → bundled → PATH), probed once and cached in the config dir. */
  ffmpeg(): Promise<FfmpegProbe>;
}

export function desktopPlatform(platform: NodeJS.Platform): DesktopPlatform {
  if (platform === 'darwin' || platform === 'win32') return platform;
  return 'linux';
}

export function createCliContext(io: CliIo): CliContext {
  const configDir = defaultConfigDir(io.env, io.platform);
  let settingsPromise: Promise<Settings> | undefined;
  let store: TokenStore | undefined;
  const ctx: CliContext = {
    io,
    configDir,
    settings() {
      settingsPromise ??= loadSettings(settingsPath(configDir));
      return settingsPromise;
    },
    tokenStore() {
      // SRT_COMPANION_KEYCHAIN_SERVICE lets tests use their own keychain entry instead of the user's.
      store ??= createTokenStore(createKeytarBackend(io.platform), io.env.SRT_COMPANION_KEYCHAIN_SERVICE || KEYCHAIN_SERVICE);
      return store;
    },
    async apiBaseUrl() {
      const settings = await ctx.settings();
      return resolveApiBaseUrl({ setting: settings.apiBaseUrl ?? null, env: io.env });
    },
    async ffmpeg() {
      const settings = await ctx.settings();
      return discoverFfmpeg({ userPath: settings.ffmpegPath ?? undefined, env: io.env, platform: desktopPlatform(io.platform), cacheDir: configDir });
    },
    async apiClient() {
      const baseUrl = await ctx.apiBaseUrl();
      const token = await ctx.tokenStore().get();
      if (!token) {
        throw new AppError('config', 'token_missing', 'No Gcore API token is stored; run `srt-companion token set` and paste your token.');
      }
      return new GcoreClient({ baseUrl, token });
    },
  };
  return ctx;
}
