// `streams enable|disable|reset-key|passphrase|delete`, `streams list` tags and `pull off`'s fallback, as a subprocess
// against the fake Gcore API over real HTTP and the real Secret Service; new keys and passphrases never leak.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESET_INGEST_NOT_ENDED_MESSAGE, startFakeGcoreApi, type FakeGcoreApi } from '../support/fakeGcoreApi';
import { runCliProcess, type CliRun } from './runCliProcess';

let api: FakeGcoreApi;
let env: NodeJS.ProcessEnv;
const PASSPHRASE = 'Sesame-Open-2718281828';

beforeAll(async () => {
  api = await startFakeGcoreApi({ token: '7711_fakeTokenValueForManageTests' });
  env = {
    ...process.env,
    GCORE_API_URL: api.baseUrl,
    SRT_COMPANION_CONFIG_DIR: await mkdtemp(join(tmpdir(), 'srtc-manage-')),
    SRT_COMPANION_KEYCHAIN_SERVICE: `srt-companion-manage-test-${process.pid}`,
  };
  expect((await cli(['token', 'set'], `${api.token}\n`)).code).toBe(0);
});

afterAll(async () => {
  await cli(['token', 'clear']);
  await api.close();
});

function cli(args: string[], stdin?: string): Promise<CliRun> {
  return runCliProcess(args, { env, ...(stdin !== undefined ? { stdin } : {}) });
}

/** One sentence on stderr, nothing on stdout. */
function expectOneSentenceError(run: CliRun, code: number): void {
  expect(run.code).toBe(code);
  expect(run.stdout).toBe('');
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
}

describe('streams enable / disable', () => {
  it('switches the stream on and off, with --json', async () => {
    const s = api.addStream({ name: 'Switch me' });
    const on = await cli(['streams', 'enable', String(s.id)]);
    expect(on.code).toBe(0);
    expect(on.stdout).toBe(`Stream ${s.id} "Switch me" is active: its ingest accepts pushes.\n`);
    expect(api.requests.at(-1)).toMatchObject({ method: 'PATCH', body: { stream: { active: true } } });
    api.setLive(s.id, { live: true });
    const off = await cli(['streams', 'disable', String(s.id), '--json']);
    expect(off.code).toBe(0);
    expect(JSON.parse(off.stdout)).toMatchObject({ stream: { id: s.id, active: false, live: false } });
    expect(off.stdout).not.toContain(s.token);
  });

  it('exit 2 for usage, 3 for a bad id, 5 with one sentence for 401, 404 and 422', async () => {
    expectOneSentenceError(await cli(['streams', 'enable']), 2);
    expectOneSentenceError(await cli(['streams', 'enable', '1', '--clear']), 2);
    expectOneSentenceError(await cli(['streams', 'enable', 'x1']), 3);
    const missing = await cli(['streams', 'disable', '424242']);
    expectOneSentenceError(missing, 5);
    expect(missing.stderr).toBe('srt-companion: Stream 424242 not found in this Gcore account.\n');
    const id = String(api.addStream({ name: 'E' }).id);
    api.failNext(1, 401, { body: { detail: 'Token is invalid or expired' } });
    const rejected = await cli(['streams', 'enable', id]);
    expectOneSentenceError(rejected, 5);
    expect(rejected.stderr).toContain('rejected the API token');
    api.failNext(1, 422, { body: { errors: { active: ['exceeds the limit of active streams for this account'] } } });
    const refused = await cli(['streams', 'enable', id]);
    expectOneSentenceError(refused, 5);
    expect(refused.stderr).toBe('srt-companion: Gcore refused the stream settings: active exceeds the limit of active streams for this account.\n');
  });
});

describe('streams reset-key', () => {
  it('prints the new URLs masked, and the new key only with --reveal', async () => {
    const s = api.addStream({ name: 'Leaked', active: true });
    const oldKey = s.token;
    const run = await cli(['streams', 'reset-key', String(s.id)]);
    expect(run.code).toBe(0);
    const newKey = api.streams.get(s.id)!.token;
    expect(newKey).not.toBe(oldKey);
    expect(run.stdout).toContain(`Stream ${s.id} "Leaked" has a new push key; the old one stopped working.`);
    expect(run.stdout).toMatch(new RegExp(`SRT primary\\s+srt://127\\.0\\.0\\.1:5001\\?streamid=${s.id}#\\*{4}`));
    expect(run.stdout).toContain('Gcore ended the connections that used the old key.');
    expect(run.stdout + run.stderr).not.toContain(newKey);

    const json = await cli(['streams', 'reset-key', String(s.id), '--json']);
    const key2 = api.streams.get(s.id)!.token;
    expect(JSON.parse(json.stdout)).toMatchObject({ ingestStillRunning: false, platformMessage: null, stream: { id: s.id } });
    expect(json.stdout + json.stderr).not.toContain(key2);

    const revealed = await cli(['streams', 'reset-key', String(s.id), '--json', '--reveal']);
    const key3 = api.streams.get(s.id)!.token;
    expect(JSON.parse(revealed.stdout).stream.pushUrlSrt).toBe(`srt://127.0.0.1:5001?streamid=${s.id}#${key3}`);
  });

  it('explains a 202: the live ingest still uses the old key, restart the encoder', async () => {
    const s = api.addStream({ name: 'Busy', active: true });
    api.setLive(s.id, { live: true });
    api.resetCannotEndIngest = true;
    try {
      const run = await cli(['streams', 'reset-key', String(s.id)]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        `Gcore could not end the live ingest that still uses the old key (Gcore said: ${RESET_INGEST_NOT_ENDED_MESSAGE.replace(/\.$/, '')}); restart the encoder so it pushes with the new key.`,
      );
      expect(run.stdout).not.toContain(api.streams.get(s.id)!.token);
      const json = JSON.parse((await cli(['streams', 'reset-key', String(s.id), '--json'])).stdout);
      expect(json).toMatchObject({ ingestStillRunning: true, platformMessage: RESET_INGEST_NOT_ENDED_MESSAGE });
    } finally {
      api.resetCannotEndIngest = false;
    }
  });

  it('401 and 404 are exit 5 with one sentence', async () => {
    expectOneSentenceError(await cli(['streams', 'reset-key', '999999']), 5);
    api.failNext(1, 401);
    expectOneSentenceError(await cli(['streams', 'reset-key', String(api.addStream({ name: 'x' }).id)]), 5);
  });
});

describe('streams passphrase', () => {
  it('reads it from stdin, never prints it, and clears it with --clear', async () => {
    const s = api.addStream({ name: 'Secret show', active: true });
    const set = await cli(['streams', 'passphrase', String(s.id)], `${PASSPHRASE}\n`);
    expect(set.code).toBe(0);
    expect(api.streams.get(s.id)?.srt_passphrase).toBe(PASSPHRASE);
    expect(set.stdout).toContain('now requires this SRT passphrase');
    expect(set.stdout + set.stderr).not.toContain(PASSPHRASE);
    const shown = await cli(['streams', 'show', String(s.id), '--json', '--reveal']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ hasPassphrase: true });
    expect(shown.stdout).not.toContain(PASSPHRASE);

    const cleared = await cli(['streams', 'passphrase', String(s.id), '--clear', '--json']);
    expect(JSON.parse(cleared.stdout)).toMatchObject({ stream: { id: s.id, hasPassphrase: false } });
    expect(api.streams.get(s.id)?.srt_passphrase).toBeNull();
  });

  it('refuses a passphrase on the command line, and bad or missing ones, before calling the API and without echoing', async () => {
    const id = String(api.addStream({ name: 'P' }).id);
    const before = api.requests.length;
    const argv = await cli(['streams', 'passphrase', id, PASSPHRASE]);
    expectOneSentenceError(argv, 2);
    expect(argv.stderr).toContain('never taken from the command line');
    expect(argv.stderr).not.toContain(PASSPHRASE);
    const option = await cli(['streams', 'passphrase', id, `--passphrase=${PASSPHRASE}`]);
    expect(option.code).toBe(2);
    expect(option.stderr).not.toContain(PASSPHRASE);
    const short = await cli(['streams', 'passphrase', id], 'tooShort\n');
    expectOneSentenceError(short, 3);
    expect(short.stderr).toBe('srt-companion: The SRT passphrase has 8 characters: it must have 10 to 79.\n');
    const spaced = await cli(['streams', 'passphrase', id], 'has spaces in it\n');
    expectOneSentenceError(spaced, 3);
    expect(spaced.stderr).not.toContain('has spaces');
    expectOneSentenceError(await cli(['streams', 'passphrase', id], ''), 3);
    expect(api.requests.length).toBe(before);
  });

  it('422 with errors, echoing the passphrase, is exit 5 with the passphrase masked', async () => {
    const id = String(api.addStream({ name: 'P' }).id);
    api.failNext(1, 422, { body: { errors: { srt_passphrase: [`${PASSPHRASE} was used before`] } } });
    const run = await cli(['streams', 'passphrase', id], PASSPHRASE);
    expectOneSentenceError(run, 5);
    expect(run.stderr).toBe('srt-companion: Gcore refused the stream settings: srt_passphrase **** was used before.\n');
  });
});

describe('streams delete', () => {
  it('deletes only after the name is typed back', async () => {
    const s = api.addStream({ name: 'Old rehearsal' });
    const wrong = await cli(['streams', 'delete', String(s.id)], 'Old\n');
    expectOneSentenceError(wrong, 3);
    expect(wrong.stderr).toContain(`does not match "Old rehearsal", so stream ${s.id} was not deleted`);
    expectOneSentenceError(await cli(['streams', 'delete', String(s.id)], ''), 3);
    expect(api.streams.has(s.id)).toBe(true);
    expect(api.requests.some((r) => r.method === 'DELETE')).toBe(false);

    const right = await cli(['streams', 'delete', String(s.id)], 'Old rehearsal\n');
    expect(right.code).toBe(0);
    expect(right.stdout).toBe(`Deleted stream ${s.id} "Old rehearsal".\n`);
    expect(api.streams.has(s.id)).toBe(false);
  });

  it('--yes skips the question; --json; 404 and 401 are exit 5', async () => {
    const s = api.addStream({ name: 'Scripted' });
    const run = await cli(['streams', 'delete', String(s.id), '--yes', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ deleted: { id: s.id, name: 'Scripted' } });
    expectOneSentenceError(await cli(['streams', 'delete', String(s.id), '--yes']), 5);
    api.failNext(1, 401);
    expectOneSentenceError(await cli(['streams', 'delete', String(api.addStream({ name: 'y' }).id), '--yes']), 5);
  });
});

describe('streams list and pull off', () => {
  it('lists push/pull, active and live on primary/backup as columns, and as tags in --json', async () => {
    const push = api.addStream({ name: 'Tagged push', active: true });
    api.setLive(push.id, { live: true, backup_live: true });
    const pull = api.addStream({ name: 'Tagged pull', pull: true, uri: 'rtmp://origin.example.com/live/a' });
    const table = (await cli(['streams', 'list'])).stdout.split('\n');
    expect(table.find((l) => l.includes('Tagged push'))).toMatch(/Tagged push\s+yes\s+push\s+primary\+backup$/);
    expect(table.find((l) => l.includes('Tagged pull'))).toMatch(/Tagged pull\s+no\s+pull\s+-$/);
    const json = JSON.parse((await cli(['streams', 'list', '--json'])).stdout) as Array<{ id: number; tags: string[] }>;
    expect(json.find((s) => s.id === push.id)?.tags).toEqual(['push', 'active', 'live-primary', 'live-backup']);
    expect(json.find((s) => s.id === pull.id)?.tags).toEqual(['pull', 'inactive', 'not-live']);
  });

  it('pull off works whether the API takes uri: null or only a string', async () => {
    const a = api.addStream({ name: 'Pull A', pull: true, uri: 'rtmp://origin.example.com/live/a' });
    expect((await cli(['pull', 'off', String(a.id)])).code).toBe(0);
    expect(api.streams.get(a.id)).toMatchObject({ pull: false, uri: null });
    api.refuseNullUri = true;
    try {
      const b = api.addStream({ name: 'Pull B', pull: true, uri: 'rtmp://origin.example.com/live/b' });
      const run = await cli(['pull', 'off', String(b.id), '--json']);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ stream: { pull: false, pullSources: [] } });
      expect(api.streams.get(b.id)).toMatchObject({ pull: false, uri: '' });
      expect(api.requests.slice(-2).map((r) => r.status)).toEqual([422, 200]);
    } finally {
      api.refuseNullUri = false;
    }
  });
});
