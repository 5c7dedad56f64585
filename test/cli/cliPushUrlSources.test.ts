// `srt-companion push` as a subprocess with its URLs kept out of argv (issue 10 item 1): --primary-file/--backup-file
// and --urls-from-stdin deliver the exact stream id to a real libsrt listener with the key on no command line; files
// other users can read, empty or multi-line input are refused (exit 3, or 2 for usage); a key on the command line warns.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLinesShowing } from '../support/processes';
import { killAllSrtTestListeners, SrtTestListener } from '../support/srtListener';
import { BIN, runCliProcess, type CliRun } from './runCliProcess';

let dir: string;
let env: NodeJS.ProcessEnv;
const SMALL = ['--size', '640x360', '--bitrate', '600', '--latency', '200'];
const WARNING = 'visible to every local user in the process list; use --primary-file FILE, --urls-from-stdin or --stream ID instead.';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'srtc-push-urls-'));
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ engine: { primaryRetryMinIntervalMs: 1500, connectTimeoutMs: 2500, retryBudgetMs: 6000 } }));
  env = { ...process.env, SRT_COMPANION_CONFIG_DIR: dir, SRT_COMPANION_X265_PRESET: 'ultrafast' };
});
afterAll(() => killAllSrtTestListeners());

/** A file holding `text` with the given mode. */
async function urlFile(name: string, text: string, mode: number): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  await chmod(path, mode);
  return path;
}

const push = (args: string[], stdin = '', extraEnv: NodeJS.ProcessEnv = {}): Promise<CliRun> =>
  runCliProcess(['push', ...args], { env: { ...env, ...extraEnv }, stdin });

describe('push URLs from a file or stdin: refusals before anything starts', () => {
  // An ffmpeg that does not exist: had the push gone past reading its URLs, the exit would be 4, not 3.
  const noFfmpeg = (): NodeJS.ProcessEnv => ({ FFMPEG_PATH: join(dir, 'not-there', 'ffmpeg') });

  it('refuses a URL file other users can read, saying how to fix it, without echoing the key', async () => {
    const path = await urlFile('shared.url', 'srt://127.0.0.1:9?streamid=7#s3cr3tk\n', 0o644);
    const run = await push(['--primary-file', path, ...SMALL], '', noFfmpeg());
    expect(run.code).toBe(3);
    expect(run.stderr.trim()).toBe(`srt-companion: --primary-file ${path} can be read or changed by other users (mode 0644); run \`chmod 600 ${path}\` and try again.`);
    expect(run.stdout + run.stderr).not.toContain('s3cr3tk');
  });

  it.each([
    ['a missing file', async () => ['--primary-file', join(dir, 'nope.url')], '', 3, /Cannot read --primary-file .*nope\.url \(ENOENT\)/],
    ['an empty file', async () => ['--primary-file', await urlFile('empty.url', '\n', 0o600)], '', 3, /must hold exactly one SRT URL on one line, not 0 lines/],
    ['a file with two URLs', async () => ['--primary-file', await urlFile('two.url', 'srt://a:1?streamid=1#k1\nsrt://b:1?streamid=2#k2\n', 0o600)], '', 3, /not 2 lines/],
    ['a backup file other users can read', async () => ['--primary-file', await urlFile('p.url', 'srt://a:1?streamid=1#k1', 0o600), '--backup-file', await urlFile('b.url', 'srt://b:1?streamid=1b#k1', 0o640)], '', 3, /--backup-file .* \(mode 0640\)/],
    ['nothing on stdin', async () => ['--urls-from-stdin'], '', 3, /No SRT URL came on stdin/],
    ['three lines on stdin', async () => ['--urls-from-stdin'], 'srt://a:1?streamid=1#k\nsrt://b:1?streamid=2#k\nsrt://c:1?streamid=3#k\n', 2, /stdin held 3 lines/],
    ['a URL both ways', async () => ['--primary', 'srt://a:1?streamid=1', '--primary-file', 'x.url'], '', 2, /use one/],
  ] as const)('%s', async (_what, args, stdin, code, message) => {
    const run = await push([...(await args()), ...SMALL], stdin, noFfmpeg());
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout + run.stderr).not.toMatch(/k1|k2/);
  });

  it('reads a URL from a file with CRLF and spaces around it, and then checks it like any URL (exit 3 naming the field)', async () => {
    const path = await urlFile('crlf.url', '  srt://127.0.0.1:70000?streamid=7#s3cr3tk \r\n', 0o600);
    const run = await push(['--primary-file', path, ...SMALL], '', noFfmpeg());
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('the port must be 1–65535');
    expect(run.stdout + run.stderr).not.toContain('s3cr3tk');
  });
});

describe('push URLs from a file or stdin: a real push', () => {
  let listener: SrtTestListener;
  beforeAll(async () => {
    listener = await SrtTestListener.start({ latencyMs: 200 });
  });

  /** Runs a 4 s push, scanning every command line for `key` once the listener accepted the caller. */
  async function pushAndScan(args: string[], stdin: string, key: string): Promise<{ run: CliRun; showing: number[] }> {
    const before = listener.acceptedStreamIds.length;
    const child = spawn(process.execPath, [BIN, 'push', ...args, '--duration', '4', ...SMALL], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.end(stdin);
    await listener.waitFor(() => listener.acceptedStreamIds.length > before, 30_000, 'the push to be accepted');
    const showing = await commandLinesShowing(key);
    return { run: { code: await exited, stdout, stderr }, showing };
  }

  it('--primary-file: the listener gets the exact id, and no command line (the CLI\'s own included) shows the key', async () => {
    const key = `FILEKEY${randomBytes(6).toString('hex')}`;
    const streamId = `101#${key}+a%2F`;
    const path = await urlFile('primary.url', `srt://127.0.0.1:${listener.port}?streamid=${streamId}\n`, 0o600);
    const { run, showing } = await pushAndScan(['--primary-file', path], '', key);
    expect(showing).toEqual([]);
    expect(listener.acceptedStreamIds.at(-1)).toBe(streamId);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain(WARNING);
    expect(run.stdout + run.stderr).not.toContain(key);
  }, 60_000);

  it('--urls-from-stdin: primary on the first line, backup on the second', async () => {
    const key = `STDINKEY${randomBytes(6).toString('hex')}`;
    const streamId = `102#${key}`;
    const stdin = `srt://127.0.0.1:${listener.port}?streamid=${streamId}\r\nsrt://127.0.0.1:9?streamid=102b#${key}\n`;
    const { run, showing } = await pushAndScan(['--urls-from-stdin'], stdin, key);
    expect(showing).toEqual([]);
    expect(listener.acceptedStreamIds.at(-1)).toBe(streamId);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(backup srt://127.0.0.1:9?streamid=102b#****)');
  }, 60_000);

  it('--primary with a key still works, and warns in one sentence that the key is in the process list', async () => {
    const key = `ARGVKEY${randomBytes(6).toString('hex')}`;
    const { run, showing } = await pushAndScan(['--primary', `srt://127.0.0.1:${listener.port}?streamid=103#${key}`], '', key);
    expect(showing.length).toBeGreaterThan(0); // the CLI's own argv: what the warning is about
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`srt-companion: warning: the stream key in --primary/--backup is ${WARNING}`);
    expect(run.stdout + run.stderr).not.toContain(key);
  }, 60_000);
});
