// The amber banner that stays from the failover until the failback: why the backup carries the stream, when the
// primary is tried again or when the stream goes back to it, and the latest event.

import type { JSX } from 'react';
import type { BackupView } from '../logic/onAirView';
import { formatClock } from '../logic/format';

export interface BackupBannerProps {
  view: BackupView;
}

function countdown(view: BackupView): string {
  if (view.backToPrimaryInS !== null) return `Primary is back: back to primary in ${view.backToPrimaryInS} s (both ingests are pushed until then).`;
  if (view.primaryRetryInS !== null) return `Primary retry in ${view.primaryRetryInS} s.`;
  return 'Trying the primary again.';
}

export function BackupBanner({ view }: BackupBannerProps): JSX.Element {
  const latest = view.latestEvent;
  return (
    <div className="backup-banner" role="status" aria-label="On the backup ingest">
      <p className="backup-banner-title">
        <strong>ON BACKUP</strong> — viewers get the stream from the backup ingest.
      </p>
      {view.reason !== null ? <p className="backup-banner-reason">Why: {view.reason}</p> : null}
      <p className="backup-banner-countdown">{countdown(view)}</p>
      {latest !== null ? (
        <p className="backup-banner-latest">
          Latest: <time>{formatClock(latest.t)}</time> {latest.kind}
          {latest.role !== undefined ? ` (${latest.role})` : ''}: {latest.detail}
        </p>
      ) : null}
    </div>
  );
}
