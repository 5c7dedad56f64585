// A (re)loaded window that finds a broadcast running goes to the screen it runs on (Broadcast or Rehearsal), once.

import { useEffect, useRef } from 'react';
import type { BroadcastStatus, SrtCompanionApi } from '../../../shared/ipcContract';
import type { StreamView } from '../../../shared/streams';
import type { ScreenId } from '../components/SideNav';

export interface ReturnToLiveScreenOptions {
  api: SrtCompanionApi;
  status: BroadcastStatus | null;
  /** The screen of the running broadcast, null when none runs. */
  liveScreen: ScreenId | null;
  show(screen: ScreenId): void;
  /** The picked stream: after a reload none is, so the stream the broadcast pushes to is read back and picked. */
  stream: StreamView | null;
  onStream(stream: StreamView): void;
  /** False when the window was opened on a chosen screen (tests, deep links): that choice wins. */
  enabled: boolean;
}

export function useReturnToLiveScreen({ api, status, liveScreen, show, stream, onStream, enabled }: ReturnToLiveScreenOptions): void {
  const decided = useRef(false);
  useEffect(() => {
    // Only the first status the window learns decides; later the user picks the screens.
    if (!enabled || decided.current || status === null) return;
    decided.current = true;
    if (liveScreen === null) return;
    show(liveScreen);
    const target = status.config?.target;
    if (target?.kind !== 'stream' || stream !== null) return;
    void api.getStream(target.gcoreStreamId).then((r) => {
      if (r.ok) onStream(r.value);
    });
  }, [api, status, liveScreen, show, stream, onStream, enabled]);
}
