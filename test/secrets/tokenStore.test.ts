// The token store against a real Secret Service (gnome-keyring in the D-Bus session that `npm test` starts).
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeytarBackend, keychainErrorFor } from '../../src/main/secrets/keytarStore';
import { createTokenStore, normaliseToken } from '../../src/main/secrets/tokenStore';
import { busConfigWithoutSecretService } from '../support/noSecretServiceBus';

const run = promisify(execFile);
const service = `srt-companion-test-${process.pid}`;
const store = createTokenStore(createKeytarBackend(), service);

describe('token store on the real Secret Service', () => {
  it('needs the keyring session that `npm test` provides', () => {
    expect(process.env.DBUS_SESSION_BUS_ADDRESS, 'run the tests with `npm test` (scripts/with-keyring.sh)').toBeTruthy();
  });

  afterEach(async () => {
    await store.clear();
  });

  it('sets, gets, reports and clears the token', async () => {
    expect(await store.status()).toEqual({ state: 'absent' });
    await store.set('  7711_eyJrealLookingToken$withDollar\n');
    expect(await store.get()).toBe('7711_eyJrealLookingToken$withDollar');
    expect(await store.status()).toEqual({ state: 'stored', length: 35 });
    expect(await store.clear()).toBe(true);
    expect(await store.get()).toBeNull();
    expect(await store.clear()).toBe(false);
  });

  it('replaces an existing token', async () => {
    await store.set('first_token_value');
    await store.set('second_token_value');
    expect(await store.get()).toBe('second_token_value');
  });

  it('never writes the token to disk in clear (the keyring file is encrypted)', async () => {
    const token = `7711_${'Z'.repeat(40)}plaintextcheck`;
    await store.set(token);
    const dataHome = process.env.XDG_DATA_HOME;
    expect(dataHome, 'with-keyring.sh sets a throwaway XDG_DATA_HOME').toBeTruthy();
    const keyrings = join(dataHome ?? '', 'keyrings');
    const files = await readdir(keyrings);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect((await readFile(join(keyrings, f))).includes(Buffer.from(token))).toBe(false);
  });
});

describe('token input', () => {
  it.each([
    ['', 'empty'],
    ['   \n', 'empty'],
    ['two tokens', 'spaces'],
  ])('refuses %j with a clear message', (raw, why) => {
    expect(() => normaliseToken(raw)).toThrow(why);
  });
});

describe('no usable keychain', () => {
  const script = `
    import { createKeytarBackend } from './src/main/secrets/keytarStore.ts';
    import { createTokenStore } from './src/main/secrets/tokenStore.ts';
    try { await createTokenStore(createKeytarBackend(), 'srt-companion-nokeychain').status(); console.log('no error'); }
    catch (e) { console.log(JSON.stringify({ kind: e.kind, code: e.code, message: e.message })); }
  `;

  it('says there is no D-Bus session bus when there is none', async () => {
    const env = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    delete env.DISPLAY;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env });
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ kind: 'config', code: 'keychain_unavailable' });
    expect(result.message).toContain('no D-Bus session bus');
    expect(result.message).toContain('gnome-keyring');
  });

  it('names the missing Secret Service when the bus has none', async () => {
    const config = busConfigWithoutSecretService();
    const { stdout } = await run('dbus-run-session', [`--config-file=${config}`, '--', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: '' },
    });
    const result = JSON.parse(stdout);
    expect(result.code).toBe('keychain_unavailable');
    expect(result.message).toContain('no Secret Service (org.freedesktop.secrets) is running');
  });

  it('maps macOS and Windows failures to their keychain names', () => {
    expect(keychainErrorFor(new Error('User interaction is not allowed'), 'darwin').message).toContain('macOS Keychain');
    expect(keychainErrorFor(new Error('Access denied'), 'win32').message).toContain('Windows Credential Manager');
  });
});
