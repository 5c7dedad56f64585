// Test helper: a Broadcast created and started in one call (a failed start rejects, having disposed what it made).

import type { BroadcastConfig } from '../../src/shared/broadcastTypes';
import { Broadcast } from '../../src/main/broadcast/broadcast';
import type { BroadcastDeps } from '../../src/main/broadcast/broadcastOptions';

export async function startBroadcast(config: BroadcastConfig, deps: BroadcastDeps): Promise<Broadcast> {
  const broadcast = new Broadcast(config, deps);
  await broadcast.start();
  return broadcast;
}
