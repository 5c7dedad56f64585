// The contract the desktop shell (and the browser e2e bridge) calls: the preload API minus Electron's plumbing.

import type { BroadcastEvent, MonitorFrame, StatsSnapshot } from '../../shared/broadcastTypes';
import type { SrtCompanionApi } from '../../shared/ipcContract';

export interface BroadcastListener {
  stats(snapshot: StatsSnapshot): void;
  event(event: BroadcastEvent): void;
  /** Thumbnails and audio levels of what is sent (optional: the CLI and some tests do not show them). */
  monitor?(frame: MonitorFrame): void;
}

export type AppBackend = Omit<SrtCompanionApi, 'onStats' | 'onBroadcastEvent' | 'onMonitor'> & {
  /** Adds a listener of 1 Hz stats and broadcast events; returns its removal. */
  subscribe(listener: BroadcastListener): () => void;
  /** Stops every child process; called on quit and on crash paths. */
  shutdown(): Promise<void>;
};
