// A hardware encoder that fails at start never ends a broadcast: hevc_vaapi (it cannot open here — no DRM render
// node) is replaced by libx265, an `encoder-fallback` event says why, and the stream keeps reaching the SRT listener
// as HEVC. The probe is the one thing faked here, to say hevc_vaapi passed its test encode (as it does on a machine
// whose GPU then fails on the real input); everything else is real.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { BroadcastConfig, BroadcastEvent } from '../../src/shared/broadcastTypes';
import type { FfmpegProbe } from '../../src/shared/ffmpegCapabilities';
import { Broadcast } from '../../src/main/broadcast/broadcast';
import type { BroadcastTuning } from '../../src/main/broadcast/broadcastOptions';
import { startBroadcast } from '../support/startBroadcast';
import { discoverFfmpeg } from '../../src/main/ffmpeg/probeFfmpeg';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import { SrtTestListener } from '../support/srtListener';
import { waitUntil } from './captureTestSupport';

const run = promisify(execFile);
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  expect(listManagedProcesses()).toEqual([]);
});

/** The real probe, except that hevc_vaapi is said to have passed its test encode (see the top of this file). */
async function probeClaimingVaapi(): Promise<FfmpegProbe> {
  const probe = await discoverFfmpeg({ env: process.env, platform: 'linux' });
  return { ...probe, hevcEncoders: [...probe.hevcEncoders.filter((e) => e.name !== 'hevc_vaapi'), { name: 'hevc_vaapi', hardware: true, works: true, testMs: 1 }] };
}

async function vaapiBroadcast(listenerPort: number, dir: string, tuning: BroadcastTuning = {}): Promise<Broadcast> {
  const config: BroadcastConfig = {
    target: { kind: 'urls', primary: `srt://127.0.0.1:${listenerPort}?streamid=fallback-test` },
    input: { kind: 'testsrc' }, audio: { kind: 'tone' }, width: 640, height: 360, fps: 15, bitrateKbps: 500,
    keyintSeconds: 1, encoder: 'auto', latencyMs: 120, mode: 'failover',
  };
  return new Broadcast(config, { probe: await probeClaimingVaapi(), platform: 'linux', recordDir: dir, x265Preset: 'ultrafast', tuning });
}

describe.skipIf(existsSync('/dev/dri/renderD128'))('hardware encoder failing at start (hevc_vaapi without a GPU)', () => {
  it('switches to libx265, says why, and keeps pushing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srtc-fallback-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const listener = await SrtTestListener.start({ latencyMs: 120, outputFile: join(dir, 'out.ts'), statsIntervalMs: 100 });
    cleanups.push(() => listener.stop());
    const s = await vaapiBroadcast(listener.port, dir);
    const events: BroadcastEvent[] = [];
    s.on('event', (e) => events.push(e));
    cleanups.push(() => s.stop());
    await s.start();

    await waitUntil(() => events.some((e) => e.kind === 'encoder-fallback'), 10_000, 'the encoder-fallback event');
    const fallback = events.find((e) => e.kind === 'encoder-fallback');
    expect(fallback?.detail).toMatch(/^hevc_vaapi stopped \d+\.\d s after it started \(.*code 1.*\); encoding with libx265 instead$/);
    expect(fallback?.detail).toMatch(/vaapi_device|VA display|Device creation failed/);
    expect(s.encoderName).toBe('libx265');

    await waitUntil(() => listener.bytesReceived > 150_000, 20_000, 'the stream after the fallback at the listener');
    expect(events.filter((e) => e.kind === 'error')).toEqual([]);
    await s.stop();
    expect(await s.ended).toEqual({ state: 'stopped', reason: 'stopped', detail: null });
    await listener.stop();
    const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', join(dir, 'out.ts')]);
    // ffprobe prints the stream once under its program and once on its own.
    expect(new Set(stdout.split('\n').filter((l) => l.trim() !== ''))).toEqual(new Set(['hevc,640,360']));
  }, 40_000);

  it('a named hardware encoder the probe found broken, or that this ffmpeg lacks, starts as libx265 with the reason', async () => {
    const probe = await discoverFfmpeg({ env: process.env, platform: 'linux' });
    const dir = await mkdtemp(join(tmpdir(), 'srtc-fallback-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const listener = await SrtTestListener.start({ latencyMs: 120 });
    cleanups.push(() => listener.stop());
    const config = (encoder: string): BroadcastConfig => ({
      target: { kind: 'urls', primary: `srt://127.0.0.1:${listener.port}?streamid=named-${encoder}` },
      input: { kind: 'testsrc' }, audio: { kind: 'none' }, width: 640, height: 360, fps: 15, bitrateKbps: 500,
      keyintSeconds: 1, encoder, latencyMs: 120, mode: 'failover',
    });
    const deps = { probe, platform: 'linux' as const, recordDir: dir, x265Preset: 'ultrafast' as const, tuning: { failover: {} } };
    const vaapi = await startBroadcast(config('hevc_vaapi'), deps);
    cleanups.push(() => vaapi.stop());
    expect(vaapi.encoderName).toBe('libx265');
    expect(vaapi.notices).toEqual([expect.stringMatching(/^hevc_vaapi cannot be used \(.*VA.*\); encoding with libx265 instead\.$/)]);
    await waitUntil(() => listener.bytesReceived > 30_000, 15_000, 'the libx265 stream at the listener');
    await vaapi.stop();
    // hevc_nvenc is listed by Debian's ffmpeg but has no driver here; hevc_amf is not built in at all.
    for (const [encoder, why] of [['hevc_nvenc', /Cannot load libcuda/], ['hevc_amf', /this ffmpeg does not have it/]] as const) {
      const handle = await startBroadcast(config(encoder), deps);
      await handle.stop();
      expect(handle.encoderName).toBe('libx265');
      expect(handle.notices[0]).toMatch(why);
    }
  }, 40_000);

  it('after the fallback window a failing encoder is restarted, and after too many restarts the broadcast fails with the reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srtc-fallback-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const listener = await SrtTestListener.start({ latencyMs: 120 });
    cleanups.push(() => listener.stop());
    // A zero window: every exit is "late", so hevc_vaapi is restarted as it is (twice) instead of replaced.
    const s = await vaapiBroadcast(listener.port, dir, { encoderRestart: { hardwareFallbackWindowMs: 0, maxRestarts: 2, backoff: { initialMs: 100, factor: 1, maxMs: 100, jitterRatio: 0 } } });
    const events: BroadcastEvent[] = [];
    s.on('event', (e) => events.push(e));
    cleanups.push(() => s.stop());
    await s.start();
    const end = await s.ended;
    expect(end).toMatchObject({ state: 'failed', reason: 'encoder-failed' });
    expect(end.detail).toMatch(/^the encoder stopped: the encoder failed 3 times within 60 s; last time it crashed \(exit code 1: .+\)$/);
    expect(events.filter((e) => e.kind === 'encoder-restarted')).toHaveLength(2);
    expect(events.some((e) => e.kind === 'encoder-fallback')).toBe(false);
    expect(s.state).toBe('failed');
  }, 30_000);
});
