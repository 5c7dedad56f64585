// Keeps the platform's latest view of the stream (from the shared poll) and judges it against what the broadcast sends.

import type { BroadcastConfig, BroadcastWarning, PlatformView } from '../../shared/broadcastTypes';
import { platformWarnings } from './broadcastWarnings';
import { platformViewOf } from './platformView';
import type { StreamAnswer, StreamWatcher } from './streamPoll';

export class PlatformWatch implements StreamWatcher {
  private view: PlatformView | null = null;
  private onAirPrimarySinceMs: number | null = null;

  constructor(
    private readonly now: () => number,
    private readonly sent: Pick<BroadcastConfig, 'width' | 'height' | 'fps'>,
  ) {}

  /** Every poll: an answer replaces the view; a failed request keeps the last one (its `checkedAtMs` tells its age). */
  ask(): (answer: StreamAnswer) => void {
    return (answer) => {
      if (answer.ok) this.view = platformViewOf(answer.stream, this.now());
    };
  }

  /** The platform's last answer; null before the first. */
  latest(): PlatformView | null {
    return this.view;
  }

  /** The mismatch warnings now; call once per stats line with whether the primary carries the stream on air. */
  warnings(onAirOnPrimary: boolean): BroadcastWarning[] {
    const nowMs = this.now();
    this.onAirPrimarySinceMs = onAirOnPrimary ? (this.onAirPrimarySinceMs ?? nowMs) : null;
    return platformWarnings({ nowMs, platform: this.view, sent: { width: this.sent.width, height: this.sent.height, fps: this.sent.fps }, onAirPrimarySinceMs: this.onAirPrimarySinceMs });
  }
}
