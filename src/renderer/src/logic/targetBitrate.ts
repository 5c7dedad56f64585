// The bitrate a broadcast aims at, as the on-air bar and the charts show it.

import type { BroadcastStatus } from '../../../shared/ipcContract';

/** kbps: main's own figure when it gives one (a file sent as it is: its bitrate, or null), else the configured one. */
export function targetKbpsOf(status: BroadcastStatus | null | undefined): number | null {
  if (status?.targetKbps !== undefined) return status.targetKbps;
  return status?.config?.bitrateKbps ?? null;
}
