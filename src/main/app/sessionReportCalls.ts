// The backend's history and report calls: what a reloaded window gets back, and the session report as data or a file.

import type { BroadcastHistory, BroadcastStatus, ReportFile } from '../../shared/ipcContract';
import type { ReportFormat, SessionReport } from '../../shared/sessionReportTypes';
import { AppError } from '../appError';
import type { Broadcast } from '../broadcast/broadcast';
import { buildSessionReport } from '../broadcast/sessionReport';
import { sessionCsv } from '../broadcast/sessionReportCsv';
import type { AppBackend } from './appBackend';
import { attempt } from './attempt';
import type { BroadcastHistoryStore } from './broadcastHistory';

export interface SessionReportCallsOptions {
  history: BroadcastHistoryStore;
  /** The current or last broadcast, null before the first. */
  broadcast: () => Broadcast | null;
  status: () => BroadcastStatus;
  now?: () => number;
}

/** `srt-companion-session-20260131-142305Z.json` from the start time (UTC). */
export function reportFileName(startedAtS: number, format: ReportFormat): string {
  const stamp = new Date(startedAtS * 1000).toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\.\d+Z$/, 'Z');
  return `srt-companion-session-${stamp}.${format}`;
}

/** The report of `broadcast` at `nowMs` from what `history` kept of it. */
export function reportOf(broadcast: Broadcast, history: BroadcastHistoryStore, nowMs: number): SessionReport {
  return buildSessionReport({
    config: broadcast.config,
    startedAtMs: broadcast.startedAtMs ?? nowMs,
    nowMs,
    state: broadcast.state,
    reason: broadcast.reason,
    seconds: history.session.seconds(),
    events: history.session.events(),
    eventsDropped: history.session.eventsDropped,
    viewerStory: broadcast.viewerStory(),
    recordings: broadcast.recordings(),
    targetKbps: broadcast.targetKbps,
  });
}

export function createSessionReportCalls(options: SessionReportCallsOptions): Pick<AppBackend, 'broadcastHistory' | 'sessionReport' | 'exportSessionReport'> {
  const now = options.now ?? Date.now;
  const report = (): SessionReport => {
    const broadcast = options.broadcast();
    if (broadcast === null || broadcast.startedAtMs === null) {
      throw new AppError('usage', 'no_broadcast', 'No session report yet: go live or rehearse first.');
    }
    return reportOf(broadcast, options.history, now());
  };
  return {
    broadcastHistory: () =>
      attempt(async (): Promise<BroadcastHistory> => ({
        status: options.status(),
        stats: options.history.recentStats(),
        events: options.history.session.events(),
      })),
    sessionReport: () => attempt(async () => report()),
    exportSessionReport: (format) =>
      attempt(async (): Promise<ReportFile> => {
        const r = report();
        const text = format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : sessionCsv(options.history.session.seconds());
        return { fileName: reportFileName(r.startedAtS, format), text };
      }),
  };
}
