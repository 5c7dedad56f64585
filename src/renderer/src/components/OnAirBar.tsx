// The bar pinned at the top of every screen: ON AIR / NOT ON AIR (why, and what to do) / STARTING / STOPPED from the
// engine's on-air state, the carrying ingest in colour, elapsed time, sent bitrate against the target, link health;
// below it, while on the backup, the amber banner.

import type { JSX } from 'react';
import type { BroadcastControl } from '../hooks/useBroadcast';
import { useNow } from '../hooks/useNow';
import { formatElapsed, formatKbps } from '../logic/format';
import { backupView, ingestTone, onAirView, reasonHeadline, worstSeverity } from '../logic/onAirView';
import { BackupBanner } from './BackupBanner';
import { targetKbpsOf } from '../logic/targetBitrate';

export interface OnAirBarProps {
  broadcast: Pick<BroadcastControl, 'status' | 'snapshots' | 'events'>;
}

const HEALTH_TEXT = { null: 'healthy', info: 'healthy (a note)', warning: 'needs attention', critical: 'viewers affected' } as const;

export function OnAirBar({ broadcast }: OnAirBarProps): JSX.Element {
  const { status, snapshots, events } = broadcast;
  const latest = snapshots.at(-1);
  const view = onAirView(status, latest);
  const nowMs = useNow(1000, view.running);
  const live = view.running && latest !== undefined;
  const active = latest?.active ?? null;
  const sentKbps = latest?.uplinks.find((u) => u.role === active)?.sendKbps ?? 0;
  const targetKbps = targetKbpsOf(status);
  const warnings = view.running ? (latest?.warnings ?? []) : [];
  const worst = worstSeverity(warnings.map((w) => w.severity));
  const backup = backupView(view.running, latest, events);
  return (
    <div className="on-air-sticky">
      <div className={`on-air-bar on-air-${view.tone}`} role="status" aria-label="Broadcast status">
        <strong className="on-air-label" data-testid="on-air-label">
          {view.label}
        </strong>
        {view.running ? (
          <>
            <span className={`on-air-ingest tone-${ingestTone(active)}`} data-testid="on-air-ingest">
              {active === null ? 'No ingest' : active === 'primary' ? 'Primary' : 'Backup'}
            </span>
            <span className="on-air-figure" title="Elapsed since Go live">
              {status?.startedAtMs != null ? formatElapsed(nowMs - status.startedAtMs) : '—'}
            </span>
            {live ? (
              <span className="on-air-figure" title="Sent to the carrying ingest / the target bitrate">
                {formatKbps(sentKbps)}
                {targetKbps !== null ? <span className="muted"> / {formatKbps(targetKbps)}</span> : null}
              </span>
            ) : null}
            <span
              className={`health-dot health-${worst ?? 'ok'}`}
              role="img"
              aria-label={`Link health: ${HEALTH_TEXT[worst ?? 'null']}`}
              title={warnings.length > 0 ? warnings.map((w) => w.message).join('\n') : 'No warnings'}
            />
          </>
        ) : null}
        {view.reason !== null && view.tone === 'notOnAir' ? (
          <span className="on-air-reason" title={view.reason}>
            {reasonHeadline(view.reason)}. <span className="on-air-fix">{view.fix}</span>
          </span>
        ) : null}
      </div>
      {backup !== null ? <BackupBanner view={backup} /> : null}
    </div>
  );
}
