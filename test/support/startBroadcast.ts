// Test helper: a Broadcast created and started in one call (a failed start rejects, having disposed what it made).

import type { BroadcastConfig } from '../../src/shared/broadcastTypes';
import { Broadcast, type BroadcastDeps } from '../../src/main/broadcast/broadcast';

export async function startBroadcast(config: BroadcastConfig, deps: BroadcastDeps): Promise<Broadcast> {
  const broadcast = new Broadcast(config, deps);
  await broadcast.start();
  return broadcast;
}
