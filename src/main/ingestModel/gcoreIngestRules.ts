// The figures of Gcore's ingest model: every rule the platform documents, as a parameter with the documented default
// (../shared/gcore-api.md §3 "SRT latency…" and "Primary/backup semantics"; sources S9/S10 there).

/** Parameters of the ingest model. All durations in milliseconds. */
export interface GcoreIngestRules {
  /**
   * The platform switches viewers away from the watched ingest once it has received no data for this long and the other
   * ingest is online. §3 failover algorithm step 2: "If the primary is missing for more than about 3 s and the backup is
   * online, a new transcode starts from the backup." Default 3000.
   */
  switchAfterMissingMs: number;
  /**
   * Viewers see no picture for this long after a switch (the new transcode starting). §3 step 2: "Viewers see about
   * 15 s with no data (about 12 s in the demo)." Default 15000.
   */
  switchGapMs: number;
  /**
   * While viewers watch the backup, the primary must deliver data without interruption for this long before the platform
   * switches back. §3 step 3: "it must stay up 60 consecutive seconds before the platform switches back". Default 60000.
   */
  switchBackStableMs: number;
  /** Viewer gap of the switch back. §3 step 3: "…switches back, with another gap of about 15 s." Default 15000. */
  switchBackGapMs: number;
  /**
   * Viewer gap when a transcode starts on a new connection that is not a switch: the first start of the broadcast, or the
   * watched ingest reconnecting. §3: "Playback starts about 2–5 s after ingest is accepted." Default 5000 (the upper end).
   * Interpretation: Gcore documents no figure for a reconnection to the same ingest; a new connection is a new input
   * ("Input FPS is read once at connect time"), so it is treated like a start.
   */
  startGapMs: number;
  /**
   * An ingest connection that carries no data for this long is dropped by the platform. §3 "SRT latency…": "The ingester
   * drops a connection after 3 s without data." Measured from the last data packet (or from the connection attempt when no
   * data ever came). Keepalives and other control packets are not data. Default 3000.
   */
  idleDropMs: number;
  /**
   * A connection attempt on a URL sooner than this after the previous attempt on the same URL is dropped silently. §3
   * "Ingest security rules": "A connection rate limiter applies: wait ≥ 10 s between connection attempts." Default 10000.
   */
  attemptMinIntervalMs: number;
  /**
   * Whether a dropped attempt (busy or rate-limited) also restarts the rate-limit interval. Gcore does not say; "wait ≥ 10 s
   * between connection attempts" read literally counts every attempt, so a caller retrying faster than the interval stays
   * locked out. Default true (the strict reading; a client that follows the rule passes under both).
   */
  droppedAttemptsCount: boolean;
  /**
   * SRT latency assumed when a connection's handshake did not tell it (libsrt's live default, srt-notes.md §2.1: 120 ms).
   * A data gap shorter than the connection's latency costs no picture (see viewerTimeline.ts).
   */
  defaultLatencyMs: number;
}

/** Gcore's documented values (see each field for its source). */
export const GCORE_INGEST_RULES: Readonly<GcoreIngestRules> = Object.freeze({
  switchAfterMissingMs: 3000,
  switchGapMs: 15_000,
  switchBackStableMs: 60_000,
  switchBackGapMs: 15_000,
  startGapMs: 5000,
  idleDropMs: 3000,
  attemptMinIntervalMs: 10_000,
  droppedAttemptsCount: true,
  defaultLatencyMs: 120,
});

/** Gcore's values with some replaced (tests shorten them). */
export function gcoreIngestRules(overrides: Partial<GcoreIngestRules> = {}): GcoreIngestRules {
  return { ...GCORE_INGEST_RULES, ...overrides };
}
