// `srt-companion push` as a subprocess: bad input, missing or incapable ffmpeg, unreachable ingest, --stream through
// the fake API to a real SRT listener, JSON lines, and a clean stop on SIGINT.
import { isAlive } from '../support/processes';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemFfmpeg, writeFilteringWrapper } from '../ffmpeg/fakeBinaries';
import { startFakeGcoreApi, type FakeGcoreApi } from '../support/fakeGcoreApi';
import { SrtTestListener } from '../support/srtListener';
import { until } from '../support/waitUntil';
import { BIN, runCliProcess } from './runCliProcess';

let dir: string;
let env: NodeJS.ProcessEnv;
/** For rehearsals: the engine's own timings, which follow the rate limit the local model of Gcore's ingest enforces. */
let rehearsalEnv: NodeJS.ProcessEnv;
const SMALL = ['--size', '640x360', '--bitrate', '600', '--latency', '200'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'srtc-push-'));
  await mkdir(dir, { recursive: true });
  // Short engine timings through the documented `engine` settings block.
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ engine: { primaryRetryMinIntervalMs: 1500, connectTimeoutMs: 2500, retryBudgetMs: 6000 } }));
  env = { ...process.env, SRT_COMPANION_CONFIG_DIR: dir, SRT_COMPANION_KEYCHAIN_SERVICE: `srt-companion-push-${process.pid}`, SRT_COMPANION_X265_PRESET: 'ultrafast' };
  rehearsalEnv = { ...env, SRT_COMPANION_CONFIG_DIR: join(dir, 'rehearsal') };
});

const push = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => runCliProcess(['push', ...args], { env: { ...env, ...extraEnv } });

describe('push refuses bad input with a clear message', () => {
  it.each([
    [['--primary', 'srt://ingest.example.com/in/123?key'], 3, 'has a path'],
    [['--primary', 'srt://127.0.0.1:5001'], 3, 'no streamid'],
    [['--local', '--encoder', 'h264_nvenc'], 3, 'Unknown encoder "h264_nvenc"'],
    [['--local', '--latency', '3000'], 3, '3000 ms'],
    [['--local', '--size', '641x360'], 3, 'even'],
    [['--stream', '1', '--primary', 'srt://a:1?streamid=1'], 2, 'exactly one of'],
  ])('%j → exit %i', async (args, code, message) => {
    const run = await push(args);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    ['a passphrase of 5 characters', 'srt://127.0.0.1:9?streamid=7#s3cr3tk&passphrase=short', "The primary ingest's SRT passphrase has 5 characters: it must have 10 to 79."],
    ['port 70000', 'srt://127.0.0.1:70000?streamid=7#s3cr3tk', 'the port must be 1–65535'],
  ])('refuses %s at once (exit 3), before ffmpeg is even looked for', async (_what, url, message) => {
    // An ffmpeg path that does not exist: had anything been probed or spawned, the exit would be 4, not 3.
    const run = await push(['--primary', url, ...SMALL], { FFMPEG_PATH: join(dir, 'not-there', 'ffmpeg') });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout + run.stderr).not.toContain('s3cr3tk');
  });

  it('exits 4 when ffmpeg is missing or has no SRT', async () => {
    const missing = await push(['--local'], { FFMPEG_PATH: join(dir, 'nope', 'ffmpeg') });
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain(join(dir, 'nope', 'ffmpeg'));
    // A wrapper hiding `srt` from -protocols stands in for an ffmpeg built without libsrt.
    const noSrt = writeFilteringWrapper(dir, 'ffmpeg-no-srt', await systemFfmpeg(), '-protocols', '^ +srt$');
    const run = await push(['--local'], { FFMPEG_PATH: noSrt });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(noSrt);
    expect(run.stderr).toContain('SRT');
  });

  it('exits 6 when the ingest never answers for the whole retry budget', async () => {
    const run = await push(['--primary', 'srt://127.0.0.1:9?streamid=42#secretkey99', '--json', ...SMALL]);
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('no ingest could be reached');
    expect(run.stderr).toMatch(/\(last: primary: primary got no answer to its SRT handshake within \d\.\d s; primary retry (now|in \d+(\.\d+)? s)\)/);
    expect(run.stdout + run.stderr).not.toContain('secretkey99');
    const events = run.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'event');
    expect(events.some((e) => e.kind === 'down' || e.kind === 'error')).toBe(true);
  }, 60_000);
});

describe('local rehearsal from the command line', () => {
  it('fails over to the backup when a primary outage is requested with SIGUSR1', async () => {
    const child = spawn(process.execPath, [BIN, 'push', '--local', '--json', ...SMALL], { env: rehearsalEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const events: Array<Record<string, unknown>> = [];
    let buffer = '';
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const p of parts) if (p.includes('"type":"event"')) events.push(JSON.parse(p));
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await until(() => events.some((e) => e.kind === 'connected' && e.role === 'primary'), 30_000, 'the primary to connect');
    child.kill('SIGUSR1');
    await until(() => events.some((e) => e.kind === 'failover'), 15_000, 'the failover once the grace time has passed');
    await until(() => events.some((e) => e.kind === 'connected' && e.role === 'backup'), 15_000, 'the backup to take over');
    expect(events.find((e) => e.kind === 'failover')).toMatchObject({ role: 'primary' });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 60_000);
});

describe('rehearsal faults on schedule and the viewer report', () => {
  it('a scheduled 1.5 s glitch at SRT latency 2000 ms: a fault event, no failover, and the viewer report says nothing was lost', async () => {
    const run = await runCliProcess(['push', '--local', '--json', '--size', '640x360', '--bitrate', '600', '--latency', '2000', '--fault', 'glitch:1.5@9', '--duration', '16'], { env: rehearsalEnv });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const events = lines.filter((l) => l.type === 'event');
    expect(events.find((e) => e.kind === 'fault')).toMatchObject({ role: 'primary', detail: "rehearsal: the primary ingest's network path drops every packet for 1.5 s" });
    expect(events.some((e) => e.kind === 'failover')).toBe(false);
    expect(events.find((e) => e.kind === 'viewers')?.detail).toContain('Gcore starts the stream from the primary ingest');
    expect(lines.filter((l) => l.type === 'stats').at(-1)?.viewers).toMatchObject({ watching: 'primary', picture: true });
    const report = lines.at(-1);
    expect(report).toMatchObject({ type: 'viewer-report', summary: { switches: 0, noPictureS: 0 }, pending: [] });
    expect(run.stderr).toContain('Rehearsal fault: the primary ingest');
  }, 60_000);

  it('both ingests refusing the key ends the rehearsal with exit 7, and the human report says what viewers saw', async () => {
    const run = await runCliProcess(['push', '--local', ...SMALL, '--fault', 'refuse-key@6', '--duration', '60'], { env: rehearsalEnv });
    expect(run.code, run.stderr).toBe(7);
    expect(run.stderr).toContain('refused');
    expect(run.stdout).toContain("What viewers would have seen (local model of Gcore's ingest");
    expect(run.stdout).toMatch(/Gcore starts the stream from the primary ingest/);
  }, 60_000);

  it('refuses --fault without --local, and a bad fault, before anything starts', async () => {
    const notLocal = await push(['--primary', 'srt://127.0.0.1:9?streamid=1', '--fault', 'glitch@1']);
    expect(notLocal.code).toBe(2);
    expect(notLocal.stderr).toContain('--fault goes with --local');
    const bad = await push(['--local', '--fault', 'meteor@1']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('"meteor" is not glitch, outage, refuse-key, loss');
  });
});

describe('push to a Gcore stream', () => {
  let api: FakeGcoreApi;
  let listener: SrtTestListener;
  beforeAll(async () => {
    listener = await SrtTestListener.start({ latencyMs: 200 });
    api = await startFakeGcoreApi({ srtPrimaryPort: listener.port, srtBackupPort: 9 });
    await runCliProcess(['token', 'set'], { env: { ...env, GCORE_API_URL: api.baseUrl }, stdin: api.token });
  });
  afterAll(async () => {
    await runCliProcess(['token', 'clear'], { env });
    await listener.stop();
    await api.close();
  });

  it('resolves the SRT URLs through the API and delivers the stream id byte for byte; JSON lines; SIGINT stops it all', async () => {
    const stream = api.addStream({ name: 'Show', active: true });
    const child = spawn(process.execPath, [BIN, 'push', '--stream', String(stream.id), '--json', ...SMALL], {
      env: { ...env, GCORE_API_URL: api.baseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Array<Record<string, unknown>> = [];
    let buffer = '';
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const p of parts) if (p.trim()) lines.push(JSON.parse(p));
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await listener.waitFor(() => listener.bytesReceived > 100_000, 30_000, 'bytes at the listener');
    await new Promise((r) => setTimeout(r, 2500));

    expect(listener.acceptedStreamIds.at(-1)).toBe(stream.push_url_srt!.split('streamid=')[1]);
    const stats = lines.filter((l) => l.type === 'stats');
    expect(stats.length).toBeGreaterThanOrEqual(2);
    const last = stats.at(-1) as { t: number; encoder: Record<string, number>; active: string; uplinks: Array<Record<string, unknown>> };
    expect(last).toMatchObject({ active: 'primary' });
    expect(Object.keys(last.encoder)).toEqual(expect.arrayContaining(['fps', 'kbps', 'speed', 'dropped']));
    expect(last.uplinks[0]).toMatchObject({ role: 'primary', state: 'live' });
    expect(Object.keys(last.uplinks[0]!)).toEqual(expect.arrayContaining(['rttMs', 'sendKbps', 'retransPct', 'lostPkts']));
    expect(last).toMatchObject({ state: 'live', warnings: [] });
    // Every event kind reaches the JSON lines: the broadcast's own state changes, then the uplink's connection.
    const events = lines.filter((l) => l.type === 'event');
    expect(events.filter((e) => e.kind === 'state').map((e) => e.state)).toEqual(['starting', 'notOnAir', 'live']);
    expect(events.find((e) => e.kind !== 'state')).toMatchObject({ kind: 'connected', role: 'primary' });

    const children = await childPids(child.pid!);
    expect(children.length).toBeGreaterThanOrEqual(2); // encoder + primary sender
    const stopAt = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const stopMs = Date.now() - stopAt;
    // A stop plays out the SRT latency (2000 ms by default) so the ingest delivers the show's last seconds, then ends.
    expect(stopMs).toBeLessThan(2000 + 3000);
    for (const pid of children) expect(isAlive(pid), `child ${pid} survived`).toBe(false);
    expect(lines.at(-1)).toBeDefined();
    expect(lines.some((l) => l.type === 'event' && l.kind === 'stopped')).toBe(true);
  }, 60_000);
});

async function childPids(pid: number): Promise<number[]> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return text.trim().split(/\s+/).filter(Boolean).map(Number);
}

