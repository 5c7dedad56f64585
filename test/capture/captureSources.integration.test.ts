// Real capture through the real engine: an Xvfb screen painted red is grabbed (x11grab), encoded, pushed over SRT to a
// libsrt listener and decoded red there; a PulseAudio null sink's monitor carries a tone to the listener; the camera
// overlay graph runs in ffmpeg; a missing camera or display is refused with a sentence naming what exists; and the
// device lister and `srt-companion devices --json` report this machine (Xvfb screen, Pulse sources, no camera).

import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BroadcastConfig } from '../../src/shared/broadcastTypes';
import type { FfmpegProbe } from '../../src/shared/ffmpegCapabilities';
import type { CaptureDevices } from '../../src/shared/captureDevices';
import { listCaptureDevices } from '../../src/main/capture/listCaptureDevices';
import { runCli } from '../../src/main/cli/main';
import type { BroadcastDeps } from '../../src/main/broadcast/broadcastOptions';
import { startBroadcast } from '../support/startBroadcast';
import { buildEncoderArgs } from '../../src/main/ffmpeg/args/encoderArgs';
import { defaultEncodeSettings } from '../../src/main/ffmpeg/args/encodeSettings';
import { discoverFfmpeg } from '../../src/main/ffmpeg/probeFfmpeg';
import { listManagedProcesses, startManagedProcess } from '../../src/main/process/managedProcess';
import { SrtTestListener } from '../support/srtListener';
import { meanFrameColour, meanVolumeDb, pixelAt, startPulse, startXvfb, waitUntil, type PulseRig, type XvfbDisplay } from './captureTestSupport';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

let probe: FfmpegProbe;
let dir: string;
let x: XvfbDisplay;
let pulse: PulseRig;
let savedPulseServer: string | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'srtc-capture-'));
  [probe, x, pulse] = await Promise.all([discoverFfmpeg({ env: process.env, platform: 'linux' }), startXvfb(640, 360), startPulse()]);
  await x.paint('#ff0000');
  await pulse.addNullSink('srtc_test', 'SRT_Companion_test_sink');
  // The encoder inherits this process's environment: point its `-f pulse` input at the private daemon.
  savedPulseServer = process.env.PULSE_SERVER;
  process.env.PULSE_SERVER = pulse.env.PULSE_SERVER;
}, 60_000);

afterAll(async () => {
  if (savedPulseServer === undefined) delete process.env.PULSE_SERVER;
  else process.env.PULSE_SERVER = savedPulseServer;
  await Promise.all([x?.stop(), pulse?.stop()]);
  await rm(dir, { recursive: true, force: true });
  expect(listManagedProcesses()).toEqual([]);
});

function config(listenerPort: number, source: Pick<BroadcastConfig, 'input' | 'audio'>): BroadcastConfig {
  return {
    target: { kind: 'urls', primary: `srt://127.0.0.1:${listenerPort}?streamid=capture-test` },
    ...source,
    width: 640,
    height: 360,
    fps: 15,
    bitrateKbps: 500,
    keyintSeconds: 1,
    encoder: 'libx265',
    latencyMs: 120,
    mode: 'failover',
  };
}

function deps(env: NodeJS.ProcessEnv = process.env): BroadcastDeps {
  return { probe, platform: 'linux', recordDir: dir, x265Preset: 'ultrafast', env, tuning: { failover: {} } };
}

/** Pushes `source` to a fresh listener until it has `minBytes` and `minMs` of stream; returns the recording. */
async function pushToListener(name: string, source: Pick<BroadcastConfig, 'input' | 'audio'>, env?: NodeJS.ProcessEnv): Promise<string> {
  const file = join(dir, `${name}.ts`);
  const listener = await SrtTestListener.start({ latencyMs: 120, outputFile: file, statsIntervalMs: 100 });
  cleanups.push(() => listener.stop());
  const handle = await startBroadcast(config(listener.port, source), deps(env));
  cleanups.push(() => handle.stop());
  const errors: string[] = [];
  handle.on('event', (e) => (e.kind === 'error' ? errors.push(e.detail) : undefined));
  const startedMs = performance.now();
  await waitUntil(() => errors.length > 0 || (listener.bytesReceived > 40_000 && performance.now() - startedMs > 3500), 20_000, `${name} at the listener`);
  expect(errors).toEqual([]);
  await handle.stop();
  await listener.stop();
  return file;
}

describe('desktop capture (Xvfb)', () => {
  it('a red X screen arrives red at the SRT listener', async () => {
    const file = await pushToListener('red-desktop', { input: { kind: 'desktop', display: x.display }, audio: { kind: 'none' } });
    const { r, g, b } = await meanFrameColour(file, 1);
    console.log(`decoded mean colour of the captured screen: rgb(${r.toFixed(0)}, ${g.toFixed(0)}, ${b.toFixed(0)})`);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(40);
    expect(b).toBeLessThan(40);
  }, 40_000);

  it('the camera overlay graph lays the camera in the bottom-right corner (a blue lavfi stand-in for the camera)', async () => {
    const s = defaultEncodeSettings('linux', {
      input: { kind: 'desktop', display: x.display, overlayCamera: { device: '/dev/video0' } },
      audio: { kind: 'none' },
      width: 640,
      height: 360,
      fps: 15,
      bitrateKbps: 500,
      preset: 'ultrafast',
    });
    const args = buildEncoderArgs(s, { progressUrl: null });
    // There is no camera here: swap the v4l2 input for a blue 320x240 picture; everything else is the builder's.
    const from = args.indexOf('v4l2') - 1;
    const to = args.indexOf('/dev/video0') + 1;
    const runArgs = [...args.slice(0, from), '-f', 'lavfi', '-i', 'color=c=blue:s=320x240:r=15', ...args.slice(to, -1), '-t', '2', join(dir, 'pip.ts')];
    const encoder = startManagedProcess({ command: probe.path, args: runArgs, name: 'pip-encoder', redactSecrets: [] });
    cleanups.push(() => encoder.kill());
    const exit = await encoder.exited;
    expect(exit.reason, exit.recentLog.join('\n')).toBe('clean-exit');
    const { frame, width } = await meanFrameColour(join(dir, 'pip.ts'), 1);
    const [cr, , cb] = pixelAt(frame, width, 540, 280); // inside the 160x120 camera box, 10 px from the corner
    const [dr, , db] = pixelAt(frame, width, 100, 100); // desktop
    expect(cb).toBeGreaterThan(200);
    expect(cr).toBeLessThan(40);
    expect(dr).toBeGreaterThan(200);
    expect(db).toBeLessThan(40);
  }, 30_000);
});

describe('audio from a PulseAudio null sink', () => {
  it("the sink's monitor carries a tone to the listener (not silent)", async () => {
    pulse.playTone('srtc_test', 1000);
    const file = await pushToListener('pulse-tone', { input: { kind: 'testsrc' }, audio: { kind: 'device', device: 'srtc_test.monitor' } }, pulse.env);
    const meanDb = await meanVolumeDb(file);
    console.log(`mean volume of the captured tone at the listener: ${meanDb} dB`);
    expect(meanDb).toBeGreaterThan(-40);
  }, 40_000);
});

describe('missing sources are refused before anything starts', () => {
  const hasV4l2 = existsSync('/sys/class/video4linux') && readdirSync('/sys/class/video4linux').length > 0;

  it('a camera that is not there: one sentence naming it and what exists', async () => {
    const attempt = startBroadcast(config(9, { input: { kind: 'camera', device: '/dev/video63' }, audio: { kind: 'none' } }), deps());
    await expect(attempt).rejects.toMatchObject({ kind: 'input', code: 'camera_not_found', message: expect.stringMatching(/^No camera \/dev\/video63; /) });
    await expect(attempt).rejects.toThrow(hasV4l2 ? /cameras here: \/dev\/video\d+ \(/ : /this machine has no V4L2 camera/);
    expect(listManagedProcesses()).toEqual([]);
  });

  it('an X display that is not running, and a Pulse source that does not exist', async () => {
    await expect(startBroadcast(config(9, { input: { kind: 'desktop', display: ':250' }, audio: { kind: 'none' } }), deps())).rejects.toThrow(
      new RegExp(`^No X display :250; running displays: .*${x.display}`),
    );
    // Without a display in the config, "the desktop" is the session's own DISPLAY.
    await expect(startBroadcast(config(9, { input: { kind: 'desktop' }, audio: { kind: 'none' } }), deps({ DISPLAY: ':251' }))).rejects.toThrow(/^No X display :251; /);
    await expect(startBroadcast(config(9, { input: { kind: 'testsrc' }, audio: { kind: 'device', device: 'no_such_source' } }), deps(pulse.env))).rejects.toThrow(
      /^No audio input "no_such_source"; audio inputs here: srtc_test\.monitor/,
    );
    expect(listManagedProcesses()).toEqual([]);
  });
});

describe('what this machine offers', () => {
  function checkThisMachine(devices: CaptureDevices): void {
    expect(devices.platform).toBe('linux');
    expect(devices.screens).toEqual([{ id: x.display, name: 'screen 640x360', width: 640, height: 360, x: 0, y: 0, primary: false, capture: { display: x.display } }]);
    expect(devices.microphones).toContainEqual({ id: 'srtc_test.monitor', name: 'Monitor of SRT_Companion_test_sink', monitor: true });
    if (!existsSync('/sys/class/video4linux')) {
      expect(devices.cameras).toEqual([]);
      expect(devices.notes).toContain('No camera: this machine has no V4L2 camera (no /dev/video* capture device; plug one in or check that its driver is loaded).');
    }
  }

  it('listCaptureDevices sees the Xvfb screen and the Pulse sources', async () => {
    const startedMs = performance.now();
    const devices = await listCaptureDevices({ platform: 'linux', ffmpegPath: probe.path, env: { ...pulse.env, DISPLAY: x.display } });
    console.log(`listCaptureDevices took ${(performance.now() - startedMs).toFixed(0)} ms`);
    checkThisMachine(devices);
  });

  it('`srt-companion devices --json` and `doctor --json` print the same list', async () => {
    const env = { ...pulse.env, DISPLAY: x.display, SRT_COMPANION_CONFIG_DIR: dir, SRT_COMPANION_KEYCHAIN_SERVICE: `srtc-capture-${process.pid}` };
    const runJson = async (argv: string[]): Promise<{ code: number; json: unknown }> => {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      const chunks: Buffer[] = [];
      stdout.on('data', (c: Buffer) => chunks.push(c));
      const code = await runCli(argv, { stdin: new PassThrough(), stdout, stderr, env, platform: 'linux' });
      return { code, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
    };
    const devices = await runJson(['devices', '--json']);
    expect(devices.code).toBe(0);
    checkThisMachine(devices.json as CaptureDevices);
    const doctor = await runJson(['doctor', '--json']);
    checkThisMachine((doctor.json as { devices: CaptureDevices }).devices);
  }, 30_000);
});
