// A stream's tags as small labels: push/pull, active/inactive, live on primary/backup or not live.

import type { JSX } from 'react';
import { streamTags, type StreamView } from '../../../shared/streams';
import { tagLabel } from '../logic/streamFilters';

export function StreamTags({ stream }: { stream: StreamView }): JSX.Element {
  return (
    <ul className="tag-list" aria-label={`Tags of ${stream.name}`}>
      {streamTags(stream).map((tag) => (
        <li key={tag} className={`tag tag-${tag}`}>
          {tagLabel(tag, stream)}
        </li>
      ))}
    </ul>
  );
}
