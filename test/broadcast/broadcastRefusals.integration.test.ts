// Validation at the door: a bad target or encode setting is refused by Broadcast.start() with one sentence naming the
// field, before any process, socket or timer exists; and a start that is cut short disposes everything it created.
// The real ffmpeg probe is used; the counts come from Node's own list of active handles.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BroadcastConfig } from '../../src/shared/broadcastTypes';
import type { FfmpegProbe } from '../../src/shared/ffmpegCapabilities';
import { AppError } from '../../src/main/appError';
import { Broadcast } from '../../src/main/broadcast/broadcast';
import { discoverFfmpeg } from '../../src/main/ffmpeg/probeFfmpeg';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import { until } from '../support/waitUntil';

let probe: FfmpegProbe;
let dir: string;
beforeAll(async () => {
  probe = await discoverFfmpeg({ env: process.env, platform: 'linux' });
  dir = await mkdtemp(join(tmpdir(), 'srtc-refusals-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const base: BroadcastConfig = {
  target: { kind: 'urls', primary: 'srt://127.0.0.1:9?streamid=1#key' },
  input: { kind: 'testsrc' },
  audio: { kind: 'tone' },
  width: 640,
  height: 360,
  fps: 30,
  bitrateKbps: 800,
  keyintSeconds: 2,
  encoder: 'libx265',
  latencyMs: 200,
  mode: 'failover',
};

/** Sockets, processes and timers of this process, by kind (what a leak would add to). */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** True when no kind of handle is more numerous than before (the test runner's own may have gone meanwhile). */
function noneAdded(before: Record<string, number>, after: Record<string, number>): boolean {
  return Object.entries(after).every(([kind, n]) => n <= (before[kind] ?? 0));
}

async function refusal(config: BroadcastConfig): Promise<AppError> {
  const before = resources();
  const broadcast = new Broadcast(config, { probe, platform: 'linux', recordDir: dir, x265Preset: 'ultrafast' });
  const error = await broadcast.start().then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(broadcast.state).toBe('failed');
  expect(await broadcast.ended).toMatchObject({ state: 'failed', reason: 'start-failed' });
  expect(listManagedProcesses()).toEqual([]);
  expect(resources()).toEqual(before); // nothing was opened at all
  return error as AppError;
}

describe('a broadcast refused at the door', () => {
  it.each([
    ['a passphrase of 5 characters', { primary: 'srt://127.0.0.1:9?streamid=1#s3cr3tk&passphrase=short' }, 'bad_passphrase', 'target.primary', /^The primary ingest's SRT passphrase has 5 characters: it must have 10 to 79\.$/],
    ['port 70000', { primary: 'srt://127.0.0.1:70000?streamid=x' }, 'bad_srt_url', 'target.primary', /the port must be 1–65535/],
    ['a stream id with a NUL byte', { primary: 'srt://127.0.0.1:9?streamid=1#s3cr\u0000tk' }, 'bad_srt_stream_id', 'target.primary', /stream id contains a control character/],
    ['no stream id', { primary: 'srt://127.0.0.1:9' }, 'missing_streamid', 'target.primary', /has no streamid/],
    ['a bad backup', { primary: 'srt://127.0.0.1:9?streamid=1#s3cr3tk', backup: 'rtmp://127.0.0.1/x' }, 'bad_srt_url', 'target.backup', /must start with srt:\/\//],
    ['the same URL twice', { primary: 'srt://127.0.0.1:9?streamid=1#s3cr3tk', backup: 'srt://127.0.0.1:9?streamid=1#s3cr3tk' }, 'same_url_twice', 'target.backup', /are the same/],
  ] as const)('refuses %s before anything starts', async (_what, urls, code, field, message) => {
    const error = await refusal({ ...base, target: { kind: 'urls', ...urls } });
    expect(error).toMatchObject({ code, field });
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('s3cr');
  });

  it.each([
    [{ latencyMs: 3000 }, 'bad_latency', 'latencyMs'],
    [{ bitrateKbps: 60_000 }, 'bad_bitrate', 'bitrateKbps'],
    [{ width: 641 }, 'bad_size', 'size'],
    [{ encoder: 'h264' }, 'unknown_encoder', 'encoder'],
    [{ input: { kind: 'camera', device: 'webcam' } }, 'bad_camera', 'input'],
  ] as const)('refuses %o naming its field', async (patch, code, field) => {
    expect(await refusal({ ...base, ...patch } as BroadcastConfig)).toMatchObject({ code, field });
  });
});

describe('a start cut short', () => {
  it('a stop while the local ingests are starting disposes them and every timer', async () => {
    const before = resources();
    const broadcast = new Broadcast({ ...base, target: { kind: 'local' } }, { probe, platform: 'linux', recordDir: dir, x265Preset: 'ultrafast' });
    const started = broadcast.start().then(
      () => 'started',
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
    await until(() => listManagedProcesses().some((p) => p.name.startsWith('local-ingest')), 10_000, 'a local ingest process');
    await broadcast.stop();
    expect(await started).toMatch(/stopped while it was starting|^started$/);
    expect(broadcast.state).toBe('stopped');
    expect(listManagedProcesses()).toEqual([]);
    await until(() => noneAdded(before, resources()), 5_000, 'every socket, pipe and timer of the broadcast closed');
  }, 30_000);
});
