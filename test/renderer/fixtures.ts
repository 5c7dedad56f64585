// Plain test data for the renderer tests: streams, an ffmpeg probe, capture device lists, stats snapshots.

import type { StatsSnapshot, UplinkStats } from '../../src/shared/broadcastTypes';
import type { CaptureDevices } from '../../src/shared/captureDevices';
import type { FfmpegProbe, HevcEncoderStatus } from '../../src/shared/ffmpegCapabilities';
import type { DoctorReport } from '../../src/shared/ipcContract';
import { ok } from '../../src/shared/result';
import type { StreamView } from '../../src/shared/streams';

export function fakeStream(id: number, name: string, extra: Partial<StreamView> = {}): StreamView {
  return {
    id,
    name,
    active: true,
    pull: false,
    pullSources: [],
    live: false,
    backupLive: false,
    pushUrlSrt: `srt://vp-push-ed1-srt.gvideo.co:5001?streamid=${id}#****`,
    backupPushUrlSrt: `srt://vp-push-anx1-srt.gvideo.co:5001?streamid=${id}b#****`,
    hasPassphrase: false,
    playbackUrl: `https://demo.gvideo.io/cmaf/${id}/index.mpd`,
    createdAt: '2025-01-01T10:00:00Z',
    ...extra,
  };
}

export function fakeEncoder(name: HevcEncoderStatus['name'], works: boolean, reason?: string): HevcEncoderStatus {
  return { name, hardware: name !== 'libx265', works, testMs: 120, ...(reason === undefined ? {} : { reason }) };
}

export function fakeProbe(extra: Partial<FfmpegProbe> = {}): FfmpegProbe {
  return {
    path: '/usr/bin/ffmpeg',
    source: 'PATH',
    ffprobePath: '/usr/bin/ffprobe',
    platform: 'linux',
    version: '5.1.9',
    major: 5,
    minor: 1,
    gitBuild: false,
    srtOutput: true,
    mpegtsMuxer: true,
    aacEncoder: true,
    hevcEncoders: [fakeEncoder('libx265', true)],
    captureBackends: ['x11grab', 'v4l2', 'pulse', 'alsa', 'lavfi'],
    probedAtMs: 1_700_000_000_000,
    probeDurationMs: 800,
    ...extra,
  };
}

/**
 * A Linux X11 desktop as listCaptureDevices reports it: two RandR monitors (plus the whole desktop), a C920 webcam with
 * v4l2-ctl modes, a capture card, and PulseAudio sources with the output's monitor last.
 */
export function fakeCaptureDevices(extra: Partial<CaptureDevices> = {}): CaptureDevices {
  return {
    platform: 'linux',
    cameras: [
      {
        id: '/dev/video0',
        name: 'HD Pro Webcam C920',
        modes: [
          { width: 1920, height: 1080, fps: [30, 24, 15], format: 'mjpeg' },
          { width: 1280, height: 720, fps: [30, 15], format: 'mjpeg' },
          { width: 640, height: 480, fps: [30, 15], format: 'yuyv422' },
        ],
      },
      { id: '/dev/video2', name: 'Cam Link 4K', modes: [{ width: 1920, height: 1080, fps: [60, 50, 30], format: 'nv12' }] },
    ],
    screens: [
      { id: ':0', name: 'All monitors 4480x1440', width: 4480, height: 1440, x: 0, y: 0, capture: { display: ':0' } },
      {
        id: ':0+0,0',
        name: 'DP-1 2560x1440 (primary) at +0+0',
        width: 2560,
        height: 1440,
        x: 0,
        y: 0,
        primary: true,
        capture: { display: ':0', region: { x: 0, y: 0, width: 2560, height: 1440 } },
      },
      {
        id: ':0+2560,0',
        name: 'HDMI-1 1920x1080 at +2560+0',
        width: 1920,
        height: 1080,
        x: 2560,
        y: 0,
        primary: false,
        capture: { display: ':0', region: { x: 2560, y: 0, width: 1920, height: 1080 } },
      },
    ],
    microphones: [
      { id: 'alsa_input.usb-046d_HD_Pro_Webcam_C920_8A1B2C3D-02.analog-stereo', name: 'HD Pro Webcam C920 Analog Stereo' },
      { id: 'alsa_input.pci-0000_00_1f.3.analog-stereo', name: 'Built-in Audio Analog Stereo' },
      { id: 'alsa_output.pci-0000_00_1f.3.analog-stereo.monitor', name: 'Monitor of Built-in Audio Analog Stereo', monitor: true },
    ],
    notes: [],
    ...extra,
  };
}

/** A headless Linux machine as the `devices` command reports it here: nothing listed, each reason in `notes`. */
export function fakeNoCaptureDevices(): CaptureDevices {
  return {
    platform: 'linux',
    cameras: [],
    screens: [],
    microphones: [],
    notes: [
      'No X display (DISPLAY is not set): screen capture needs a running X11 session.',
      'No camera: this machine has no V4L2 camera (no /dev/video* capture device; plug one in or check that its driver is loaded).',
      'pactl failed (Connection failure: Connection refused): no PulseAudio/PipeWire server answered; showing ALSA devices instead.',
      'No audio input: no sound server answered and ALSA lists no capture device.',
    ],
    issues: [
      { device: 'screen', sentence: 'Desktop capture is not available: no desktop session (X11) runs on this computer.' },
      { device: 'camera', sentence: 'No camera found: connect one, then press “Run checks again” on Diagnostics.' },
      { device: 'audio', sentence: 'No audio input found: start the sound system or connect a microphone, then press “Run checks again” on Diagnostics. The test tone still works.' },
    ],
    unavailable: { desktop: 'no desktop session (X11) runs on this computer', camera: 'no camera is connected' },
  };
}

/** A doctor() report with a working ffmpeg, no API check, and these devices. */
export function fakeDoctorReport(devices: CaptureDevices | undefined, probe: FfmpegProbe = fakeProbe()): DoctorReport {
  return { ffmpeg: ok(probe), keychain: ok({ tokenStored: false }), api: null, ...(devices !== undefined ? { devices } : {}) };
}

export function fakeUplink(role: UplinkStats['role'], extra: Partial<UplinkStats> = {}): UplinkStats {
  return {
    role,
    state: 'live',
    rttMs: 30,
    sendKbps: 2600,
    retransPct: 0.5,
    retransPctTotal: 0.5,
    lossPct: 0,
    lostPkts: 0,
    linkCapacityKbps: 50_000,
    sendBufferMs: 40,
    ...extra,
  };
}

/** A healthy snapshot on the primary at unix second `t`; override any part. */
export function fakeSnapshot(t: number, extra: Partial<StatsSnapshot> = {}): StatsSnapshot {
  return {
    type: 'stats',
    t,
    state: 'live',
    onAir: true,
    onAirReason: null,
    encoder: { fps: 30, kbps: 2500, speed: 1.0, dropped: 0, duplicated: 0, restarts: 0 },
    active: 'primary',
    uplinks: [fakeUplink('primary')],
    warnings: [],
    ...extra,
  };
}
