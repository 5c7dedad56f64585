// The plain-Node services both front ends use (CLI and desktop): settings, keychain, API client, ffmpeg.

import type { DesktopPlatform, FfmpegProbe } from '../shared/ffmpegCapabilities';
import { AppError } from './appError';
import { discoverFfmpeg } from './ffmpeg/probeFfmpeg';
import { resolveApiBaseUrl } from './gcore/apiBaseUrl';
import { GcoreClient } from './gcore/gcoreClient';
import { createKeytarBackend } from './secrets/keytarStore';
import { createTokenStore, KEYCHAIN_SERVICE, type TokenStore } from './secrets/tokenStore';
import { defaultConfigDir, loadSettings, saveSettings, settingsPath, type LoadedSettings, type Settings } from './settings/settingsStore';

export interface Services {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  configDir: string;
  settings(): Promise<Settings>;
  /** Merges a patch into the settings file; saves run one after another, so none is lost. */
  saveSettings(patch: Partial<Settings>): Promise<Settings>;
  /** Set once an invalid settings file was replaced by the defaults: the sentence to show the user; null otherwise. */
  settingsNotice(): string | null;
  tokenStore(): TokenStore;
  apiBaseUrl(): Promise<string>;
  /** An API client with the stored token; a clear error when no token is stored. */
  apiClient(): Promise<GcoreClient>;
  /** The ffmpeg to use (user setting → FFMPEG_PATH → bundled → PATH), probed once and cached in the config dir. */
  ffmpeg(options?: { force?: boolean }): Promise<FfmpegProbe>;
}

export function desktopPlatform(platform: NodeJS.Platform): DesktopPlatform {
  if (platform === 'darwin' || platform === 'win32') return platform;
  return 'linux';
}

export interface ServicesInit {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  configDir?: string;
  /** Where a one-off problem worth a log line goes (an invalid settings file replaced); default stderr. */
  log?: (line: string) => void;
}

export function createServices(init: ServicesInit): Services {
  const { env, platform } = init;
  const configDir = init.configDir ?? defaultConfigDir(env, platform);
  const file = settingsPath(configDir);
  const log = init.log ?? ((line: string) => console.warn(line));
  let settingsPromise: Promise<Settings> | undefined;
  let saving: Promise<unknown> = Promise.resolve();
  let notice: string | null = null;
  let store: TokenStore | undefined;
  // Each replaced file is reported exactly once: it has been moved aside, so the next read finds none.
  const reportReplaced = (loaded: LoadedSettings): Settings => {
    if (loaded.replaced) {
      notice = loaded.replaced.message;
      log(`SRT Companion: ${loaded.replaced.message}`);
    }
    return loaded.settings;
  };
  const services: Services = {
    env,
    platform,
    configDir,
    settings() {
      settingsPromise ??= loadSettings(file).then(reportReplaced, (err: unknown) => {
        settingsPromise = undefined; // an unreadable file (permissions) is read again next time, once fixed
        throw err;
      });
      return settingsPromise;
    },
    saveSettings(patch) {
      const save = async (): Promise<Settings> => {
        await services.settings(); // an invalid file is reported before this save writes over the defaults
        const next = reportReplaced(await saveSettings(file, patch));
        settingsPromise = Promise.resolve(next);
        return next;
      };
      const result = saving.then(save, save);
      saving = result.catch(() => undefined);
      return result;
    },
    settingsNotice: () => notice,
    tokenStore() {
      // SRT_COMPANION_KEYCHAIN_SERVICE lets tests use their own keychain entry instead of the user's.
      store ??= createTokenStore(createKeytarBackend(platform), env.SRT_COMPANION_KEYCHAIN_SERVICE || KEYCHAIN_SERVICE);
      return store;
    },
    async apiBaseUrl() {
      const settings = await services.settings();
      return resolveApiBaseUrl({ setting: settings.apiBaseUrl ?? null, env });
    },
    async apiClient() {
      const baseUrl = await services.apiBaseUrl();
      const token = await services.tokenStore().get();
      if (!token) {
        throw new AppError('config', 'token_missing', 'No Gcore API token is stored; run `srt-companion token set` (or sign in in the app) and paste your token.', {
          appMessage: 'You are not signed in: sign in under Account with your Gcore API token.',
        });
      }
      return new GcoreClient({ baseUrl, token });
    },
    async ffmpeg(options) {
      const settings = await services.settings();
      return discoverFfmpeg({
        userPath: settings.ffmpegPath ?? undefined,
        env,
        platform: desktopPlatform(platform),
        cacheDir: configDir,
        ...(options?.force ? { force: true } : {}),
      });
    },
  };
  return services;
}
