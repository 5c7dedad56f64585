// What Gcore says it receives, read from its Stream object (pure): live state, ingest region and source metrics.

import type { PlatformView } from '../../shared/broadcastTypes';
import type { GcoreStream } from '../gcore/streamSchema';

/** Only https links leave main for the renderer's <img> and the system browser; anything else reads as absent. */
function httpsOrNull(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    return new URL(raw).protocol === 'https:' ? raw : null;
  } catch {
    return null;
  }
}

/** A metric the platform reports only while it transcodes: a finite number of at least `min`, else null. */
function metric(value: number | null | undefined, min = Number.MIN_VALUE): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= min ? value : null;
}

/** The platform's view of the stream as answered at `checkedAtMs` (ms since the epoch). */
export function platformViewOf(stream: GcoreStream, checkedAtMs: number): PlatformView {
  return {
    live: stream.live === true,
    backupLive: stream.backup_live === true,
    region: stream.active_ingest_region_primary ?? null,
    backupRegion: stream.active_ingest_region_backup ?? null,
    sourceType: stream.stream_source_type ?? null,
    width: metric(stream.video_width),
    height: metric(stream.video_height),
    fps: metric(stream.frame_rate),
    transcodingSpeed: metric(stream.transcoding_speed, 0),
    screenshotUrl: httpsOrNull(stream.screenshot),
    viewerPageUrl: httpsOrNull(stream.iframe_url),
    checkedAtMs,
  };
}
