// The broadcast's 1 Hz stats line: the snapshot of this second plus the warnings computed over the last dozen seconds.

import type { BroadcastState, EncoderStats, IngestRole, StatsSnapshot } from '../../shared/broadcastTypes';
import type { PolicySnapshot } from '../failover/failoverTypes';
import type { SinkStats } from '../mpegts/tsFanoutTypes';
import type { TapSnapshot } from '../srt/tapTypes';
import { broadcastWarnings, type WarningSample } from './broadcastWarnings';
import type { EncodeLoad } from './encoderAdvice';
import { buildStatsSnapshot, type OnAir } from './statsSnapshot';

const WARNING_HISTORY = 12;

export interface StatsInput {
  nowMs: number;
  state: BroadcastState;
  onAir: OnAir;
  encoder: EncoderStats;
  /** How long the encoder has produced nothing, or null while it does. */
  encoderStalledForMs: number | null;
  policy: PolicySnapshot;
  taps: Partial<Record<IngestRole, TapSnapshot>>;
  sinks: Record<string, SinkStats>;
}

/** Keeps the recent samples the warnings are computed from. */
export class StatsHistory {
  private readonly history: WarningSample[] = [];
  /** What the encoder is asked to do, once the plan is known (the slow-encoder warning names the fix for it). */
  private load: EncodeLoad | null = null;

  constructor(private readonly latencyMs: number) {}

  setEncodeLoad(load: EncodeLoad): void {
    this.load = load;
  }

  line(input: StatsInput): StatsSnapshot {
    const { nowMs, state, onAir, encoder, policy, taps, sinks } = input;
    const base = buildStatsSnapshot({ nowMs, state, onAir, encoder, policy, taps, warnings: [] });
    this.history.push({
      atMs: nowMs,
      active: base.active,
      encoder: { speed: base.encoder.speed, stalledForMs: input.encoderStalledForMs },
      uplinks: base.uplinks,
      sinks: Object.fromEntries(Object.entries(sinks).map(([role, s]) => [role, s.state])),
    });
    if (this.history.length > WARNING_HISTORY) this.history.shift();
    return { ...base, warnings: broadcastWarnings(this.history, this.latencyMs, this.load) };
  }
}
