// Turns a broadcast's events into system notification requests (failover, failback, off air, a refused key), each as the
// saved switches allow. The desktop shell shows them (Electron's Notification), so this stays plain Node and testable.

import { alertForEvent, NEW_ALERT_WATCH, type AlertSwitches } from '../../shared/alerts';
import type { BroadcastEvent } from '../../shared/broadcastTypes';

/** A notification for the OS to show: a short title and the engine's sentence (keys are already masked in events). */
export interface SystemNotice {
  title: string;
  body: string;
}

/** The port the shell implements (src/main/electron/systemNotifier.ts); tests pass a recorder. */
export type NotifyPort = (notice: SystemNotice) => void;

export interface AlertNotifierOptions {
  notify: NotifyPort;
  /** The saved switches, read at each alert, so a change in the window applies to the running broadcast. */
  switches(): Promise<AlertSwitches>;
  /** Where a failure to read the switches goes (the alert is then sent: better loud than silent). */
  log?: (line: string) => void;
}

/** One per broadcast (it remembers whether the broadcast was on air): feed it every event of that broadcast. */
export function createAlertNotifier(options: AlertNotifierOptions): (event: BroadcastEvent) => void {
  let watch = NEW_ALERT_WATCH;
  return (event) => {
    const next = alertForEvent(watch, event);
    watch = next.watch;
    const alert = next.alert;
    if (alert === null) return;
    const send = (): void => options.notify({ title: `SRT Companion: ${alert.title}`, body: alert.body });
    options.switches().then(
      (switches) => {
        if (switches.notification[alert.kind]) send();
      },
      (err: unknown) => {
        options.log?.(`alert settings unreadable (${err instanceof Error ? err.message : String(err)}); notifying anyway`);
        send();
      },
    );
  };
}
