// API strings reach the terminal harmless: stream names with escape sequences, fake lines and bidi overrides, read from
// the fake Gcore API over real HTTP by the real commands (in-process; only the API client comes from the test, so no
// keychain is needed), and the pure escaping function itself.

import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GcoreClient } from '../../src/main/gcore/gcoreClient';
import { createCliContext, type CliContext } from '../../src/main/cli/cliContext';
import { pullCommand } from '../../src/main/cli/commands/pullCommand';
import { streamsCommand } from '../../src/main/cli/commands/streamsCommand';
import { terminalSafe, terminalSafeJson } from '../../src/main/cli/terminalText';
import { FakeGcoreApi } from '../support/fakeGcoreApi';

/** Clear screen, set the window title, a fake line of the table, and a right-to-left override ("exe.txt" shown). */
const HOSTILE_NAME = '\u001b[2J\u001b]0;pwned\u0007Evil\r\n99  Fake stream  yes\u009b31m \u202etxt.exe\u2066x\u2069\u200f';
/** Everything a terminal could act on, or that reorders text, must be gone from what is printed. */
// eslint-disable-next-line no-control-regex -- looking for control characters is the point of the check
const ACTIVE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

let api: FakeGcoreApi;
let hostileId: number;

beforeAll(async () => {
  api = await FakeGcoreApi.start();
  hostileId = api.addStream({ name: HOSTILE_NAME, active: true }).id;
});

afterAll(async () => {
  await api.close();
});

async function runCommand(command: (ctx: CliContext, args: string[]) => Promise<number>, args: string[]): Promise<{ code: number; stdout: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const io = { stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: {}, platform: process.platform };
  const ctx: CliContext = { ...createCliContext(io), apiClient: async () => new GcoreClient({ baseUrl: api.baseUrl, token: api.token }) };
  const code = await command(ctx, args);
  return { code, stdout: out };
}

describe('printing API strings', () => {
  it('streams list: the hostile name is one row, every control and bidi character shown as an escape', async () => {
    const { code, stdout } = await runCommand(streamsCommand, ['list']);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(ACTIVE_CHARS);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2); // the header and the one stream: no fake row
    expect(lines[1]).toContain('\\x1B[2J\\x1B]0;pwned\\x07Evil\\x0D\\x0A99  Fake stream  yes\\x9B31m \\u202Etxt.exe\\u2066x\\u2069\\u200F');
  });

  it('streams show and pull set: the name and the sources printed safely', async () => {
    const show = await runCommand(streamsCommand, ['show', String(hostileId)]);
    expect(show.stdout).not.toMatch(ACTIVE_CHARS);
    expect(show.stdout).toContain('\\x1B]0;pwned');
    const pull = await runCommand(pullCommand, ['set', String(hostileId), 'https://media.example.com/live/index.m3u8']);
    expect(pull.code).toBe(0);
    expect(pull.stdout).not.toMatch(ACTIVE_CHARS);
    expect(pull.stdout.split('\n')[0]).toContain('\\x1B]0;pwned');
  });

  it('--json stays JSON with the exact name, and no raw C1 or bidi character on the terminal', async () => {
    const { stdout } = await runCommand(streamsCommand, ['list', '--json']);
    expect(stdout).not.toMatch(ACTIVE_CHARS);
    const parsed = JSON.parse(stdout) as Array<{ id: number; name: string }>;
    expect(parsed.find((s) => s.id === hostileId)?.name).toBe(HOSTILE_NAME);
  });
});

describe('terminalSafe', () => {
  it('keeps ordinary text, tabs and non-Latin names as they are', () => {
    expect(terminalSafe('Main show\t2 – Müller 日本 🎥 مرحبا')).toBe('Main show\t2 – Müller 日本 🎥 مرحبا');
  });

  it('escapes C0 (newline included), DEL, C1 and the bidi controls', () => {
    expect(terminalSafe('a\nb\rc\u0000d\u007fe\u0085f\u202ag\u202dh\u2067i\u061cj\u200ek\u2028l')).toBe(
      'a\\x0Ab\\x0Dc\\x00d\\x7Fe\\x85f\\u202Ag\\u202Dh\\u2067i\\u061Cj\\u200Ek\\u2028l',
    );
  });

  it('JSON: the escaped document parses back to the same value', () => {
    const value = { name: HOSTILE_NAME, n: 1, list: ['\u009b', '\u2069'] };
    const text = terminalSafeJson(value, 2);
    expect(text).not.toMatch(ACTIVE_CHARS);
    expect(JSON.parse(text)).toEqual(value);
  });
});
