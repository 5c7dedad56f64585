// Files the window saves (the exported log, the app's only download) end up readable by the user alone (0600).

import type { Session } from 'electron';
import { chmod } from 'node:fs/promises';
import { PRIVATE_FILE_MODE } from '../privateFiles';

/**
 * Chromium writes a finished download with 0666 minus the umask (0644 on most desktops). The exported log is redacted,
 * but it still tells which ingests, stream ids and hosts were used, so once it is complete its mode becomes 0600.
 * Returns the function that removes the listener.
 */
export function makeDownloadsPrivate(session: Pick<Session, 'on' | 'off'>, platform: NodeJS.Platform = process.platform): () => void {
  const onWillDownload = (_event: Electron.Event, item: Electron.DownloadItem): void => {
    item.once('done', (_done, state) => {
      if (state !== 'completed' || platform === 'win32') return;
      // A file the user moved or deleted in the meantime is none of our business: nothing to tighten.
      chmod(item.getSavePath(), PRIVATE_FILE_MODE).catch(() => undefined);
    });
  };
  session.on('will-download', onWillDownload);
  return () => session.off('will-download', onWillDownload);
}
