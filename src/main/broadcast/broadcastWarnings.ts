// Plain-language warnings from the broadcast's recent measurements (pure): RTT against the SRT latency, the send
// buffer filling, retransmissions, a slow or stalled encoder, an uplink down, a sender that cannot keep up; and where
// what Gcore says it receives differs from what we send.

import { INGEST_ROLES, type BroadcastWarning, type IngestRole, type PlatformView, type UplinkState } from '../../shared/broadcastTypes';
import type { SinkState } from '../mpegts/tsFanoutTypes';
import { slowEncoderMessage, type EncodeLoad } from './encoderAdvice';

/** Thresholds, each with its reason. */
export const WARNING_LIMITS = Object.freeze({
  /** RTT above this share of the SRT latency leaves too little time for retransmissions to arrive. */
  rttShareOfLatency: 0.4,
  /** Unacknowledged data above this share of the latency: the uplink is not keeping up and will soon drop packets. */
  sendBufferShareOfLatency: 0.5,
  /** Retransmitted packets above this percentage of those sent over the last 5 s (the tap's window): the path loses packets. */
  retransPct: 5,
  /** …and above this, viewers are likely to see artefacts once the latency cannot cover the repairs. */
  retransCriticalPct: 15,
  /** Encoder speed below this (1.0 = real time) counts as falling behind… */
  slowSpeed: 0.95,
  /** …for this many consecutive samples (one slow second is normal at start). */
  slowSamples: 5,
  /** Gcore's transcoding speed below this (1.0 = real time): the platform does not get the stream fast enough. */
  platformSlowTranscoding: 0.9,
  /** Gcore's frame rate this far below or above ours (share of ours) is a mismatch, not rounding. */
  platformFpsShare: 0.1,
  /**
   * On air through the primary for this long, yet Gcore says `live` false: the platform may take up to ~15 s to make a
   * stream active (gcore-api.md §3), so only after that plus the 5 s poll.
   */
  platformLiveGraceMs: 20_000,
});

/** One second of the broadcast as the warnings need it. */
export interface WarningSample {
  atMs: number;
  active: IngestRole | null;
  encoder: {
    /** ffmpeg's speed, 1.0 = real time; 0 when no progress came recently. */
    speed: number;
    /** How long the encoder has produced nothing, ms; null while it produces. */
    stalledForMs: number | null;
  };
  uplinks: Array<{
    role: IngestRole;
    state: UplinkState;
    rttMs: number | null;
    sendBufferMs: number | null;
    /** Retransmitted share of the packets sent over the last 5 s, percent. */
    retransPct: number;
  }>;
  /** The fan-out's view of each uplink's sender: is it taking the data as fast as it comes? */
  sinks: Partial<Record<IngestRole, SinkState>>;
}

function capitalised(role: IngestRole): string {
  return role === 'primary' ? 'Primary' : 'Backup';
}

/**
 * Warnings for the newest sample of `history` (oldest first), judged against the SRT latency in use; `load` (what the
 * encoder is asked to do, null before the plan) makes the slow-encoder warning name the concrete fix.
 */
export function broadcastWarnings(history: readonly WarningSample[], latencyMs: number, load: EncodeLoad | null = null): BroadcastWarning[] {
  const latest = history.at(-1);
  if (!latest) return [];
  const L = WARNING_LIMITS;
  const out: BroadcastWarning[] = [];
  if (latest.encoder.stalledForMs !== null) {
    out.push({
      code: 'encoder-stalled',
      severity: 'critical',
      message: `The encoder has produced nothing for ${(latest.encoder.stalledForMs / 1000).toFixed(1)} s; it is being restarted (the uplinks stay connected).`,
    });
  } else {
    const recent = history.slice(-L.slowSamples);
    if (recent.length === L.slowSamples && recent.every((s) => s.encoder.stalledForMs === null && s.encoder.speed < L.slowSpeed)) {
      out.push({
        code: 'encoder-slow',
        severity: 'warning',
        message: slowEncoderMessage(latest.encoder.speed, load),
      });
    }
  }
  for (const u of latest.uplinks) {
    const name = capitalised(u.role);
    if (u.state === 'down') {
      const elsewhere = latest.active !== null && latest.active !== u.role;
      out.push({
        code: 'uplink-down',
        severity: elsewhere ? 'warning' : 'critical',
        role: u.role,
        message: elsewhere ? `The ${u.role} uplink is down; the stream continues on the ${latest.active}.` : `The ${u.role} uplink is down and no other ingest carries the stream.`,
      });
      continue;
    }
    if (u.state !== 'live' && u.state !== 'suspect') continue;
    if (u.rttMs !== null && u.rttMs > latencyMs * L.rttShareOfLatency) {
      out.push({
        code: 'rtt-high',
        severity: u.rttMs > latencyMs * 0.8 ? 'critical' : 'warning',
        role: u.role,
        message: `${name}: the round trip (${Math.round(u.rttMs)} ms) is nearing the SRT latency (${latencyMs} ms), leaving little time to repair losses; raise the latency or check the network.`,
      });
    }
    if (u.sendBufferMs !== null && u.sendBufferMs > latencyMs * L.sendBufferShareOfLatency) {
      out.push({
        code: 'send-buffer-filling',
        severity: 'critical',
        role: u.role,
        message: `${name}: ${Math.round(u.sendBufferMs)} ms of stream wait for acknowledgement, over half the SRT latency; the uplink cannot keep up: lower the bitrate or check the network.`,
      });
    }
    if (u.retransPct > L.retransPct) {
      out.push({
        code: 'retransmissions-high',
        severity: u.retransPct > L.retransCriticalPct ? 'critical' : 'warning',
        role: u.role,
        message: `${name}: ${u.retransPct.toFixed(1)} % of packets were sent again over the last 5 s; the path is losing packets: check the network or raise the latency.`,
      });
    }
  }
  for (const role of INGEST_ROLES) {
    const sink = latest.sinks[role];
    // A sender waiting for its SRT handshake reads nothing yet: its queue says nothing about keeping up.
    if (latest.uplinks.find((u) => u.role === role)?.state === 'connecting') continue;
    if (sink === 'congested') {
      out.push({ code: 'fanout-congested', severity: 'warning', role, message: `${capitalised(role)}: the sender is not taking the stream as fast as it comes; data is queued.` });
    } else if (sink === 'dropping' || sink === 'failed') {
      out.push({ code: 'fanout-dropping', severity: 'critical', role, message: `${capitalised(role)}: the sender fell too far behind; stream data is being dropped until it recovers at the next keyframe.` });
    }
  }
  return out;
}

/** What the platform warnings compare: Gcore's last answer against what the broadcast sends. */
export interface PlatformSample {
  nowMs: number;
  /** Gcore's last answer; null before the first one. */
  platform: PlatformView | null;
  /** What the encoder is set to send. */
  sent: { width: number; height: number; fps: number };
  /** Since when the primary carries the stream on air without a break, ms since the epoch; null while it does not. */
  onAirPrimarySinceMs: number | null;
}

/** Warnings where Gcore's view of the stream differs from ours: not live, another frame rate or size, slow transcoding. */
export function platformWarnings(sample: PlatformSample): BroadcastWarning[] {
  const { platform, sent, onAirPrimarySinceMs } = sample;
  const L = WARNING_LIMITS;
  if (platform === null) return [];
  const out: BroadcastWarning[] = [];
  if (onAirPrimarySinceMs !== null) {
    // The answer must come from after the grace, else one from the first seconds on air would count.
    const graceEndMs = onAirPrimarySinceMs + L.platformLiveGraceMs;
    if (!platform.live && sample.nowMs >= graceEndMs && platform.checkedAtMs >= graceEndMs) {
      out.push({
        code: 'platform-not-live',
        severity: 'critical',
        role: 'primary',
        message: `The primary ingest acknowledges our stream, but Gcore has not reported it live for ${Math.round((sample.nowMs - onAirPrimarySinceMs) / 1000)} s: check the stream on the Streams screen or in the Gcore portal.`,
      });
    }
  }
  // Source metrics are set only while the platform transcodes.
  if (!platform.live && !platform.backupLive) return out;
  if (platform.fps !== null && Math.abs(platform.fps - sent.fps) > sent.fps * L.platformFpsShare) {
    out.push({
      code: 'platform-fps-mismatch',
      severity: 'warning',
      message: `Gcore receives ${formatFps(platform.fps)} fps, we send ${formatFps(sent.fps)} fps: viewers get a jerky picture; lower the frame rate or size, or use a faster encoder preset.`,
    });
  }
  if (platform.width !== null && platform.height !== null && (platform.width !== sent.width || platform.height !== sent.height)) {
    out.push({
      code: 'platform-resolution-mismatch',
      severity: 'warning',
      message: `Gcore receives ${platform.width}x${platform.height}, we send ${sent.width}x${sent.height}: another encoder may be pushing to this stream.`,
    });
  }
  if (platform.transcodingSpeed !== null && platform.transcodingSpeed < L.platformSlowTranscoding) {
    out.push({
      code: 'platform-transcoding-slow',
      severity: 'warning',
      message: `Gcore transcodes our stream at ${platform.transcodingSpeed.toFixed(2)}× real time: it does not get the stream fast enough; lower the bitrate or check the network.`,
    });
  }
  return out;
}

function formatFps(fps: number): string {
  return Number.isInteger(fps) ? String(fps) : fps.toFixed(1);
}
