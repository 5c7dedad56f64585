// Broadcast state for the whole window: status, the 300-snapshot stats ring, the event log, and the start/stop commands.

import { useCallback, useEffect, useState } from 'react';
import type { BroadcastConfig, BroadcastEvent, StatsSnapshot } from '../../../shared/broadcastTypes';
import type { RehearsalFault } from '../../../shared/rehearsalTypes';
import type { BroadcastStatus, SrtCompanionApi } from '../../../shared/ipcContract';
import { mergeEvents, mergeStats } from '../logic/historyMerge';
import { appendBounded } from '../logic/ring';
import { useSessionReport, type SessionReportControl } from './useSessionReport';

/** 5 minutes of 1 Hz snapshots. */
export const STATS_RING_SIZE = 300;
export const EVENT_LOG_SIZE = 500;

export interface BroadcastControl {
  status: BroadcastStatus | null;
  snapshots: StatsSnapshot[];
  events: BroadcastEvent[];
  /** The last refused command's message (Result.message), or null. */
  error: string | null;
  /** That refusal's code (`stream_inactive`, `bad_latency`…), or null. */
  errorCode: string | null;
  /** The setting main named in that refusal (`latencyMs`, `input`, `target.primary`…), for the form to mark; or null. */
  errorField: string | null;
  busy: boolean;
  /** The report of the broadcast that ended (after Stop, or after it failed), and its export. */
  session: SessionReportControl;
  start(config: BroadcastConfig): Promise<void>;
  stop(): Promise<void>;
  /** Rehearsal only: breaks a local ingest (main refuses it for a real broadcast). */
  simulateFault(fault: RehearsalFault): Promise<void>;
  /** Subscribes to what viewers get (thumbnails, audio levels at 10 Hz); kept out of this state so they re-render only their view. */
  onMonitor?: SrtCompanionApi['onMonitor'];
}

export function useBroadcast(api: SrtCompanionApi): BroadcastControl {
  const [status, setStatus] = useState<BroadcastStatus | null>(null);
  const [snapshots, setSnapshots] = useState<StatsSnapshot[]>([]);
  const [events, setEvents] = useState<BroadcastEvent[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [errorField, setErrorField] = useState<string | null>(null);
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let mounted = true;
    const refresh = async (): Promise<void> => {
      const r = await api.broadcastStatus();
      if (mounted && r.ok) setStatus(r.value);
    };
    // A (re)loaded window gets back what main kept: the status, the last 5 minutes of stats and every event.
    const loadHistory = async (): Promise<void> => {
      const r = await api.broadcastHistory();
      if (!mounted || !r.ok) return;
      const { stats, events: kept } = r.value;
      setStatus(r.value.status);
      setSnapshots((live) => mergeStats(stats, live, STATS_RING_SIZE));
      setEvents((live) => mergeEvents(kept, live, EVENT_LOG_SIZE));
    };
    void loadHistory();
    const offStats = api.onStats((s) => setSnapshots((prev) => appendBounded(prev, s, STATS_RING_SIZE)));
    const offEvents = api.onBroadcastEvent((e) => {
      setEvents((prev) => appendBounded(prev, e, EVENT_LOG_SIZE));
      // Events mark state changes (connected, error, stopped…): re-read the status instead of guessing it.
      void refresh();
    });
    return () => {
      mounted = false;
      offStats();
      offEvents();
    };
  }, [api]);

  const run = useCallback(async (call: () => ReturnType<SrtCompanionApi['stopBroadcast']>): Promise<void> => {
    setBusy(true);
    setError(null);
    setErrorField(null);
    setErrorCode(null);
    try {
      const r = await call();
      if (r.ok) setStatus(r.value);
      else {
        setError(r.message);
        setErrorField(r.field ?? null);
        setErrorCode(r.code);
      }
    } finally {
      setBusy(false);
    }
  }, []);

  const start = useCallback(
    async (config: BroadcastConfig): Promise<void> => {
      setSnapshots([]);
      setEvents([]);
      await run(() => api.startBroadcast(config));
    },
    [api, run],
  );
  const stop = useCallback(() => run(() => api.stopBroadcast()), [api, run]);
  const simulateFault = useCallback((fault: RehearsalFault) => run(() => api.simulateFault(fault)), [api, run]);
  const session = useSessionReport(api, status);

  return { status, snapshots, events, error, errorCode, errorField, busy, session, start, stop, simulateFault, onMonitor: api.onMonitor };
}

/** A broadcast is under way (settings locked, Stop offered) in these states. */
export function isBroadcastRunning(status: BroadcastStatus | null): boolean {
  return status !== null && (status.state === 'starting' || status.state === 'live' || status.state === 'notOnAir' || status.state === 'stopping');
}
