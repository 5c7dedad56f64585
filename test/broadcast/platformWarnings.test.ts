import { describe, expect, it } from 'vitest';
import type { PlatformView } from '../../src/shared/broadcastTypes';
import { platformWarnings, type PlatformSample } from '../../src/main/broadcast/broadcastWarnings';
import { platformViewOf } from '../../src/main/broadcast/platformView';

const T0 = 1_000_000;

function view(over: Partial<PlatformView> = {}): PlatformView {
  return {
    live: true,
    backupLive: false,
    region: 'ed1',
    backupRegion: null,
    sourceType: 'srt',
    width: 1280,
    height: 720,
    fps: 30,
    transcodingSpeed: 1,
    screenshotUrl: null,
    viewerPageUrl: null,
    checkedAtMs: T0 + 30_000,
    ...over,
  };
}

function sample(over: Partial<PlatformSample> = {}): PlatformSample {
  return { nowMs: T0 + 30_000, platform: view(), sent: { width: 1280, height: 720, fps: 30 }, onAirPrimarySinceMs: T0, ...over };
}

describe('platformWarnings', () => {
  const cases: Array<[string, PlatformSample, string[]]> = [
    ['all as sent', sample(), []],
    ['no answer yet', sample({ platform: null }), []],
    ['we send 30 fps, Gcore sees 15', sample({ platform: view({ fps: 15 }) }), ['platform-fps-mismatch']],
    ['29.97 against 30 is rounding', sample({ platform: view({ fps: 29.97 }) }), []],
    ['Gcore sees 60 fps', sample({ platform: view({ fps: 60 }) }), ['platform-fps-mismatch']],
    ['another size', sample({ platform: view({ width: 640, height: 360 }) }), ['platform-resolution-mismatch']],
    ['transcoding at 0.85', sample({ platform: view({ transcodingSpeed: 0.85 }) }), ['platform-transcoding-slow']],
    ['transcoding at 0.9 is fine', sample({ platform: view({ transcodingSpeed: 0.9 }) }), []],
    ['metrics not reported', sample({ platform: view({ fps: null, width: null, height: null, transcodingSpeed: null }) }), []],
    ['on air on the primary 30 s, Gcore says not live', sample({ platform: view({ live: false }) }), ['platform-not-live']],
    ['not live, but within the 20 s grace', sample({ nowMs: T0 + 19_000, platform: view({ live: false, checkedAtMs: T0 + 19_000 }) }), []],
    ['not live, answer asked before the grace ended', sample({ nowMs: T0 + 22_000, platform: view({ live: false, checkedAtMs: T0 + 15_000 }) }), []],
    ['not live, but we are not on air on the primary', sample({ onAirPrimarySinceMs: null, platform: view({ live: false }) }), []],
    ['on the backup: stale metrics of a stopped primary are not judged', sample({ onAirPrimarySinceMs: null, platform: view({ live: false, backupLive: false, fps: 15 }) }), []],
    ['on the backup, Gcore sees 15 fps there', sample({ onAirPrimarySinceMs: null, platform: view({ live: false, backupLive: true, fps: 15 }) }), ['platform-fps-mismatch']],
  ];
  it.each(cases)('%s', (_name, input, codes) => {
    expect(platformWarnings(input).map((w) => w.code)).toEqual(codes);
  });

  it('says both figures in the frame-rate warning, and how long Gcore has not seen the stream', () => {
    expect(platformWarnings(sample({ platform: view({ fps: 15 }) }))[0]!.message).toContain('Gcore receives 15 fps, we send 30 fps');
    expect(platformWarnings(sample({ platform: view({ live: false }) }))[0]!.message).toContain('for 30 s');
  });
});

describe('platformViewOf', () => {
  it('maps the Stream object and keeps only https links', () => {
    const v = platformViewOf(
      {
        id: 1,
        name: 's',
        live: true,
        backup_live: null,
        active_ingest_region_primary: 'ed1',
        stream_source_type: 'srt',
        video_width: 1280,
        video_height: 720,
        frame_rate: 29.97,
        transcoding_speed: 0,
        screenshot: 'http://demo-public.gvideo.io/shot.jpg',
        iframe_url: 'https://player.gvideo.co/streams/1_1',
      },
      5,
    );
    expect(v).toEqual({
      live: true,
      backupLive: false,
      region: 'ed1',
      backupRegion: null,
      sourceType: 'srt',
      width: 1280,
      height: 720,
      fps: 29.97,
      transcodingSpeed: 0,
      screenshotUrl: null,
      viewerPageUrl: 'https://player.gvideo.co/streams/1_1',
      checkedAtMs: 5,
    });
  });
});
