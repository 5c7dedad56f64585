// Go live / Stop, elapsed time, the active ingest in big type, main's warnings, per-ingest numbers, live charts and the event log.

import type { JSX } from 'react';
import type { BroadcastState, BroadcastTarget } from '../../../shared/broadcastTypes';
import { BigStat } from '../components/BigStat';
import { Notice } from '../components/Notice';
import { isBroadcastRunning, type BroadcastControl } from '../hooks/useBroadcast';
import { useNow } from '../hooks/useNow';
import { toBroadcastConfig, validateBroadcastSettings, type BroadcastSettings } from '../logic/broadcastSettings';
import { formatElapsed, formatKbps, formatMs } from '../logic/format';
import type { Result } from '../../../shared/result';
import { EventLog } from './EventLog';
import { PlatformPanel } from './PlatformPanel';
import { LiveActions } from './LiveActions';
import { LiveCharts } from './LiveCharts';
import { RehearsalFaults } from './RehearsalFaults';
import { SessionReport } from './SessionReport';
import { UplinkTable } from './UplinkTable';
import { ViewerPanel } from './ViewerPanel';
import { ViewerMonitor } from './ViewerMonitor';
import { targetKbpsOf } from '../logic/targetBitrate';

export interface LivePanelProps {
  broadcast: BroadcastControl;
  settings: BroadcastSettings;
  /** Where Go live pushes; null when it cannot (see `blockedReason`). */
  target: BroadcastTarget | null;
  blockedReason: string | null;
  /** Rehearsal: buttons that break the local ingests, and what viewers would see under Gcore's rules. */
  rehearsal: boolean;
  /** Opens a Gcore link in the system browser (the platform panel's "watch as a viewer"). */
  openExternal?: (url: string) => Promise<Result<boolean>>;
}

/** The broadcast state as the badge says it. */
const STATE_LABEL: Record<BroadcastState, string> = {
  idle: 'idle',
  starting: 'starting',
  live: 'live',
  notOnAir: 'not on air',
  stopping: 'stopping',
  stopped: 'stopped',
  failed: 'failed',
};

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function LivePanel({ broadcast, settings, target, blockedReason, rehearsal, openExternal }: LivePanelProps): JSX.Element {
  const { status, snapshots, events, error, busy } = broadcast;
  const running = isBroadcastRunning(status);
  const nowMs = useNow(1000, running);
  // Once it ended, the last second's figures go ("Primary", a bitrate); the charts, the log and the report keep it all.
  const latest = running ? snapshots.at(-1) : undefined;
  const latencyMs = status?.config?.latencyMs ?? settings.latencyMs;
  // Warnings are computed in main from the broadcast's own measurements and arrive with every snapshot.
  const warnings = running ? (latest?.warnings ?? []) : [];
  const warned = (code: string, role?: string | null): boolean => warnings.some((w) => w.code === code && (role === undefined || w.role === role));
  const problems = validateBroadcastSettings(settings);
  const activeUplink = latest?.uplinks.find((u) => u.role === latest.active);
  const otherTarget = running && target !== null && status?.config?.target.kind !== target.kind;

  const goLive = (): void => {
    if (target === null || problems.length > 0) return;
    void broadcast.start(toBroadcastConfig(settings, target));
  };

  return (
    <section className="live-panel" aria-label="Live">
      <LiveActions running={running} busy={busy} canGoLive={target !== null && problems.length === 0} goLive={goLive} stop={() => void broadcast.stop()} badge={status === null ? 'Checking…' : STATE_LABEL[status.state]} />
      {blockedReason !== null && !running ? <Notice kind="info">{blockedReason}</Notice> : null}
      {problems.length > 0 && !running ? (
        <Notice kind="error">Fix the settings first: {problems.map((p) => p.message).join(' ')}</Notice>
      ) : null}
      {otherTarget ? <Notice kind="info">Another broadcast is running ({status?.config?.target.kind}); stop it first.</Notice> : null}
      {error !== null ? <Notice kind="error">{error}</Notice> : null}
      <div className="big-stats">
        <BigStat
          label="Active ingest"
          value={latest === undefined ? '—' : latest.active === null ? 'None' : capitalise(latest.active)}
          tone={latest === undefined ? 'normal' : latest.active === null ? 'bad' : latest.active === 'primary' ? 'good' : 'warn'}
        />
        <BigStat
          label="Elapsed"
          value={running && status?.startedAtMs != null ? formatElapsed(nowMs - status.startedAtMs) : '—'}
        />
        <BigStat label="Encoder" value={latest === undefined ? '—' : formatKbps(latest.encoder.kbps)} />
        <BigStat
          label="RTT (active)"
          value={formatMs(activeUplink?.rttMs)}
          tone={warned('rtt-high', latest?.active) ? 'bad' : 'normal'}
        />
        <BigStat
          label="Encoder speed"
          value={latest === undefined ? '—' : `${latest.encoder.speed.toFixed(2)}×`}
          tone={warned('encoder-slow') || warned('encoder-stalled') ? 'bad' : 'normal'}
        />
      </div>
      {running ? <PlatformPanel view={latest?.platform} sent={status?.config ?? settings} warnings={warnings} nowMs={nowMs} {...(openExternal ? { openExternal } : {})} /> : null}
      {rehearsal ? (
        <>
          <RehearsalFaults inject={(fault) => void broadcast.simulateFault(fault)} disabled={busy || !running || status?.config?.target.kind !== 'local'} />
          <ViewerPanel live={latest?.viewers} story={status?.config?.target.kind === 'local' ? (status.viewerStory ?? null) : null} running={running} />
        </>
      ) : null}
      {warnings.length > 0 ? (
        <ul className="warning-list" aria-label="Warnings" aria-live="polite">
          {warnings.map((w) => (
            <li key={`${w.code}-${w.role ?? ''}`} className={`notice notice-${w.severity === 'critical' ? 'error' : 'warning'}`} data-code={w.code}>
              {w.message}
            </li>
          ))}
        </ul>
      ) : null}
      <ViewerMonitor onMonitor={broadcast.onMonitor} running={running} />
      <SessionReport session={broadcast.session} running={running} />
      <UplinkTable latest={latest} latencyMs={latencyMs} />
      <LiveCharts snapshots={snapshots} events={events} targetKbps={targetKbpsOf(status)} latencyMs={latencyMs} />
      <EventLog events={events} />
    </section>
  );
}
