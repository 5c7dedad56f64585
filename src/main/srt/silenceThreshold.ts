// How long data may go unanswered before the tap calls the ingest silent: the configured floor, stretched on long paths
// by the receiver's RTT, which is clamped first because it arrives in ACKs anyone on the path could forge (issue 10).

/**
 * Silence threshold floor: data sent and nothing back from the ingest for this long makes the ingest suspect. libsrt's
 * receiver answers every 10 ms while data flows (ACK, NAK), and at least every RTT + 4·RTTVar; the threshold in effect
 * is max(this, 2·RTT + 4·RTTVar). Chosen from the benchmark's false-suspicion soak (README, Performance).
 */
export const DEFAULT_SILENCE_MS = 300;

/**
 * Largest RTT (and RTT variance) believed from an ACK, microseconds. SRT needs a latency of several RTTs to recover
 * anything, and the latency must stay under 3000 ms for Gcore, so a session with a longer RTT cannot work at all; a
 * larger value (e.g. 0xFFFFFFFF, about 71 minutes) is corrupt or forged.
 */
export const MAX_RTT_US = 3_000_000;

/**
 * Upper bound of the RTT stretch of the threshold, ms. Gcore switches viewers away from an ingest missing for about 3 s
 * (design.md "Failover policy"), so waiting longer than that before suspecting it is never useful.
 */
export const MAX_RTT_STRETCH_MS = 3000;

/** An RTT or RTT variance from an ACK, clamped to 0 … {@link MAX_RTT_US} microseconds (NaN counts as 0). */
export function clampRttUs(rttUs: number): number {
  return rttUs > 0 ? Math.min(rttUs, MAX_RTT_US) : 0;
}

/**
 * Threshold in ms: max(silenceMs, min(2·RTT + 4·RTTVar, {@link MAX_RTT_STRETCH_MS})) with RTT and RTTVar clamped; the
 * configured `silenceMs` alone when no RTT is known. Whatever the ACKs say, the result never exceeds
 * max(silenceMs, 3000 ms).
 */
export function silenceThresholdMs(silenceMs: number, rttUs: number | null, rttVarUs: number | null): number {
  if (rttUs === null) return silenceMs;
  const stretchMs = (2 * clampRttUs(rttUs) + 4 * clampRttUs(rttVarUs ?? 0)) / 1000;
  return Math.max(silenceMs, Math.min(stretchMs, MAX_RTT_STRETCH_MS));
}
