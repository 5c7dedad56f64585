// Pure filtering of the stream list by its tags (push/pull, active, live on primary/backup) and the tags' labels.

import { streamTags, type StreamTag, type StreamView } from '../../../shared/streams';

export type IngestFilter = 'any' | 'push' | 'pull';
export type ActiveFilter = 'any' | 'active' | 'inactive';
/** `live`: on primary or backup; `idle`: on neither. */
export type LiveFilter = 'any' | 'live' | 'primary' | 'backup' | 'idle';

export interface StreamFilters {
  ingest: IngestFilter;
  active: ActiveFilter;
  live: LiveFilter;
}

export const NO_FILTERS: StreamFilters = { ingest: 'any', active: 'any', live: 'any' };

export function isFiltering(f: StreamFilters): boolean {
  return f.ingest !== 'any' || f.active !== 'any' || f.live !== 'any';
}

/** True when the stream's tags satisfy every filter. */
export function matchesFilters(stream: StreamView, f: StreamFilters): boolean {
  const tags = new Set<StreamTag>(streamTags(stream));
  if (f.ingest !== 'any' && !tags.has(f.ingest)) return false;
  if (f.active !== 'any' && !tags.has(f.active)) return false;
  switch (f.live) {
    case 'any':
      return true;
    case 'live':
      return !tags.has('not-live');
    case 'primary':
      return tags.has('live-primary');
    case 'backup':
      return tags.has('live-backup');
    case 'idle':
      return tags.has('not-live');
  }
}

/** What a tag says on screen; a pull stream's `live-primary` is just "live" (pull has no backup ingest). */
export function tagLabel(tag: StreamTag, stream: Pick<StreamView, 'pull'>): string {
  switch (tag) {
    case 'live-primary':
      return stream.pull ? 'live' : 'live: primary';
    case 'live-backup':
      return 'live: backup';
    case 'not-live':
      return 'not live';
    default:
      return tag;
  }
}
