// Plain test data for the renderer tests: streams, an ffmpeg probe, stats snapshots.

import type { StatsSnapshot, UplinkStats } from '../../src/shared/broadcastTypes';
import type { FfmpegProbe, HevcEncoderStatus } from '../../src/shared/ffmpegCapabilities';
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

export function fakeUplink(role: UplinkStats['role'], extra: Partial<UplinkStats> = {}): UplinkStats {
  return {
    role,
    state: 'live',
    rttMs: 30,
    sendKbps: 2600,
    retransPct: 0.5,
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
    encoder: { fps: 30, kbps: 2500, speed: 1.0, dropped: 0, duplicated: 0 },
    active: 'primary',
    uplinks: [fakeUplink('primary')],
    ...extra,
  };
}
