// Plain data of a local rehearsal shared by engine, CLI, IPC and renderer: the faults it can inject, and what viewers
// would see under Gcore's switching rules (the ingest model's verdict, summarised for a stats line).

import type { IngestRole } from './broadcastTypes';

/**
 * What can break during a rehearsal. `glitch`: the network path to an ingest drops every packet for a short time (SRT
 * rides out a gap shorter than its latency); `outage`: the ingest itself goes down, its connection lost, then comes back;
 * `refuse-key`: the ingest ends the connection and refuses the stream key from now on (as after a key reset elsewhere);
 * `loss`: a share of the packets on the path is lost for a while.
 */
export const REHEARSAL_FAULT_KINDS = ['glitch', 'outage', 'refuse-key', 'loss'] as const;
export type RehearsalFaultKind = (typeof REHEARSAL_FAULT_KINDS)[number];

/** Which ingest a fault hits. */
export type FaultTarget = IngestRole | 'both';

export interface RehearsalFault {
  kind: RehearsalFaultKind;
  target: FaultTarget;
  /** How long it lasts, ms; `refuse-key` without it lasts until the end of the rehearsal. Defaults: REHEARSAL_FAULT_DEFAULTS. */
  durationMs?: number;
  /** `loss` only: percent of the packets lost, both directions, 1–100. */
  lossPct?: number;
}

/** A fault's defaults: a glitch of 1.5 s (under a 2 s SRT latency), a 20 s outage, 15 % loss for 20 s, a refusal for good. */
export const REHEARSAL_FAULT_DEFAULTS: Record<RehearsalFaultKind, { target: FaultTarget; durationMs: number | null; lossPct?: number }> = {
  glitch: { target: 'primary', durationMs: 1500 },
  outage: { target: 'primary', durationMs: 20_000 },
  'refuse-key': { target: 'both', durationMs: null },
  loss: { target: 'primary', durationMs: 20_000, lossPct: 15 },
};

/** Why viewers see no picture (the model's reasons). */
export type NoPictureCause =
  | 'not-started' // no ingest has carried data yet
  | 'start-gap' // the platform is starting a transcode (first start, or the watched ingest reconnected)
  | 'switch-gap' // the platform is switching viewers to the other ingest
  | 'no-data'; // the watched ingest receives nothing (beyond what the SRT latency absorbs)

/** What viewers would see now and so far, under Gcore's documented rules (local rehearsal only). */
export interface ViewerSummary {
  /** The ingest the platform shows viewers; null before the first transcode. */
  watching: IngestRole | null;
  /** Whether viewers see a picture at this moment. */
  picture: boolean;
  /** Why not, while there is no picture; null with a picture. */
  noPictureCause: NoPictureCause | null;
  /** Seconds without picture since the first picture (what faults cost viewers). */
  noPictureS: number;
  /** Switches between primary and backup so far. */
  switches: number;
  /** New transcodes on the same ingest (it reconnected). */
  restarts: number;
  /** Seconds from the start until viewers first saw a picture; null while they have not. */
  firstPictureAfterS: number | null;
}

/** What viewers would have seen over a whole rehearsal, for its end (CLI summary, JSON `viewer-report`, the app). */
export interface ViewerStory {
  /** Seconds from the start of the rehearsal to the moment of the story (the stop). */
  durationS: number;
  summary: ViewerSummary;
  /** The platform's decisions, seconds from the start, one sentence each. */
  events: Array<{ atS: number; text: string }>;
  /** What the platform would still have done had the stream gone on as it was (e.g. the switch back to the primary). */
  pending: Array<{ afterS: number; text: string }>;
}

/** Longest fault a rehearsal accepts, ms (ten minutes). */
export const MAX_FAULT_MS = 600_000;

/** A fault with its defaults filled in: no duration means until the end of the rehearsal; lossPct is null but for `loss`. */
export interface ResolvedFault {
  kind: RehearsalFaultKind;
  target: FaultTarget;
  durationMs: number | null;
  lossPct: number | null;
}

/** The fault with its defaults filled in; `outageDefaultMs` overrides the outage's default duration. */
export function resolveFault(fault: RehearsalFault, outageDefaultMs?: number): ResolvedFault {
  const defaults = REHEARSAL_FAULT_DEFAULTS[fault.kind];
  const defaultMs = fault.kind === 'outage' && outageDefaultMs !== undefined ? outageDefaultMs : defaults.durationMs;
  return {
    kind: fault.kind,
    target: fault.target,
    durationMs: fault.durationMs ?? defaultMs,
    lossPct: fault.kind === 'loss' ? (fault.lossPct ?? defaults.lossPct ?? null) : null,
  };
}

/** Why a fault cannot be injected (one sentence), or null when it can. */
export function faultProblem(fault: RehearsalFault): string | null {
  if (fault.durationMs !== undefined && !(Number.isFinite(fault.durationMs) && fault.durationMs > 0 && fault.durationMs <= MAX_FAULT_MS)) {
    return `a fault lasts more than 0 s and at most ${MAX_FAULT_MS / 60_000} minutes`;
  }
  if (fault.lossPct !== undefined && !(fault.kind === 'loss' && Number.isFinite(fault.lossPct) && fault.lossPct >= 1 && fault.lossPct <= 100)) {
    return 'a loss share is given for a loss burst only, from 1 to 100 %';
  }
  return null;
}

/** One sentence saying what the fault does, e.g. "the primary ingest's network path drops everything for 1.5 s". */
export function describeFault(fault: RehearsalFault, outageDefaultMs?: number): string {
  const f = resolveFault(fault, outageDefaultMs);
  const who = f.target === 'both' ? 'both ingests' : `the ${f.target} ingest`;
  const whose = f.target === 'both' ? "both ingests'" : `the ${f.target} ingest's`;
  const lasting = f.durationMs === null ? '' : ` for ${f.durationMs / 1000} s`;
  switch (f.kind) {
    case 'glitch':
      return `${whose} network path drops every packet${lasting}`;
    case 'outage':
      return `${who} ${f.target === 'both' ? 'go' : 'goes'} down${lasting}, losing ${f.target === 'both' ? 'their connections' : 'its connection'}`;
    case 'refuse-key':
      return `${who} end${f.target === 'both' ? '' : 's'} the connection and refuse${f.target === 'both' ? '' : 's'} the stream key${f.durationMs === null ? ' from now on' : lasting}`;
    case 'loss':
      return `${whose} network path loses ${f.lossPct ?? 0} % of the packets${lasting}`;
  }
}
