// Keeps what a session report is built from (pure, no I/O): one compact row per stats second and every event, bounded.

import type { BroadcastEvent, BroadcastState, IngestRole, StatsSnapshot, UplinkState } from '../../shared/broadcastTypes';
import { RingBuffer } from '../process/ringBuffer';

/** One uplink in one stats second, the figures the report and its CSV use. */
export interface UplinkSecond {
  state: UplinkState;
  sendKbps: number;
  rttMs: number | null;
  /** Lost over the last 5 s, percent. */
  lossPct: number;
  /** Lost in the current SRT session (restarts from 0 with each new session). */
  lostPkts: number;
  /** Resent over the last 5 s, percent. */
  retransPct: number;
}

/** One stats second of the broadcast, reduced to numbers and codes (about a tenth of a full snapshot). */
export interface StatsSecond {
  /** Unix seconds. */
  t: number;
  state: BroadcastState;
  onAir: boolean;
  active: IngestRole | null;
  encoderFps: number;
  encoderKbps: number;
  encoderSpeed: number;
  encoderRestarts: number;
  uplinks: Partial<Record<IngestRole, UplinkSecond>>;
  /** The warning codes of that second, e.g. `rtt-high`. */
  warnings: string[];
  /** Rehearsal only: the ingest viewers watch and whether they get a picture. */
  viewers?: { watching: IngestRole | null; picture: boolean };
}

export function toStatsSecond(s: StatsSnapshot): StatsSecond {
  const uplinks: Partial<Record<IngestRole, UplinkSecond>> = {};
  for (const u of s.uplinks) {
    uplinks[u.role] = { state: u.state, sendKbps: u.sendKbps, rttMs: u.rttMs, lossPct: u.lossPct, lostPkts: u.lostPkts, retransPct: u.retransPct };
  }
  return {
    t: s.t,
    state: s.state,
    onAir: s.onAir,
    active: s.active,
    encoderFps: s.encoder.fps,
    encoderKbps: s.encoder.kbps,
    encoderSpeed: s.encoder.speed,
    encoderRestarts: s.encoder.restarts,
    uplinks,
    warnings: s.warnings.map((w) => (w.role ? `${w.code}:${w.role}` : w.code)),
    ...(s.viewers ? { viewers: { watching: s.viewers.watching, picture: s.viewers.picture } } : {}),
  };
}

/** How much a recorder keeps: 24 h of seconds and 20 000 events by default (a few MB at most); older ones are dropped. */
export interface RecorderLimits {
  maxSeconds: number;
  maxEvents: number;
}

export const DEFAULT_RECORDER_LIMITS: RecorderLimits = { maxSeconds: 86_400, maxEvents: 20_000 };

/** The stats seconds and events of one broadcast, fed by its `stats` and `event` listeners. */
export class SessionRecorder {
  private readonly secondsKept: RingBuffer<StatsSecond>;
  private readonly eventsKept: RingBuffer<BroadcastEvent>;

  constructor(limits: RecorderLimits = DEFAULT_RECORDER_LIMITS) {
    this.secondsKept = new RingBuffer(limits.maxSeconds);
    this.eventsKept = new RingBuffer(limits.maxEvents);
  }

  addStats(snapshot: StatsSnapshot): void {
    this.secondsKept.push(toStatsSecond(snapshot));
  }

  addEvent(event: BroadcastEvent): void {
    this.eventsKept.push(event);
  }

  seconds(): StatsSecond[] {
    return this.secondsKept.toArray();
  }

  events(): BroadcastEvent[] {
    return this.eventsKept.toArray();
  }

  /** Events pushed out because more than `maxEvents` came. */
  get eventsDropped(): number {
    return this.eventsKept.dropped;
  }
}
