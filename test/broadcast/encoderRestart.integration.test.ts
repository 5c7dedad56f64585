// The encoder is the one process whose failure would end the broadcast: stopped (SIGSTOP) or killed (SIGKILL) during a
// real push, it is detected, restarted, and the SRT session at the listener stays the same one (no reconnect) while
// decodable HEVC arrives again with timestamps that keep going forward. Real ffmpeg, real libsrt listener.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { BroadcastEvent, StatsSnapshot } from '../../src/shared/broadcastTypes';
import type { BroadcastTuning } from '../../src/main/broadcast/broadcastOptions';
import { discoverFfmpeg } from '../../src/main/ffmpeg/probeFfmpeg';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import { SrtTestListener } from '../support/srtListener';
import { startBroadcast } from '../support/startBroadcast';
import { continuityBreaks } from '../support/tsContinuityCheck';
import { until } from '../support/waitUntil';

const run = promisify(execFile);
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  expect(listManagedProcesses()).toEqual([]);
});

async function push(tuning: BroadcastTuning = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'srtc-encoder-restart-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const outputFile = join(dir, 'ingest.ts');
  const listener = await SrtTestListener.start({ latencyMs: 200, outputFile, statsIntervalMs: 100 });
  cleanups.push(() => listener.stop());
  const probe = await discoverFfmpeg({ env: process.env, platform: 'linux' });
  const broadcast = await startBroadcast(
    {
      target: { kind: 'urls', primary: `srt://127.0.0.1:${listener.port}?streamid=9#k3y9z` },
      input: { kind: 'testsrc' },
      audio: { kind: 'tone' },
      width: 640,
      height: 360,
      fps: 30,
      bitrateKbps: 600,
      keyintSeconds: 1,
      encoder: 'libx265',
      latencyMs: 200,
      mode: 'failover',
    },
    { probe, platform: 'linux', recordDir: dir, x265Preset: 'ultrafast', tuning },
  );
  cleanups.push(() => broadcast.stop());
  const events: Array<BroadcastEvent & { atMs: number }> = [];
  const stats: StatsSnapshot[] = [];
  broadcast.on('event', (e) => events.push({ ...e, atMs: performance.now() }));
  broadcast.on('stats', (s) => stats.push(s));
  return { broadcast, listener, events, stats, outputFile };
}

function encoderPid(): number {
  const pid = listManagedProcesses().find((p) => p.name === 'encoder')?.pid;
  if (pid === undefined) throw new Error('no encoder process');
  return pid;
}

/** Video frames of the recording as ffprobe decodes them: presentation time and keyframe flag. */
async function videoFrames(file: string): Promise<Array<{ key: boolean; pts: number }>> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=key_frame,pts_time', '-of', 'csv=p=0', file], { maxBuffer: 64 * 1024 * 1024 });
  return stdout
    .trim()
    .split('\n')
    .map((line) => line.split(','))
    .filter(([, pts]) => pts !== undefined && pts !== 'N/A')
    .map(([key, pts]) => ({ key: key === '1', pts: Number(pts) }));
}

/** After the restart the recording goes on forward: no frame steps back in time, and new keyframes decode. */
function expectForwardAfterRestart(frames: Array<{ key: boolean; pts: number }>): void {
  const backSteps = frames.filter((f, i) => i > 0 && f.pts < frames[i - 1]!.pts - 1e-6);
  expect(backSteps).toEqual([]);
  // The largest gap between two frames is the restart; there must be a keyframe after it and plenty of frames.
  let gapAt = 1;
  for (let i = 1; i < frames.length; i++) if (frames[i]!.pts - frames[i - 1]!.pts > frames[gapAt]!.pts - frames[gapAt - 1]!.pts) gapAt = i;
  const after = frames.slice(gapAt);
  expect(after[0]?.key).toBe(true);
  expect(after.length).toBeGreaterThan(60); // > 2 s of 30 fps video from the restarted encoder
}

describe('the encoder supervisor with real ffmpeg', () => {
  it('a stopped (SIGSTOP) encoder is reported stalled within 3 s, restarted, and the same SRT session carries decodable HEVC again', async () => {
    // A 1.5 s pause before the restart, so that the 1 Hz stats see the encoder without picture.
    const { broadcast, listener, events, stats, outputFile } = await push({ encoderRestart: { backoff: { initialMs: 1500, factor: 1, maxMs: 1500, jitterRatio: 0 } } });
    await until(() => listener.bytesReceived > 100_000 && broadcast.state === 'live', 20_000, 'the stream at the listener');
    const pid = encoderPid();
    const stoppedAt = performance.now();
    process.kill(pid, 'SIGSTOP');
    await until(() => events.some((e) => e.kind === 'encoder-stalled'), 5_000, 'the encoder-stalled event');
    const stalled = events.find((e) => e.kind === 'encoder-stalled')!;
    expect(stalled.atMs - stoppedAt).toBeLessThan(3_000);
    expect(stalled.detail).toMatch(/^the encoder produced nothing for \d\.\d s \(no progress, no output\); restarting it$/);
    // While it is stopped the stats say so: no frames, a critical warning, not the last values repeated.
    await until(() => stats.some((s) => s.warnings.some((w) => w.code === 'encoder-stalled')), 5_000, 'the encoder-stalled warning');
    expect(stats.find((s) => s.warnings.some((w) => w.code === 'encoder-stalled'))?.encoder).toMatchObject({ fps: 0, kbps: 0, speed: 0 });
    await until(() => events.some((e) => e.kind === 'encoder-restarted'), 10_000, 'the encoder-restarted event');
    expect(encoderPid()).not.toBe(pid);
    const bytesAtRestart = listener.bytesReceived;
    await until(() => listener.bytesReceived > bytesAtRestart + 400_000, 20_000, 'the restarted encoder’s stream at the listener');
    await until(() => stats.at(-1)?.encoder.fps !== 0 && stats.at(-1)?.warnings.length === 0, 10_000, 'healthy stats again');
    expect(stats.at(-1)?.encoder.restarts).toBe(1);
    expect(listener.acceptedStreamIds).toEqual(['9#k3y9z']); // one SRT session: the sender never reconnected
    expect(events.filter((e) => e.kind === 'connected')).toHaveLength(1);
    await broadcast.stop();
    await listener.stop();
    expectForwardAfterRestart(await videoFrames(outputFile));
    // The sender passes our bytes through unparsed: the fan-out carries the continuity counters across the restart.
    expect(continuityBreaks(await readFile(outputFile))).toEqual([]);
  }, 90_000);

  it('an encoder killed (SIGKILL) 30 s into a push is restarted and the push goes on in the same SRT session', async () => {
    const { broadcast, listener, events, outputFile } = await push();
    await until(() => broadcast.state === 'live', 20_000, 'on air');
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    process.kill(encoderPid(), 'SIGKILL');
    await until(() => events.some((e) => e.kind === 'encoder-restarted'), 10_000, 'the encoder-restarted event');
    expect(events.find((e) => e.kind === 'encoder-restarted')?.detail).toBe('it was killed (SIGKILL); started again after 250 ms (restart 1 of at most 5 in 60 s); the uplinks stayed connected');
    expect(events.some((e) => e.kind === 'encoder-stalled')).toBe(false);
    const bytesAtRestart = listener.bytesReceived;
    await until(() => listener.bytesReceived > bytesAtRestart + 400_000, 20_000, 'the restarted encoder’s stream at the listener');
    expect(broadcast.state).toBe('live');
    expect(listener.acceptedStreamIds).toEqual(['9#k3y9z']);
    await broadcast.stop();
    await listener.stop();
    expectForwardAfterRestart(await videoFrames(outputFile));
  }, 90_000);
});
