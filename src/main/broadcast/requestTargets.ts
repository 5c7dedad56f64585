// Where a broadcast pushes, from its request: a Gcore stream's URLs (read from the API), explicit SRT URLs, or the two
// local rehearsal ingests (started here and owned by the broadcast's store).

import { join } from 'node:path';
import type { BroadcastConfig } from '../../shared/broadcastTypes';
import { startLocalIngests, type LocalIngests } from '../rehearsal/localIngests';
import type { BroadcastDeps } from './broadcastOptions';
import type { DisposableStore } from './disposables';
import { targetsFromStream, targetsFromUrls, type ResolvedTargets } from './resolveTargets';

export async function targetsFromRequest(
  config: BroadcastConfig,
  deps: BroadcastDeps,
  store: DisposableStore,
  now: () => number,
  assertStillStarting: () => void,
  onLocal: (local: LocalIngests) => void,
): Promise<ResolvedTargets> {
  const { target } = config;
  if (target.kind === 'stream') {
    if (!deps.getStream) throw new Error('Broadcast: getStream is required for a stream target');
    return targetsFromStream(await deps.getStream(target.gcoreStreamId));
  }
  if (target.kind === 'urls') return targetsFromUrls(target.primary, target.backup);
  assertStillStarting();
  // Owned by the store from the first moment: a stop during the start aborts it and closes whatever it had started.
  const controller = new AbortController();
  const pending = startLocalIngests({
    ffmpegPath: deps.probe.path, recordDir: join(deps.recordDir, `rehearsal-${now()}`), latencyMs: config.latencyMs,
    ...(deps.rehearsalRules ? { rules: deps.rehearsalRules } : {}), signal: controller.signal,
  });
  store.add(async () => {
    controller.abort();
    await (await pending.catch(() => null))?.close();
  });
  const local = await pending.catch((err: unknown) => {
    assertStillStarting(); // an abort by the stop reads as what it is
    throw err;
  });
  onLocal(local);
  return targetsFromUrls(local.primary.url, local.backup.url);
}
