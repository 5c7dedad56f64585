// Electron's system notifications behind the backend's NotifyPort: failover, failback, off air and refusals reach the
// streamer even when the window is hidden behind the encoder or the game.

import { Notification } from 'electron';
import type { SystemNotice } from '../app/alertNotifier';

/** Shows one notification; silent, since the window plays its own short sound (switchable apart). No-op where unsupported. */
export function showSystemNotice(notice: SystemNotice): void {
  if (!Notification.isSupported()) return;
  new Notification({ title: notice.title, body: notice.body, silent: true }).show();
}
