// `token set --from-file FILE`: the token read from a file (never argv, never shell history), verified against the fake
// Gcore API over real HTTP and stored in the real Secret Service (npm test's throwaway keyring). The CLI runs in-process.

import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli/main';
import { createServices } from '../../src/main/services';
import { FakeGcoreApi } from '../support/fakeGcoreApi';

const TOKEN = '7711_tokenFromAFileForCliTests';
let api: FakeGcoreApi;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  api = await FakeGcoreApi.start({ token: TOKEN });
  dir = await mkdtemp(join(tmpdir(), 'srtc-token-file-'));
  env = {
    ...process.env,
    GCORE_API_URL: api.baseUrl,
    SRT_COMPANION_CONFIG_DIR: join(dir, 'config'),
    SRT_COMPANION_KEYCHAIN_SERVICE: `srt-companion-token-file-test-${process.pid}`,
  };
});

afterAll(async () => {
  await createServices({ env, platform: 'linux' }).tokenStore().clear();
  await api.close();
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const stdin = new PassThrough();
  stdin.end(); // nothing on stdin: the token must come from the file
  const code = await runCli(args, { stdin, stdout, stderr, env, platform: 'linux' });
  return { code, stdout: out, stderr: err };
}

async function tokenFile(name: string, text: string, mode: number): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  await chmod(file, mode);
  return file;
}

const stored = () => createServices({ env, platform: 'linux' }).tokenStore().get();

describe('token set --from-file', () => {
  it('reads the token from a 0600 file, verifies it and stores it, printing neither the token nor a note', async () => {
    const file = await tokenFile('token.txt', `${TOKEN}\n`, 0o600);
    const run = await cli(['token', 'set', '--from-file', file]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Token stored in the OS keychain');
    expect(run.stdout).not.toContain(TOKEN);
    expect(await stored()).toBe(TOKEN);
    expect(api.requests.at(-1)).toMatchObject({ method: 'GET', path: '/streaming/streams?page=1', status: 200 });
  });

  it('stores it from a world-readable file too, with a one-line note to chmod it', async () => {
    await createServices({ env, platform: 'linux' }).tokenStore().clear();
    const file = await tokenFile('open-token.txt', TOKEN, 0o644);
    const run = await cli(['token', 'set', '--from-file', file, '--no-verify']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`srt-companion: note: ${file} can be read by other users (mode 0644); \`chmod 600\` it, or delete it now that the token is in the keychain.\n`);
    expect(await stored()).toBe(TOKEN);
  });

  it('refuses a missing file, a directory and a file that is not a token, without echoing the content', async () => {
    const missing = await cli(['token', 'set', '--from-file', join(dir, 'nope.txt')]);
    expect(missing).toMatchObject({ code: 3, stderr: `srt-companion: Cannot read the token from ${join(dir, 'nope.txt')}: no such file.\n` });

    await mkdir(join(dir, 'a-folder'));
    expect((await cli(['token', 'set', '--from-file', join(dir, 'a-folder')])).stderr).toContain('it is not a regular file');

    const two = await tokenFile('two-tokens.txt', `${TOKEN} second_secret_value\n`, 0o600);
    const run = await cli(['token', 'set', '--from-file', two]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('contains spaces or line breaks');
    expect(run.stderr).not.toContain('second_secret_value');
  });

  it('goes with `token set` only', async () => {
    const run = await cli(['token', 'status', '--from-file', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--from-file goes with `token set` only.');
  });
});
