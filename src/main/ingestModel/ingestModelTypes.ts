// Plain data of the Gcore ingest model: the timestamped facts it is fed per ingest, and the viewer report it produces.

import type { IngestRole } from '../../shared/broadcastTypes';
import type { NoPictureCause } from '../../shared/rehearsalTypes';

export type { IngestRole };

/** Why a connection ended. */
export type DropReason =
  | 'idle' // no data for idleDropMs (the platform's rule)
  | 'shutdown-by-sender'
  | 'shutdown-by-ingest'
  | 'refused' // the ingest answered the handshake with a rejection
  | 'outage' // the ingest went down (fault injection)
  | 'closed'; // the model's I/O part shut down

/**
 * One observation of an ingest, at `atMs` (any monotonic clock, the same for all facts of a model). `caller` names one
 * connection attempt (the front uses "address:port/socketId"); facts of a caller that was not admitted are ignored.
 * - attempt: a caller's first handshake packet (INDUCTION) reached the ingest; the model decides whether it is admitted;
 * - accepted: the ingest completed the handshake; `latencyMs` is the agreed SRT latency when known;
 * - data: data packets started arriving (again) on the connection;
 * - dataStopped: the last data packet arrived at `atMs` (may be recorded later, back-dated);
 * - dropped: the connection ended.
 */
export type IngestFact =
  | { kind: 'attempt'; role: IngestRole; caller: string; atMs: number }
  | { kind: 'accepted'; role: IngestRole; caller: string; atMs: number; latencyMs?: number }
  | { kind: 'data'; role: IngestRole; caller: string; atMs: number }
  | { kind: 'dataStopped'; role: IngestRole; caller: string; atMs: number }
  | { kind: 'dropped'; role: IngestRole; caller: string; atMs: number; reason: DropReason };

/** What the model did with a fact. Attempts are `admitted` or dropped silently (`busy`, `rate-limited`). */
export type FactOutcome = 'admitted' | 'applied' | 'busy' | 'rate-limited' | 'no-session';

/** An attempt the platform dropped silently. */
export interface IgnoredAttempt {
  role: IngestRole;
  caller: string;
  atMs: number;
  reason: 'busy' | 'rate-limited';
}

/** One connection the platform admitted, as derived from the facts. */
export interface IngestSession {
  role: IngestRole;
  caller: string;
  admittedAtMs: number;
  acceptedAtMs: number | null;
  /** When it ended; null while open at the evaluation time. */
  endedAtMs: number | null;
  endReason: DropReason | null;
  latencyMs: number;
  /** Intervals during which data arrived, [fromMs, toMs); toMs null while flowing at the evaluation time. */
  data: Array<{ fromMs: number; toMs: number | null }>;
}

/** A platform decision seen by viewers. */
export interface ViewerEvent {
  atMs: number;
  /** start: first transcode; switch: to the other ingest; restart: the watched ingest on a new connection. */
  kind: 'start' | 'switch' | 'restart';
  from: IngestRole | null;
  to: IngestRole;
  /** Plain sentence, e.g. "primary missing for 3000 ms, backup online". */
  reason: string;
}

/** Why viewers see no picture (the shared vocabulary's NoPictureCause). */
export type NoPictureReason = NoPictureCause;

export interface NoPictureInterval {
  fromMs: number;
  toMs: number;
  reason: NoPictureReason;
}

/** What viewers would have seen from the model's start up to `toMs`. */
export interface ViewerReport {
  fromMs: number;
  toMs: number;
  /** Which ingest the platform transcodes for viewers, contiguous over [fromMs, toMs]. */
  watching: Array<{ fromMs: number; toMs: number; role: IngestRole | null }>;
  events: ViewerEvent[];
  /** Contiguous spans without picture, adjacent spans of the same reason merged. */
  noPicture: NoPictureInterval[];
  totals: {
    /** Time without picture after the first picture (what faults cost viewers). */
    noPictureMs: number;
    /** Time from the model's start to the first picture (or to toMs when there was none). */
    beforeFirstPictureMs: number;
    firstPictureAtMs: number | null;
    /** Switches between primary and backup (starts and restarts not counted). */
    switches: number;
    restarts: number;
  };
  ignoredAttempts: IgnoredAttempt[];
  sessions: IngestSession[];
}

/** The API stream fields the fake Gcore API reports (gcore-api.md §2 "Live state"). */
export interface IngestLiveState {
  live: boolean;
  backup_live: boolean;
}
