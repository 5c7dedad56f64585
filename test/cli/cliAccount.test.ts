// The CLI as a subprocess against the fake Gcore API over real HTTP and the real Secret Service (npm test's keyring).
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGcoreApi, type FakeGcoreApi } from '../support/fakeGcoreApi';
import { promisify } from 'node:util';
import { runCliProcess } from './runCliProcess';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;

let api: FakeGcoreApi;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  api = await startFakeGcoreApi({ pageSize: 2, token: '7711_fakeTokenValueForCliTests' });
  for (let i = 1; i <= 5; i++) api.addStream({ name: `Stream ${i}`, active: true });
  env = {
    ...process.env,
    GCORE_API_URL: api.baseUrl,
    SRT_COMPANION_CONFIG_DIR: await mkdtemp(join(tmpdir(), 'srtc-cli-')),
    SRT_COMPANION_KEYCHAIN_SERVICE: `srt-companion-cli-test-${process.pid}`,
  };
});

afterAll(async () => {
  await runCliProcess(['token', 'clear'], { env });
  await api.close();
});

const cli = (args: string[], stdin?: string) => runCliProcess(args, { env, ...(stdin !== undefined ? { stdin } : {}) });

describe('usage', () => {
  it('runs as `npx srt-companion` from the repository root (package.json bin), without a download', async () => {
    const { stdout } = await run('npx', ['--no-install', 'srt-companion', '--help'], { cwd: ROOT, env: process.env });
    expect(stdout).toContain('srt-companion push');
  });

  it('prints help with exit 0, and usage errors with exit 2', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('srt-companion streams list');
    expect((await cli([])).code).toBe(2);
    const unknown = await cli(['stream', 'list']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^srt-companion: Unknown command "stream"\. Run `srt-companion --help` for usage\.\n$/);
    expect((await cli(['streams', 'list', '--bogus'])).code).toBe(2);
  });
});

describe('token and streams, end to end', () => {
  it('refuses a token on the command line', async () => {
    const run = await cli(['token', 'set', '7711_fakeTokenValueForCliTests']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('never taken from the command line');
    expect(run.stderr).not.toContain('fakeTokenValue');
  });

  it('rejects a wrong token before storing it, without echoing it', async () => {
    const run = await cli(['token', 'set'], 'wrong_token_123456\n');
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('rejected the API token');
    expect(run.stderr).not.toContain('wrong_token_123456');
    expect(JSON.parse((await cli(['token', 'status', '--json'])).stdout)).toMatchObject({ stored: false });
  });

  it('says what to do when no token is stored', async () => {
    const run = await cli(['streams', 'list']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('srt-companion token set');
  });

  it('stores a verified token, then lists every page of streams', async () => {
    const set = await cli(['token', 'set'], '7711_fakeTokenValueForCliTests\n');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('verified');
    expect(JSON.parse((await cli(['token', 'status', '--json'])).stdout)).toMatchObject({ stored: true });

    const list = await cli(['streams', 'list', '--json']);
    expect(list.code).toBe(0);
    const streams = JSON.parse(list.stdout) as Array<{ id: number; name: string; pushUrlSrt: string }>;
    expect(streams.map((s) => s.name)).toEqual(['Stream 1', 'Stream 2', 'Stream 3', 'Stream 4', 'Stream 5']);
    expect(streams[0]?.pushUrlSrt).toMatch(/streamid=\d+#\*{4}$/);
    expect(api.requests.some((r) => r.path.includes('page=3'))).toBe(true);

    const table = await cli(['streams', 'list']);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+ACTIVE\s+INGEST\s+LIVE$/);
  });

  it('masks stream keys unless --reveal', async () => {
    const stream = [...api.streams.values()][0]!;
    const key = String(stream.push_url_srt).split('#')[1]!;
    const masked = await cli(['streams', 'show', String(stream.id)]);
    expect(masked.code).toBe(0);
    expect(masked.stdout).not.toContain(key);
    expect(masked.stdout).toMatch(/SRT primary\s+srt:\/\/127\.0\.0\.1:\d+\?streamid=\d+#\*\*\*\*/);
    const revealed = JSON.parse((await cli(['streams', 'show', String(stream.id), '--json', '--reveal'])).stdout);
    expect(revealed.pushUrlSrt).toBe(stream.push_url_srt);
  });

  it('creates a stream (active, so it can be pushed to at once)', async () => {
    const run = await cli(['streams', 'create', '--name', 'Friday show', '--json']);
    expect(run.code).toBe(0);
    const created = JSON.parse(run.stdout);
    expect(created).toMatchObject({ name: 'Friday show', active: true });
    expect(api.streams.get(created.id)?.active).toBe(true);
    expect((await cli(['streams', 'create'])).code).toBe(2);
  });

  it('reports an unknown stream with exit 5 and a bad id with exit 3', async () => {
    const missing = await cli(['streams', 'show', '999999']);
    expect(missing.code).toBe(5);
    expect(missing.stderr).toContain('999999');
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect((await cli(['streams', 'show', 'abc'])).code).toBe(3);
  });

  it('sets up a pull stream, shows the retry behaviour, and turns pull off', async () => {
    const id = [...api.streams.values()][1]!.id;
    const set = await cli(['pull', 'set', String(id), 'rtmp://origin.example.com/live/a', 'https://cdn.example.org/b/index.m3u8']);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('round-robin');
    expect(set.stdout).toContain('after 10 s, 30 s, 60 s, 5 min, then 10 min');
    expect(set.stdout).toContain('After about 2 hours');
    const stored = api.streams.get(id)!;
    expect(stored).toMatchObject({ pull: true, uri: 'rtmp://origin.example.com/live/a https://cdn.example.org/b/index.m3u8' });

    const off = await cli(['pull', 'off', String(id), '--json']);
    expect(off.code).toBe(0);
    expect(api.streams.get(id)?.pull).toBe(false);
  });

  it('refuses private and over-long pull sources before calling the API', async () => {
    const before = api.requests.length;
    const local = await cli(['pull', 'set', '1', 'rtmp://192.168.1.10/live/a']);
    expect(local.code).toBe(3);
    expect(local.stderr).toContain('192.168.1.10');
    const long = await cli(['pull', 'set', '1', `https://cdn.example.org/${'a'.repeat(260)}.m3u8`]);
    expect(long.code).toBe(3);
    expect(long.stderr).toContain('255');
    expect(api.requests.length).toBe(before);
  });

  it('turns API failures into exit 5 with one sentence', async () => {
    api.failNext(4, 500); // the first try and the client's 3 retries
    const run = await cli(['streams', 'list']);
    expect(run.code).toBe(5);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    api.malformedNext('invalid-json', 1);
    const malformed = await cli(['streams', 'list']);
    expect(malformed.code).toBe(5);
    expect(malformed.stderr).toMatch(/malformed|not valid JSON|unexpected/i);
  });

  it('clears the token', async () => {
    expect((await cli(['token', 'clear'])).stdout).toContain('removed');
    expect((await cli(['token', 'clear'])).stdout).toContain('No token was stored');
    expect((await cli(['streams', 'list'])).code).toBe(3);
  });
});
