// The alert switches: for failover, failback, off air and a refused key, a sound in the window and a system
// notification, each on or off; saved with the broadcast settings and changeable while live.

import type { JSX } from 'react';
import { ALERT_KINDS, ALERT_LABELS, DEFAULT_ALERT_SWITCHES, type AlertSwitches } from '../../../shared/alerts';
import type { BroadcastSettings } from '../logic/broadcastSettings';

export interface AlertSettingsProps {
  settings: BroadcastSettings;
  update(patch: Partial<BroadcastSettings>): void;
}

const CHANNELS = [
  { key: 'sound', label: 'Sound' },
  { key: 'notification', label: 'Notification' },
] as const;

export function AlertSettings({ settings, update }: AlertSettingsProps): JSX.Element {
  const switches: AlertSwitches = settings.alerts ?? DEFAULT_ALERT_SWITCHES;
  const set = (channel: keyof AlertSwitches, kind: (typeof ALERT_KINDS)[number], on: boolean): void =>
    update({ alerts: { ...switches, [channel]: { ...switches[channel], [kind]: on } } });
  return (
    <details className="alert-settings">
      <summary>Alerts: sound and notifications</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">When</th>
            {CHANNELS.map((c) => (
              <th key={c.key} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ALERT_KINDS.map((kind) => (
            <tr key={kind}>
              <th scope="row">{ALERT_LABELS[kind]}</th>
              {CHANNELS.map((c) => (
                <td key={c.key}>
                  <input
                    type="checkbox"
                    aria-label={`${c.label}: ${ALERT_LABELS[kind]}`}
                    checked={switches[c.key][kind]}
                    onChange={(e) => set(c.key, kind, e.target.checked)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
