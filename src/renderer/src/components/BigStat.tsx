// One large, glanceable number with its label (readable from across the desk).

import type { JSX } from 'react';

export interface BigStatProps {
  label: string;
  value: string;
  /** A smaller note after the value (e.g. the share of a time), so the big number still fits its card. */
  detail?: string;
  /** Highlights the value, e.g. red when an ingest is down, amber on the backup. */
  tone?: 'normal' | 'good' | 'warn' | 'bad';
}

export function BigStat({ label, value, detail, tone = 'normal' }: BigStatProps): JSX.Element {
  return (
    <div className={`big-stat big-stat-${tone}`}>
      <span className="big-stat-label">{label}</span>
      <span className="big-stat-value">
        {value}
        {detail !== undefined ? (
          <>
            {' '}
            <span className="big-stat-detail">{detail}</span>
          </>
        ) : null}
      </span>
    </div>
  );
}
