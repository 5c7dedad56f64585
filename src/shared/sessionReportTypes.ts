// Plain data of the session report a broadcast leaves behind (app, CLI `push`, `--report FILE`): figures, events, files.

import type { BroadcastEvent, BroadcastMode, BroadcastState, IngestRole } from './broadcastTypes';
import type { ViewerStory } from './rehearsalTypes';

/** The two files a report can be saved as: the whole report, or one row per stats second. */
export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Smallest, mean and largest of a measure over the seconds it was measured; null when it never was. */
export interface MinAvgMax {
  min: number;
  avg: number;
  max: number;
}

/** One ingest over the broadcast, from the seconds its uplink had an SRT session (`live` or `suspect`). */
export interface IngestReport {
  role: IngestRole;
  /** Seconds the uplink had a session with the ingest. */
  connectedS: number;
  /** Seconds this ingest carried the stream on air (active and acknowledging). */
  carriedS: number;
  sendKbps: MinAvgMax | null;
  rttMs: MinAvgMax | null;
  /** Packets reported lost over the last 5 s, percent, as each stats second said it. */
  lossPct: MinAvgMax | null;
  /** Packets the ingest reported lost, summed over every SRT session of the broadcast. */
  lostPkts: number;
}

/** What the broadcast was and how it went, built in main from its stats seconds and events. */
export interface SessionReport {
  type: 'session-report';
  /** Unix seconds of the start request, and of the end (the report's time while it still runs). */
  startedAtS: number;
  endedAtS: number;
  /** The broadcast's state when the report was made (`stopped`/`failed` after the end). */
  finalState: BroadcastState;
  /** Why it ended or is not on air (one sentence), as the broadcast said it; null otherwise. */
  reason: string | null;
  target: 'stream' | 'urls' | 'local';
  mode: BroadcastMode;
  /** The video bitrate aimed at: the configured one, or a file's own when it is sent as it is (null: it does not say). */
  targetKbps: number | null;
  latencyMs: number;
  durationS: number;
  /** Seconds an ingest acknowledged our data (the stats seconds that said on air). */
  onAirS: number;
  /** Stats seconds the report is built from (earlier ones beyond the kept 24 h are not in it). */
  secondsRecorded: number;
  failovers: number;
  failbacks: number;
  encoder: { restarts: number; kbps: MinAvgMax | null; speed: MinAvgMax | null };
  ingests: IngestReport[];
  /** Every event of the broadcast, oldest first (events beyond the kept number are counted in `eventsDropped`). */
  events: BroadcastEvent[];
  eventsDropped: number;
  /** Rehearsal only: what viewers would have seen under Gcore's rules; null for a real broadcast. */
  viewerStory: ViewerStory | null;
  /** Rehearsal only: the files the local ingests recorded (0600), and their folder; empty for a real broadcast. */
  recordings: { folder: string | null; files: string[] };
}
