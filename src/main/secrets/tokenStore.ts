// Keeps the Gcore API token in the OS keychain: set, get, clear and status. Never on disk in clear, never logged.

import { AppError } from '../appError';
import type { SecretBackend } from './keytarStore';

/** Keychain entry names (documented in README): service `srt-companion`, account `gcore-api-token`. */
export const KEYCHAIN_SERVICE = 'srt-companion';
export const KEYCHAIN_ACCOUNT = 'gcore-api-token';
const PROBE_ACCOUNT = 'keychain-probe';

export type TokenStatus =
  | { state: 'stored'; length: number }
  | { state: 'absent' };

export interface TokenStore {
  set(token: string): Promise<void>;
  /** The stored token, or null. Callers in main use it for API calls only. */
  get(): Promise<string | null>;
  /** Removes the token; true when one was stored. */
  clear(): Promise<boolean>;
  /** Whether a token is stored, after checking that the keychain really answers (see status()). */
  status(): Promise<TokenStatus>;
}

/** Normalises a pasted token: surrounding whitespace and line breaks go; anything inside stays (tokens are opaque). */
export function normaliseToken(raw: string): string {
  const token = raw.trim();
  if (token === '') throw new AppError('input', 'token_empty', 'The API token is empty; paste the token from the Gcore Customer Portal (Profile → API tokens).');
  if (/\s/.test(token)) throw new AppError('input', 'token_whitespace', 'The API token contains spaces or line breaks; paste exactly one token.');
  if (token.length > 4096) throw new AppError('input', 'token_too_long', 'The API token is longer than 4096 characters; paste exactly one token.');
  return token;
}

export function createTokenStore(backend: SecretBackend, service = KEYCHAIN_SERVICE): TokenStore {
  return {
    async set(token) {
      await backend.set(service, KEYCHAIN_ACCOUNT, normaliseToken(token));
    },
    get() {
      return backend.get(service, KEYCHAIN_ACCOUNT);
    },
    clear() {
      return backend.delete(service, KEYCHAIN_ACCOUNT);
    },
    async status() {
      const token = await backend.get(service, KEYCHAIN_ACCOUNT);
      if (token !== null) return { state: 'stored', length: token.length };
      // On Linux a Secret Service without a usable login keyring answers "no such secret" to reads but fails
      // writes (srt-notes.md §1.4), so a null alone does not prove the keychain works: prove it with a write.
      await backend.set(service, PROBE_ACCOUNT, 'probe');
      await backend.delete(service, PROBE_ACCOUNT);
      return { state: 'absent' };
    },
  };
}
