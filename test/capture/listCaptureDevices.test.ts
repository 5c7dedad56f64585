// listCaptureDevices and verifyCaptureSource per OS with a scripted runner that replays verbatim tool output
// (Windows, macOS and a Linux machine with a camera cannot be reached from here), plus a fake sysfs tree.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCaptureDevices } from '../../src/main/capture/listCaptureDevices';
import { formatCaptureDevices } from '../../src/main/cli/commands/devicesCommand';
import { parseWindowsScreens } from '../../src/main/capture/parseWindowsScreens';
import { verifyCaptureSource } from '../../src/main/capture/verifyCaptureSource';
import { defaultEncodeSettings } from '../../src/main/ffmpeg/args/encodeSettings';
import type { RunFfmpeg, RunResult } from '../../src/main/ffmpeg/runFfmpegOnce';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/devices');
const fixture = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

type Script = Array<{ match: (command: string, args: readonly string[]) => boolean; result: Partial<RunResult> }>;

/** A runner that answers from a script and records every call; an unscripted command is "not installed". */
function scriptedRunner(script: Script): { run: RunFfmpeg; calls: string[] } {
  const calls: string[] = [];
  const run: RunFfmpeg = async (command, args) => {
    calls.push([command, ...args].join(' '));
    const hit = script.find((s) => s.match(command, args));
    if (!hit) return { end: 'spawn-failed', exitCode: null, signal: null, stdout: '', stderr: '', spawnErrorCode: 'ENOENT', durationMs: 1 };
    return { end: 'exited', exitCode: 0, signal: null, stdout: '', stderr: '', durationMs: 1, ...hit.result };
  };
  return { run, calls };
}

const has = (...words: string[]) => (command: string, args: readonly string[]) => words.every((w) => command === w || args.includes(w));

describe('Windows', () => {
  const { run, calls } = scriptedRunner([
    { match: has('-list_devices'), result: { exitCode: 1, stderr: fixture('windows/dshow-list-devices-usb-capture.txt') } },
    { match: has('-list_options', 'video=USB 2861 Device'), result: { exitCode: 1, stderr: fixture('windows/dshow-list-options-c920.txt') } },
    { match: has('-list_options', 'video=FaceTime HD Camera'), result: { exitCode: 1, stderr: 'Could not enumerate video device options' } },
  ]);

  it('lists DirectShow cameras with modes, microphones, and the desktop when PowerShell is missing', async () => {
    const devices = await listCaptureDevices({ platform: 'win32', ffmpegPath: 'C:\\ffmpeg\\ffmpeg.exe', env: {}, deps: { run } });
    expect(devices.cameras.map((c) => [c.id, c.modes?.length ?? 0])).toEqual([['USB 2861 Device', 5], ['FaceTime HD Camera', 0]]);
    expect(devices.microphones).toEqual([{ id: 'Headset Microphone (Cirrus Logic CS4208 (AB 94))', name: 'Headset Microphone (Cirrus Logic CS4208 (AB 94))' }]);
    expect(devices.screens).toEqual([{ id: 'desktop', name: 'All monitors (virtual desktop)', width: null, height: null, x: 0, y: 0, capture: {} }]);
    expect(devices.notes).toEqual(['PowerShell is not installed: monitors are not listed one by one; the whole desktop can still be captured.']);
    // The device names go to ffmpeg as one argument each, never through a shell.
    expect(calls).toContain('C:\\ffmpeg\\ffmpeg.exe -hide_banner -f dshow -list_options true -i video=USB 2861 Device');
  });

  it('names the cameras that exist when the chosen one does not', async () => {
    const s = defaultEncodeSettings('win32', { input: { kind: 'camera', device: 'Logitech BRIO' } });
    await expect(verifyCaptureSource(s, { ffmpegPath: 'ffmpeg.exe', deps: { run } })).rejects.toMatchObject({
      kind: 'input',
      code: 'camera_not_found',
      message: 'No camera Logitech BRIO; cameras here: USB 2861 Device, FaceTime HD Camera.',
    });
    const mic = defaultEncodeSettings('win32', { input: { kind: 'camera', device: 'USB 2861 Device' }, audio: { kind: 'device', device: 'Microphone' } });
    await expect(verifyCaptureSource(mic, { ffmpegPath: 'ffmpeg.exe', deps: { run } })).rejects.toThrow(/No audio input "Microphone"; audio inputs here: Headset Microphone/);
    await expect(verifyCaptureSource({ ...mic, audio: { kind: 'none' } }, { ffmpegPath: 'ffmpeg.exe', deps: { run } })).resolves.toBeUndefined();
  });
});

describe('macOS', () => {
  const { run } = scriptedRunner([{ match: has('avfoundation'), result: { exitCode: 1, stderr: fixture('macos/avfoundation-list-devices-two-screens.txt') } }]);

  it('lists cameras, screens (as desktop sources) and microphones from one listing, with the mode note', async () => {
    const devices = await listCaptureDevices({ platform: 'darwin', ffmpegPath: '/opt/homebrew/bin/ffmpeg', env: {}, deps: { run } });
    expect(devices.cameras).toEqual([{ id: 'FaceTime HD Camera', name: 'FaceTime HD Camera' }]);
    expect(devices.screens.map((s) => s.capture)).toEqual([{ display: 'Capture screen 0' }, { display: 'Capture screen 1' }]);
    expect(devices.microphones).toEqual([{ id: 'Built-in Microphone', name: 'Built-in Microphone' }]);
    expect(devices.notes).toEqual([expect.stringMatching(/camera modes only while capturing/)]);
  });

  it('accepts a camera by index and refuses an unknown one', async () => {
    await expect(verifyCaptureSource(defaultEncodeSettings('darwin', { input: { kind: 'camera', device: '0' } }), { ffmpegPath: 'ffmpeg', deps: { run } })).resolves.toBeUndefined();
    await expect(verifyCaptureSource(defaultEncodeSettings('darwin', { input: { kind: 'camera', device: 'iPhone Camera' } }), { ffmpegPath: 'ffmpeg', deps: { run } })).rejects.toThrow(
      'No camera iPhone Camera; cameras here: FaceTime HD Camera.',
    );
  });

  it('says when there is no ffmpeg to ask, without throwing', async () => {
    const devices = await listCaptureDevices({ platform: 'darwin', ffmpegPath: null, env: {}, deps: { run } });
    expect(devices).toEqual({ platform: 'darwin', cameras: [], screens: [], microphones: [], notes: ['No usable ffmpeg: AVFoundation cameras, screens and microphones cannot be listed.'] });
  });
});

describe('Linux with a (fake) camera', () => {
  let sysfs: string;
  beforeAll(async () => {
    sysfs = await mkdtemp(join(tmpdir(), 'srtc-sysfs-'));
    // A UVC webcam: capture node video2 (index 0) and its metadata node video3 (index 1).
    for (const [node, name, index] of [['video2', 'HD Pro Webcam C920', '0'], ['video3', 'HD Pro Webcam C920', '1']] as const) {
      await mkdir(join(sysfs, 'class', 'video4linux', node), { recursive: true });
      await writeFile(join(sysfs, 'class', 'video4linux', node, 'name'), `${name}\n`);
      await writeFile(join(sysfs, 'class', 'video4linux', node, 'index'), `${index}\n`);
    }
  });
  afterAll(() => rm(sysfs, { recursive: true, force: true }));

  it('lists the capture node with v4l2-ctl modes; X, Pulse and ALSA tools missing become notes', async () => {
    const { run, calls } = scriptedRunner([
      { match: has('-list_formats', '/dev/video2'), result: { exitCode: 1, stderr: fixture('linux/ffmpeg-v4l2-list-formats-usb-camera.txt') } },
      { match: has('v4l2-ctl', '/dev/video2'), result: { stdout: fixture('linux/v4l2-ctl-list-formats-ext-usb-camera.txt') } },
    ]);
    const devices = await listCaptureDevices({ platform: 'linux', ffmpegPath: '/usr/bin/ffmpeg', env: { DISPLAY: ':0' }, deps: { run, sysfsRoot: sysfs } });
    expect(devices.cameras).toHaveLength(1);
    expect(devices.cameras[0]).toMatchObject({ id: '/dev/video2', name: 'HD Pro Webcam C920' });
    expect(devices.cameras[0]?.modes?.[0]).toEqual({ width: 1280, height: 720, fps: [10, 7.5], format: 'yuyv422' });
    expect(calls.some((c) => c.includes('/dev/video3'))).toBe(false); // the metadata node is not probed
    expect(devices.screens).toEqual([]);
    expect(devices.notes).toEqual([
      'xrandr is not installed (package x11-xserver-utils): monitors are not listed one by one.',
      'xdpyinfo is not installed (package x11-utils): the X display :0 could not be queried, so no screen is listed.',
      'pactl is not installed (package pulseaudio-utils): PulseAudio/PipeWire sources are not listed; showing ALSA devices instead.',
      'arecord is not installed (package alsa-utils): ALSA capture devices are not listed.',
    ]);
  });

  it('falls back to ALSA when no sound server answers, and lists monitors from xrandr', async () => {
    const { run } = scriptedRunner([
      { match: has('xrandr'), result: { stdout: fixture('linux/xrandr-listmonitors-two-monitors.txt') } },
      { match: has('pactl'), result: { exitCode: 1, stderr: 'Connection failure: Connection refused\npa_context_connect() failed: Connection refused\n' } },
      { match: has('arecord'), result: { stdout: fixture('linux/arecord-l-usb-audio.txt') } },
    ]);
    const devices = await listCaptureDevices({ platform: 'linux', ffmpegPath: null, env: { DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0' }, deps: { run, sysfsRoot: join(sysfs, 'none') } });
    expect(devices.screens.map((s) => [s.id, s.capture.region ?? null])).toEqual([
      [':0', null],
      [':0+1975,0', { x: 1975, y: 0, width: 3840, height: 2160 }],
      [':0+0,0', { x: 0, y: 0, width: 1482, height: 3512 }],
    ]);
    expect(devices.screens[0]).toMatchObject({ name: 'All monitors 5815x3512', width: 5815, height: 3512 });
    expect(devices.microphones).toEqual([{ id: 'alsa:plughw:CARD=Device,DEV=0', name: 'USB Audio Device: USB Audio' }]);
    expect(devices.notes[0]).toMatch(/^Wayland session: screen capture goes through XWayland \(:0\)/);
    expect(devices.notes).toContain('No camera: this machine has no V4L2 camera (no /dev/video* capture device; plug one in or check that its driver is loaded).');
    expect(devices.notes).toContain('pactl failed (Connection failure: Connection refused): no PulseAudio/PipeWire server answered; showing ALSA devices instead.');
  });

  it('names the cameras that exist when the chosen node is missing', async () => {
    const s = defaultEncodeSettings('linux', { input: { kind: 'camera', device: '/dev/video0' } });
    await expect(verifyCaptureSource(s, { ffmpegPath: 'ffmpeg', deps: { sysfsRoot: sysfs, exists: () => false } })).rejects.toThrow('No camera /dev/video0; cameras here: /dev/video2 (HD Pro Webcam C920).');
    await expect(verifyCaptureSource(s, { ffmpegPath: 'ffmpeg', deps: { sysfsRoot: join(sysfs, 'none'), exists: () => false } })).rejects.toThrow(
      'No camera /dev/video0; this machine has no V4L2 camera (no /dev/video* capture device; plug one in or check that its driver is loaded).',
    );
  });

  it('refuses a display that is not running, and a Pulse source that is not there', async () => {
    const desktop = defaultEncodeSettings('linux', { input: { kind: 'desktop', display: ':7' } });
    await expect(verifyCaptureSource(desktop, { ffmpegPath: 'ffmpeg', env: {}, deps: { x11SocketDir: join(sysfs, 'no-x') } })).rejects.toThrow(
      'No X display :7; no X server runs on this machine. No X display (DISPLAY is not set): screen capture needs a running X11 session.',
    );
    const { run } = scriptedRunner([{ match: has('pactl'), result: { stdout: fixture('linux/pactl-short-sources.txt') } }]);
    const audio = defaultEncodeSettings('linux', { input: { kind: 'testsrc' }, audio: { kind: 'device', device: 'alsa_input.usb-Blue_Yeti' } });
    await expect(verifyCaptureSource(audio, { ffmpegPath: 'ffmpeg', deps: { run } })).rejects.toThrow(
      'No audio input "alsa_input.usb-Blue_Yeti"; audio inputs here: srtc_null.monitor, srtc_mic, srtc_remap (see `srt-companion devices`).',
    );
    await expect(verifyCaptureSource({ ...audio, audio: { kind: 'device', device: 'srtc_mic' } }, { ffmpegPath: 'ffmpeg', deps: { run } })).resolves.toBeUndefined();
  });
});

describe('the human listing', () => {
  it('prints the push option that captures each device', () => {
    const lines = formatCaptureDevices({
      platform: 'linux',
      cameras: [{ id: '/dev/video2', name: 'HD Pro Webcam C920', modes: [{ width: 1920, height: 1080, fps: [30, 15], format: 'mjpeg' }] }],
      screens: [{ id: ':0+1975,0', name: 'HDMI-0 3840x2160 (primary) at +1975+0', width: 3840, height: 2160, x: 1975, y: 0, capture: { display: ':0', region: { x: 1975, y: 0, width: 3840, height: 2160 } } }],
      microphones: [{ id: 'alsa_output.pci.monitor', name: 'Monitor of Built-in Audio', monitor: true }],
      notes: ['No X display'],
    });
    expect(lines).toEqual([
      "camera  HD Pro Webcam C920 — 1 mode(s), largest 1920x1080@30 mjpeg\n        --input 'camera:/dev/video2'",
      "screen  HDMI-0 3840x2160 (primary) at +1975+0\n        --input 'desktop:0' --region 3840x2160+1975+0",
      "audio   Monitor of Built-in Audio (monitor of an output)\n        --audio 'alsa_output.pci.monitor'",
      'note: No X display',
    ]);
    // Windows: a monitor left of the primary one has a negative offset.
    const windows = formatCaptureDevices({ platform: 'win32', cameras: [], microphones: [], notes: [], screens: parseWindowsScreens('\\\\.\\DISPLAY2|False|-1920|180|1920|1080') });
    expect(windows[1]).toBe("screen  DISPLAY2 1920x1080\n        --input 'desktop' --region 1920x1080-1920+180");
  });
});
