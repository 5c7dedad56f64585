// The desktop backend's settings calls: the window saves only its broadcast choices; the ffmpeg program and the API
// address change only here in main, after a native dialog the user answers.

import { isAbsolute } from 'node:path';
import type { AccountStatus, SettingsView } from '../../shared/ipcContract';
import { describeInvalidPayload } from '../../shared/ipcSchemas';
import { SettingsPatchSchema } from '../../shared/settingsSchemas';
import { AppError } from '../appError';
import { assertCanBroadcast, probeFfmpeg } from '../ffmpeg/probeFfmpeg';
import { checkApiBaseUrl } from '../gcore/apiBaseUrl';
import { desktopPlatform, type Services } from '../services';
import type { Settings } from '../settings/settingsStore';
import type { AppBackend } from './appBackend';
import { attempt } from './attempt';
import { assertChosenSourceFile } from './sourceFileCalls';
import type { NativeDialogs } from './nativeDialogs';

export type SettingsCalls = Pick<AppBackend, 'loadSettings' | 'saveSettings' | 'chooseFfmpegPath' | 'setApiBaseUrl' | 'resetApiBaseUrl'>;

export interface SettingsCallsOptions {
  services: Services;
  /** Absent where no window can show one (the browser e2e bridge): the two sensitive calls then refuse. */
  dialogs: NativeDialogs | undefined;
  accountStatus(): Promise<AccountStatus>;
}

function view(settings: Settings, notice: string | null): SettingsView {
  return { ...(settings.broadcast !== undefined ? { broadcast: settings.broadcast } : {}), ...(notice !== null ? { notice } : {}) };
}

function needDialogs(dialogs: NativeDialogs | undefined): NativeDialogs {
  if (dialogs) return dialogs;
  throw new AppError('config', 'no_dialog', 'This change needs the desktop app, which asks you in a dialog first; use FFMPEG_PATH or GCORE_API_URL instead.');
}

export function createSettingsCalls({ services, dialogs, accountStatus }: SettingsCallsOptions): SettingsCalls {
  return {
    loadSettings: () => attempt(async () => view(await services.settings(), services.settingsNotice())),

    saveSettings: (patch) =>
      attempt(async () => {
        // registerIpc has checked this already; checked again because this object is the contract, whoever calls it.
        const parsed = SettingsPatchSchema.safeParse(patch);
        if (!parsed.success) {
          const refusal = describeInvalidPayload('saveSettings', parsed.error);
          throw new AppError('input', refusal.code, refusal.message);
        }
        await assertChosenSourceFile(services, parsed.data.broadcast.input);
        return view(await services.saveSettings({ broadcast: parsed.data.broadcast }), services.settingsNotice());
      }),

    chooseFfmpegPath: () =>
      attempt(async () => {
        const path = await needDialogs(dialogs).chooseFile({ title: 'Choose the ffmpeg program', buttonLabel: 'Use this ffmpeg' });
        if (path === null) return { status: 'cancelled' as const };
        if (!isAbsolute(path)) throw new AppError('input', 'bad_ffmpeg_path', `${path} is not a full path: choose the ffmpeg program in the dialog.`);
        // Probed before it is saved: a program that cannot broadcast is refused with the probe's sentence.
        const probe = await probeFfmpeg(path, { platform: desktopPlatform(services.platform), cacheDir: services.configDir, source: 'user setting' });
        assertCanBroadcast(probe);
        await services.saveSettings({ ffmpegPath: path });
        return { status: 'saved' as const, path, version: probe.version };
      }),

    setApiBaseUrl: (url) =>
      attempt(async () => {
        const next = checkApiBaseUrl(url.trim(), 'the address you entered');
        const current = await services.apiBaseUrl().catch(() => null);
        if (next !== current) {
          const { host, origin } = new URL(next);
          const confirmed = await needDialogs(dialogs).confirm({
            title: 'Change the Gcore API address',
            message: `Send your Gcore API token to ${host}?`,
            detail: `From now on every API request carries the API token from your OS keychain to ${origin}. Continue only if this is Gcore's API or a server you run yourself.`,
            confirmLabel: `Use ${host}`,
          });
          if (!confirmed) return { status: 'cancelled' as const, account: await accountStatus() };
        }
        await services.saveSettings({ apiBaseUrl: next });
        return { status: 'saved' as const, account: await accountStatus() };
      }),

    // Back to GCORE_API_URL or Gcore's own address: nothing to confirm, the token goes nowhere new.
    resetApiBaseUrl: () =>
      attempt(async () => {
        await services.saveSettings({ apiBaseUrl: null });
        return accountStatus();
      }),
  };
}
