// Asks before the window closes (or the app quits) while a broadcast runs: closing stops it, and viewers lose the picture.

import type { BroadcastStatus } from '../../shared/ipcContract';
import type { Result } from '../../shared/result';
import type { NativeDialogs } from './nativeDialogs';

export interface CloseGuardOptions {
  /** The backend's broadcastStatus. */
  status(): Promise<Result<BroadcastStatus>>;
  dialogs: NativeDialogs;
}

/** Resolves true when closing may go ahead: nothing runs, or the user chose to stop the broadcast in a native dialog. */
export function createCloseGuard({ status, dialogs }: CloseGuardOptions): () => Promise<boolean> {
  return async () => {
    const current = await status();
    if (!current.ok) return true;
    const { state, reason } = current.value;
    if (state !== 'starting' && state !== 'live' && state !== 'notOnAir') return true;
    const now = state === 'live' ? 'You are on air.' : state === 'starting' ? 'The broadcast is starting.' : `The broadcast runs but is not on air (${reason ?? 'no ingest carries it'}).`;
    return dialogs.confirm({
      title: 'Stop the broadcast?',
      message: 'Closing SRT Companion stops the broadcast.',
      detail: `${now} Viewers lose the picture as soon as the app closes.`,
      confirmLabel: 'Stop and close',
    });
  };
}
