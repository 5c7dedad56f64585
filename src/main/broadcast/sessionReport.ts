// Builds the session report of a broadcast from its stats seconds and events (pure: the clock is an input).

import { dirname } from 'node:path';
import { INGEST_ROLES, type BroadcastConfig, type BroadcastEvent, type BroadcastState, type IngestRole } from '../../shared/broadcastTypes';
import type { ViewerStory } from '../../shared/rehearsalTypes';
import type { IngestReport, MinAvgMax, SessionReport } from '../../shared/sessionReportTypes';
import type { StatsSecond } from './sessionRecorder';

export interface SessionReportInput {
  config: Pick<BroadcastConfig, 'target' | 'mode' | 'bitrateKbps' | 'latencyMs'>;
  /** When the start was requested, ms since the epoch. */
  startedAtMs: number;
  /** Now, ms since the epoch: the end of a broadcast that still runs. */
  nowMs: number;
  state: BroadcastState;
  reason: string | null;
  seconds: readonly StatsSecond[];
  events: readonly BroadcastEvent[];
  eventsDropped: number;
  viewerStory: ViewerStory | null;
  recordings: readonly string[];
  /** The bitrate aimed at when it is not the configured one (a file sent as it is: its own, or null). */
  targetKbps?: number | null;
}

const FINAL_STATES: readonly BroadcastState[] = ['stopped', 'failed'];

/** min/avg/max of the values, rounded to hundredths; null for none. */
export function minAvgMax(values: readonly number[]): MinAvgMax | null {
  if (values.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  return { min: hundredth(min), avg: hundredth(sum / values.length), max: hundredth(max) };
}

function hundredth(n: number): number {
  return Math.round(n * 100) / 100;
}

function tenth(n: number): number {
  return Math.round(n * 10) / 10;
}

/**
 * Lost packets over every SRT session: `lostPkts` counts per session, so a drop in the figure means a new session
 * began and its count is added from zero.
 */
export function lostOverSessions(perSecond: readonly number[]): number {
  let total = 0;
  let previous = 0;
  for (const lost of perSecond) {
    total += lost >= previous ? lost - previous : lost;
    previous = lost;
  }
  return total;
}

function ingestReport(role: IngestRole, seconds: readonly StatsSecond[]): IngestReport | null {
  const present = seconds.filter((s) => s.uplinks[role] !== undefined);
  if (present.length === 0) return null;
  // Only seconds with an SRT session: a standby or down uplink's zeros would drag the figures down.
  const connected = present.filter((s) => s.uplinks[role]?.state === 'live' || s.uplinks[role]?.state === 'suspect');
  const of = (pick: (u: NonNullable<StatsSecond['uplinks'][IngestRole]>) => number | null): number[] =>
    connected.map((s) => pick(s.uplinks[role]!)).filter((v): v is number => v !== null && Number.isFinite(v));
  return {
    role,
    connectedS: connected.length,
    carriedS: seconds.filter((s) => s.onAir && s.active === role).length,
    sendKbps: minAvgMax(of((u) => u.sendKbps)),
    rttMs: minAvgMax(of((u) => u.rttMs)),
    lossPct: minAvgMax(of((u) => u.lossPct)),
    lostPkts: lostOverSessions(present.map((s) => s.uplinks[role]!.lostPkts)),
  };
}

/** The folder every recording is in, or null when there are none or they are spread over several. */
function commonFolder(files: readonly string[]): string | null {
  const folders = new Set(files.map((f) => dirname(f)));
  return folders.size === 1 ? [...folders][0]! : null;
}

/** The report of the broadcast as it stands at `nowMs` (after the end: its final figures). */
export function buildSessionReport(input: SessionReportInput): SessionReport {
  const { seconds, events } = input;
  const startedAtS = input.startedAtMs / 1000;
  // Ended: the moment of the state event that took it to its final state; still running: now.
  const finalEvent = FINAL_STATES.includes(input.state) ? events.findLast((e) => e.kind === 'state' && e.state === input.state) : undefined;
  const endedAtS = finalEvent?.t ?? input.nowMs / 1000;
  const encoderRestartEvents = events.filter((e) => e.kind === 'encoder-restarted').length;
  const ingests = INGEST_ROLES.map((role) => ingestReport(role, seconds)).filter((r): r is IngestReport => r !== null);
  return {
    type: 'session-report',
    startedAtS,
    endedAtS,
    finalState: input.state,
    reason: input.reason,
    target: input.config.target.kind,
    mode: input.config.mode,
    targetKbps: input.targetKbps !== undefined ? input.targetKbps : input.config.bitrateKbps,
    latencyMs: input.config.latencyMs,
    durationS: tenth(Math.max(0, endedAtS - startedAtS)),
    // Stats come once a second: each second that said on air counts one.
    onAirS: seconds.filter((s) => s.onAir).length,
    secondsRecorded: seconds.length,
    failovers: events.filter((e) => e.kind === 'failover').length,
    failbacks: events.filter((e) => e.kind === 'failback').length,
    encoder: {
      restarts: Math.max(encoderRestartEvents, ...seconds.map((s) => s.encoderRestarts)),
      kbps: minAvgMax(seconds.filter((s) => s.encoderFps > 0).map((s) => s.encoderKbps)),
      speed: minAvgMax(seconds.filter((s) => s.encoderFps > 0).map((s) => s.encoderSpeed)),
    },
    ingests,
    events: [...events],
    eventsDropped: input.eventsDropped,
    viewerStory: input.viewerStory,
    recordings: { folder: commonFolder(input.recordings), files: [...input.recordings] },
  };
}
