// The monitor of what viewers get, with real ffmpeg: a 640x360 HEVC test pattern with audio, encoded in real time and
// fanned out as the engine does, gives thumbnails that change over time and ≥ 5 audio readings a second that react to a
// tone, to silence and to a clipping tone; a monitor killed mid-run comes back on its own. Then a whole broadcast to a
// real libsrt listener carries the levels and the silence warning in its stats line.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MonitorFrame, StatsSnapshot } from '../../src/shared/broadcastTypes';
import { DisposableStore } from '../../src/main/broadcast/disposables';
import { OutputMonitor } from '../../src/main/broadcast/outputMonitor';
import { discoverFfmpeg } from '../../src/main/ffmpeg/probeFfmpeg';
import { TsFanout } from '../../src/main/mpegts/tsFanout';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import { SrtTestListener } from '../support/srtListener';
import { startBroadcast } from '../support/startBroadcast';
import { until } from '../support/waitUntil';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  expect(listManagedProcesses()).toEqual([]);
});

/** A real-time HEVC + AAC MPEG-TS source (keyframe every second) fanned out like the broadcast's encoder output. */
async function monitoredSource(audioFilter: string | null) {
  const probe = await discoverFfmpeg({ env: process.env, platform: 'linux' });
  const audioIn = audioFilter ? ['-f', 'lavfi', '-i', audioFilter] : [];
  const audioOut = audioFilter ? ['-c:a', 'aac', '-ac', '2', '-b:a', '128k'] : [];
  const encoder = spawn(probe.path, [
    '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25', ...audioIn,
    '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'keyint=25:min-keyint=25:log-level=error', '-pix_fmt', 'yuv420p',
    ...audioOut, '-f', 'mpegts', 'pipe:1',
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(async () => {
    encoder.kill('SIGKILL');
  });
  const fanout = new TsFanout();
  encoder.stdout.on('data', (chunk: Buffer) => fanout.push(chunk));
  const store = new DisposableStore();
  const frames: MonitorFrame[] = [];
  const monitor = new OutputMonitor({
    ffmpegPath: probe.path, hasAudio: audioFilter !== null, fanout, store, now: Date.now,
    onFrame: (f) => frames.push(f), onLog: () => undefined,
    restartBackoff: { initialMs: 200, factor: 2, maxMs: 1000, jitterRatio: 0 },
  });
  cleanups.push(() => store.dispose());
  monitor.start();
  const levels = () => frames.filter((f) => f.kind === 'levels');
  const thumbnails = () => frames.filter((f) => f.kind === 'thumbnail');
  return { monitor, frames, levels, thumbnails };
}

describe('output monitor (real ffmpeg)', () => {
  it('sends changing thumbnails at least every 2 s and ≥ 5 level readings a second of a tone', async () => {
    const src = await monitoredSource('sine=frequency=440:sample_rate=48000');
    await until(() => src.thumbnails().length >= 3, 15_000, () => `3 thumbnails (got ${src.thumbnails().length})`);
    const thumbs = src.thumbnails() as Array<Extract<MonitorFrame, { kind: 'thumbnail' }>>;
    expect(thumbs[0]!.dataUrl.startsWith('data:image/jpeg;base64,/9j/')).toBe(true);
    // testsrc draws a moving gradient and a counter: every keyframe's JPEG differs.
    expect(new Set(thumbs.map((t) => t.dataUrl)).size).toBe(thumbs.length);
    for (let i = 1; i < thumbs.length; i++) expect(thumbs[i]!.atMs - thumbs[i - 1]!.atMs).toBeLessThanOrEqual(2_000 + 500);
    const first = src.levels()[0]!.atMs;
    await until(() => Date.now() - first >= 2_000, 5_000, '2 s of levels');
    const inTwoSeconds = src.levels().filter((f) => f.atMs >= first && f.atMs < first + 2_000);
    expect(inTwoSeconds.length).toBeGreaterThanOrEqual(10);
    const last = src.monitor.levels(Date.now())!;
    expect(last.peakDbfs).toHaveLength(2);
    // lavfi's sine is at 1/8 of full scale: −18 dBFS.
    for (const p of last.peakDbfs) expect(p).toBeGreaterThan(-22);
    for (const p of last.peakDbfs) expect(p).toBeLessThan(-15);
    expect(last.clipping).toBe(false);
    expect(last.silent).toBe(false);
  }, 40_000);

  it('calls digital silence silent after a few seconds, and a tone driven to full scale clipping', async () => {
    const quiet = await monitoredSource('anullsrc=r=48000:cl=stereo');
    await until(() => quiet.monitor.levels(Date.now())?.silent === true, 15_000, 'silent');
    expect(quiet.monitor.levels(Date.now())!.peakDbfs).toEqual([-120, -120]);
    const loud = await monitoredSource('sine=frequency=440:sample_rate=48000,volume=20dB');
    await until(() => loud.monitor.levels(Date.now())?.clipping === true, 15_000, 'clipping');
    expect(loud.monitor.levels(Date.now())!.silent).toBe(false);
  }, 40_000);

  it('restarts a killed monitor without help', async () => {
    const src = await monitoredSource('sine=frequency=440:sample_rate=48000');
    await until(() => src.levels().length > 0, 15_000, 'levels');
    const pid = listManagedProcesses().find((p) => p.name === 'monitor')!.pid!;
    process.kill(pid, 'SIGKILL');
    await until(() => listManagedProcesses().some((p) => p.name === 'monitor' && p.pid !== pid), 5_000, 'a new monitor');
    const count = src.levels().length;
    await until(() => src.levels().length > count + 5, 15_000, 'levels again');
    expect(src.monitor.restarts).toBe(1);
  }, 40_000);
});

describe('broadcast with the monitor (real ffmpeg, real libsrt listener)', () => {
  it('carries the audio levels in the stats line, with the silence warning for a silent source', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srtc-monitor-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const listener = await SrtTestListener.start({ latencyMs: 200, outputFile: join(dir, 'ingest.ts') });
    cleanups.push(() => listener.stop());
    const probe = await discoverFfmpeg({ env: process.env, platform: 'linux' });
    const broadcast = await startBroadcast(
      {
        target: { kind: 'urls', primary: `srt://127.0.0.1:${listener.port}?streamid=9#k3y9z` },
        input: { kind: 'testsrc' }, audio: { kind: 'silence' }, width: 640, height: 360, fps: 25, bitrateKbps: 600,
        keyintSeconds: 1, encoder: 'libx265', latencyMs: 200, mode: 'failover',
      },
      { probe, platform: 'linux', recordDir: dir, x265Preset: 'ultrafast' },
    );
    cleanups.push(() => broadcast.stop());
    const stats: StatsSnapshot[] = [];
    const frames: MonitorFrame[] = [];
    broadcast.on('stats', (s) => stats.push(s));
    broadcast.on('monitor', (f) => frames.push(f));
    await until(() => stats.at(-1)?.audio?.silent === true, 20_000, () => `a silent audio line (last: ${JSON.stringify(stats.at(-1)?.audio)})`);
    expect(stats.at(-1)!.warnings.map((w) => w.code)).toContain('audio-silent');
    expect(frames.some((f) => f.kind === 'thumbnail')).toBe(true);
  }, 40_000);
});
