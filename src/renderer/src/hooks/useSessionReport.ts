// The session report of the broadcast that just ended: loaded from main once it has stopped or failed, saved as a file.

import { useCallback, useEffect, useState } from 'react';
import type { BroadcastStatus, SrtCompanionApi } from '../../../shared/ipcContract';
import type { ReportFormat, SessionReport } from '../../../shared/sessionReportTypes';
import { downloadText } from '../logic/downloadText';

export interface SessionReportControl {
  /** The ended broadcast's report; null while one runs, before the first, or while it loads. */
  report: SessionReport | null;
  /** Why the report could not be loaded or saved (one sentence), or null. */
  error: string | null;
  /**
   * Asks main for the report as JSON or per-second CSV and offers it as a download (main makes the saved file 0600).
   * Resolves with the file name, or null when main refused (then `error` says why).
   */
  save(format: ReportFormat): Promise<string | null>;
}

/** The broadcast ended (by Stop or by itself) after it was asked to start. */
function endedBroadcast(status: BroadcastStatus | null): boolean {
  return status !== null && status.config !== null && (status.state === 'stopped' || status.state === 'failed');
}

export function useSessionReport(api: SrtCompanionApi, status: BroadcastStatus | null): SessionReportControl {
  const [report, setReport] = useState<SessionReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ended = endedBroadcast(status);

  useEffect(() => {
    setReport(null);
    setError(null);
    if (!ended) return;
    let mounted = true;
    void api.sessionReport().then((r) => {
      if (!mounted) return;
      if (r.ok) setReport(r.value);
      // No broadcast behind the status (a start refused before anything ran): nothing to report, nothing to say.
      else if (r.code !== 'no_broadcast') setError(r.message);
    });
    return () => {
      mounted = false;
    };
  }, [api, ended, status?.startedAtMs]);

  const save = useCallback(
    async (format: ReportFormat): Promise<string | null> => {
      const r = await api.exportSessionReport(format);
      if (!r.ok) {
        setError(r.message);
        return null;
      }
      downloadText(r.value.text, r.value.fileName);
      setError(null);
      return r.value.fileName;
    },
    [api],
  );

  return { report, error, save };
}
