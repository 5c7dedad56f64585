// The moments worth a sound and a system notification (failover, failback, off air, a refused key), found from the
// broadcast's events (pure), and the switches that turn each one on or off in the settings.

import type { BroadcastEvent } from './broadcastTypes';

export const ALERT_KINDS = ['failover', 'failback', 'notOnAir', 'refused'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Per moment: a short sound in the window, a system notification from main. Saved under `broadcast.alerts`. */
export interface AlertSwitches {
  sound: Record<AlertKind, boolean>;
  notification: Record<AlertKind, boolean>;
}

export const ALERT_LABELS: Record<AlertKind, string> = {
  failover: 'Switched to the backup',
  failback: 'Back on the primary',
  notOnAir: 'Not on air',
  refused: 'Key refused',
};

const ALL_ON: Record<AlertKind, boolean> = { failover: true, failback: true, notOnAir: true, refused: true };
export const DEFAULT_ALERT_SWITCHES: AlertSwitches = { sound: { ...ALL_ON }, notification: { ...ALL_ON } };

/** Reads saved switches tolerantly: anything missing or not a boolean is on. */
export function parseAlertSwitches(raw: unknown): AlertSwitches {
  const group = (value: unknown): Record<AlertKind, boolean> => {
    const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    return Object.fromEntries(ALERT_KINDS.map((k) => [k, typeof record[k] === 'boolean' ? record[k] : true])) as Record<AlertKind, boolean>;
  };
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return { sound: group(record.sound), notification: group(record.notification) };
}

export interface Alert {
  kind: AlertKind;
  /** Short, for a notification's title. */
  title: string;
  /** The engine's own sentence (stream keys are already masked in events). */
  body: string;
}

/** What the watcher remembers between events: whether the broadcast has been on air since it last said "not on air". */
export interface AlertWatch {
  wasOnAir: boolean;
}

export const NEW_ALERT_WATCH: AlertWatch = { wasOnAir: false };

/** The engine's sentences for a refusal (failoverPolicy's afterRefusal); a refusal has no event kind of its own. */
const REFUSED = /refused the stream/;

/**
 * One event in, the alert it raises (or null) and the watch to keep. "Not on air" counts only after the broadcast was
 * on air (connecting at the start is not news); a broadcast that fails after being on air is off air too.
 */
export function alertForEvent(watch: AlertWatch, event: BroadcastEvent): { watch: AlertWatch; alert: Alert | null } {
  const make = (kind: AlertKind): Alert => ({ kind, title: ALERT_LABELS[kind], body: event.detail });
  if (event.kind === 'failover') return { watch, alert: make('failover') };
  if (event.kind === 'failback') return { watch, alert: make('failback') };
  if ((event.kind === 'down' || event.kind === 'error') && REFUSED.test(event.detail)) return { watch, alert: make('refused') };
  if (event.kind === 'state' && event.state === 'live') return { watch: { wasOnAir: true }, alert: null };
  if (event.kind === 'state' && (event.state === 'notOnAir' || event.state === 'failed') && watch.wasOnAir) {
    return { watch: { wasOnAir: false }, alert: make('notOnAir') };
  }
  return { watch, alert: null };
}
