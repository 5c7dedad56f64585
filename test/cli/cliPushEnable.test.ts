// `srt-companion push --stream ID` on an inactive stream: refused with a pointer to --enable (nothing switched on), and
// with --enable the stream is enabled through the API before the push starts. Subprocess, fake API, real keychain.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGcoreApi, type FakeGcoreApi } from '../support/fakeGcoreApi';
import { runCliProcess } from './runCliProcess';

let api: FakeGcoreApi;
let env: NodeJS.ProcessEnv;
const SMALL = ['--size', '640x360', '--bitrate', '600', '--latency', '200'];

beforeAll(async () => {
  // Port 9 (discard): nothing answers SRT there, which is fine for a push that only has to start and stop.
  api = await startFakeGcoreApi({ srtPrimaryPort: 9, srtBackupPort: 9 });
  env = {
    ...process.env,
    GCORE_API_URL: api.baseUrl,
    SRT_COMPANION_CONFIG_DIR: await mkdtemp(join(tmpdir(), 'srtc-enable-')),
    SRT_COMPANION_KEYCHAIN_SERVICE: `srt-companion-enable-${process.pid}`,
    SRT_COMPANION_X265_PRESET: 'ultrafast',
  };
  expect((await runCliProcess(['token', 'set'], { env, stdin: api.token })).code).toBe(0);
});

afterAll(async () => {
  await runCliProcess(['token', 'clear'], { env });
  await api.close();
});

describe('push --stream on an inactive stream', () => {
  it('says --enable instead of sending the user to the portal, and changes nothing', async () => {
    const s = api.addStream({ name: 'Sleeping' });
    const run = await runCliProcess(['push', '--stream', String(s.id), '--duration', '1', ...SMALL], { env });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      `srt-companion: Stream ${s.id} is inactive, so its ingest rejects pushes; enable it first (\`srt-companion streams enable ${s.id}\`, or go live with \`push --stream ${s.id} --enable\`).\n`,
    );
    expect(run.stderr).not.toContain('portal');
    expect(api.requests.some((r) => r.method === 'PATCH')).toBe(false);
    expect(api.streams.get(s.id)?.active).toBe(false);
  }, 60_000);

  it('--enable switches it on through the API, then starts the push', async () => {
    const s = api.addStream({ name: 'Waking' });
    const run = await runCliProcess(['push', '--stream', String(s.id), '--enable', '--json', '--duration', '1', ...SMALL], { env });
    expect(run.stderr).toContain(`Stream ${s.id} "Waking" was inactive; enabled it.`);
    expect(run.code).toBe(0);
    expect(api.streams.get(s.id)?.active).toBe(true);
    const calls = api.requests.filter((r) => r.path.startsWith(`/streaming/streams/${s.id}`)).map((r) => r.method);
    expect(calls.slice(0, 3)).toEqual(['GET', 'PATCH', 'GET']); // check, enable, then the engine reads the URLs
    expect(api.requests.find((r) => r.method === 'PATCH')?.body).toEqual({ stream: { active: true } });
    const events = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; kind?: string; state?: string });
    expect(events.some((e) => e.kind === 'state' && e.state === 'starting')).toBe(true);
    expect(run.stdout + run.stderr).not.toContain(s.token);
  }, 60_000);

  it('--enable on an active stream leaves it alone', async () => {
    const s = api.addStream({ name: 'Awake', active: true });
    const before = api.requests.length;
    const run = await runCliProcess(['push', '--stream', String(s.id), '--enable', '--json', '--duration', '1', ...SMALL], { env });
    expect(run.code).toBe(0);
    expect(api.requests.slice(before).some((r) => r.method === 'PATCH')).toBe(false);
    expect(run.stderr).not.toContain('enabled it');
  }, 60_000);
});
