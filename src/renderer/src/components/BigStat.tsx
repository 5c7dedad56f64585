// One large, glanceable number with its label (readable from across the desk).

import type { JSX } from 'react';

export interface BigStatProps {
  label: string;
  value: string;
  /** Highlights the value, e.g. red when an ingest is down, amber on the backup. */
  tone?: 'normal' | 'good' | 'warn' | 'bad';
}

export function BigStat({ label, value, tone = 'normal' }: BigStatProps): JSX.Element {
  return (
    <div className={`big-stat big-stat-${tone}`}>
      <span className="big-stat-label">{label}</span>
      <span className="big-stat-value">{value}</span>
    </div>
  );
}
