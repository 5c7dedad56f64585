// API base URL selection: setting → GCORE_API_URL → default, https only except http on loopback.

import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/appError';
import { DEFAULT_API_BASE_URL, resolveApiBaseUrl } from '../../src/main/gcore/apiBaseUrl';

function refused(setting: string | null, env: NodeJS.ProcessEnv = {}): AppError {
  try {
    resolveApiBaseUrl({ setting, env });
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error(`expected ${String(setting)} to be refused`);
}

describe('resolveApiBaseUrl', () => {
  it('defaults to https://api.gcore.com', () => {
    expect(resolveApiBaseUrl({ env: {} })).toBe('https://api.gcore.com');
    expect(resolveApiBaseUrl({ setting: null, env: {} })).toBe(DEFAULT_API_BASE_URL);
    expect(resolveApiBaseUrl({ setting: '   ', env: { GCORE_API_URL: '' } })).toBe(DEFAULT_API_BASE_URL);
  });

  it('prefers the setting, then GCORE_API_URL', () => {
    expect(resolveApiBaseUrl({ setting: 'https://setting.example.com', env: { GCORE_API_URL: 'https://env.example.com' } })).toBe(
      'https://setting.example.com',
    );
    expect(resolveApiBaseUrl({ setting: undefined, env: { GCORE_API_URL: 'https://env.example.com' } })).toBe('https://env.example.com');
  });

  it('strips trailing slashes and keeps a path prefix', () => {
    expect(resolveApiBaseUrl({ setting: 'https://api.gcore.com/', env: {} })).toBe('https://api.gcore.com');
    expect(resolveApiBaseUrl({ setting: 'https://proxy.example.com/gcore///', env: {} })).toBe('https://proxy.example.com/gcore');
    expect(resolveApiBaseUrl({ setting: 'HTTPS://API.GCORE.COM:443', env: {} })).toBe('https://api.gcore.com');
  });

  it.each(['http://127.0.0.1:8787', 'http://localhost:8787/', 'http://[::1]:8787'])('allows plain http on loopback: %s', (url) => {
    expect(resolveApiBaseUrl({ setting: url, env: {} })).toBe(url.replace(/\/$/, ''));
  });

  it.each<[string, string]>([
    ['http://api.gcore.com', 'plain http'],
    ['http://127.0.0.2:8787', 'plain http'],
    ['http://192.168.1.5:8787', 'plain http'],
    ['ftp://api.gcore.com', 'must start with https://'],
    ['api.gcore.com', 'is not a valid URL'],
    ['https://api.gcore.com/?x=1', 'must not have a query or fragment'],
    ['https://api.gcore.com/#frag', 'must not have a query or fragment'],
  ])('refuses %s', (url, text) => {
    const err = refused(url);
    expect(err).toMatchObject({ kind: 'config', code: 'bad_api_url' });
    expect(err.message).toContain(text);
    expect(err.message).toContain('the API URL setting');
  });

  it('names GCORE_API_URL when the bad value came from the environment', () => {
    const err = refused(null, { GCORE_API_URL: 'http://api.gcore.com' });
    expect(err.message).toMatch(/^The Gcore API URL from GCORE_API_URL \(http:\/\/api\.gcore\.com\) uses plain http/);
  });

  it('refuses credentials in the URL without echoing them', () => {
    const err = refused('https://user:s3cretpass@api.gcore.com');
    expect(err.message).toContain('user name or password');
    expect(err.message).not.toContain('s3cretpass');
    const garbage = refused('not a url with 7711_secret');
    expect(garbage.message).not.toContain('7711_secret');
  });
});
