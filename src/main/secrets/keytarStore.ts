// The one module that imports keytar: the OS keychain (macOS Keychain, Windows Credential Manager, Linux Secret Service).

import { createRequire } from 'node:module';
import { AppError } from '../appError';

/** The minimal keychain surface the token store needs; tests and other backends implement the same. */
export interface SecretBackend {
  get(service: string, account: string): Promise<string | null>;
  set(service: string, account: string, secret: string): Promise<void>;
  delete(service: string, account: string): Promise<boolean>;
}

type Keytar = {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
};

let cached: Keytar | undefined;

function loadKeytar(): Keytar {
  if (cached) return cached;
  try {
    // keytar is a native CommonJS addon; load it lazily so commands that never touch the keychain still work without it.
    cached = createRequire(import.meta.url)('keytar') as Keytar;
    return cached;
  } catch (err) {
    throw new AppError(
      'config',
      'keychain_unavailable',
      'The OS keychain module (keytar) could not be loaded; reinstall the app (npm ci rebuilds it; on Linux it needs libsecret-1-0).',
      { cause: err },
    );
  }
}

/** Turns keytar's platform errors into one sentence that says what to install or start. */
export function keychainErrorFor(err: unknown, platform: NodeJS.Platform = process.platform): AppError {
  const raw = err instanceof Error ? err.message : String(err);
  if (platform === 'linux') {
    let why = 'the Secret Service is not available';
    if (/autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|transport 'disabled'|given address is empty/i.test(raw)) why = 'there is no D-Bus session bus';
    else if (/org\.freedesktop\.secrets was not provided|ServiceUnknown/i.test(raw)) why = 'no Secret Service (org.freedesktop.secrets) is running';
    else if (/collection\/login|Object does not exist|No such interface/i.test(raw)) why = 'the login keyring does not exist or is locked';
    return new AppError(
      'config',
      'keychain_unavailable',
      `The OS keychain is unavailable: ${why}. Install and start a Secret Service (GNOME Keyring: apt install gnome-keyring, or KWallet with its Secret Service bridge) and unlock it; the token is never stored in plain text.`,
      {
        cause: err,
        appMessage: `The system keychain is unavailable: ${why}. Install and start GNOME Keyring (or KWallet with its Secret Service bridge) from your system's software centre and unlock it, then sign in again; the token is never stored in plain text.`,
      },
    );
  }
  const store = platform === 'darwin' ? 'macOS Keychain' : platform === 'win32' ? 'Windows Credential Manager' : 'OS keychain';
  return new AppError('config', 'keychain_unavailable', `The ${store} refused the request; unlock it and try again.`, {
    cause: err,
  });
}

/** The real OS keychain through keytar. Every failure becomes a clear AppError (never a plaintext fallback). */
export function createKeytarBackend(platform: NodeJS.Platform = process.platform): SecretBackend {
  async function guarded<T>(op: (k: Keytar) => Promise<T>): Promise<T> {
    const keytar = loadKeytar();
    try {
      return await op(keytar);
    } catch (err) {
      throw keychainErrorFor(err, platform);
    }
  }
  return {
    get: (service, account) => guarded((k) => k.getPassword(service, account)),
    set: (service, account, secret) => guarded((k) => k.setPassword(service, account, secret)),
    delete: (service, account) => guarded((k) => k.deletePassword(service, account)),
  };
}
