// The session report's per-second CSV (pure): one row per stats second, the broadcast's and each ingest's figures.

import { INGEST_ROLES } from '../../shared/broadcastTypes';
import type { StatsSecond, UplinkSecond } from './sessionRecorder';

const UPLINK_COLUMNS: ReadonlyArray<[string, (u: UplinkSecond) => string | number | null]> = [
  ['state', (u) => u.state],
  ['send_kbps', (u) => u.sendKbps],
  ['rtt_ms', (u) => u.rttMs],
  ['loss_pct', (u) => u.lossPct],
  ['lost_pkts', (u) => u.lostPkts],
  ['retrans_pct', (u) => u.retransPct],
];

/** The header row: time, broadcast state, encoder, then `primary_*` and `backup_*`, warnings, and the viewers' view. */
export const CSV_COLUMNS: readonly string[] = [
  'time_utc', 't_s', 'state', 'on_air', 'active', 'encoder_fps', 'encoder_kbps', 'encoder_speed', 'encoder_restarts',
  ...INGEST_ROLES.flatMap((role) => UPLINK_COLUMNS.map(([name]) => `${role}_${name}`)),
  'warnings', 'viewers_watching', 'viewers_picture',
];

function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  // Every text cell is an engine code (state, role, warning code): no comma, quote or newline to escape.
  return String(value);
}

function row(s: StatsSecond): string {
  const cells = [
    new Date(s.t * 1000).toISOString(), s.t, s.state, s.onAir, s.active, s.encoderFps, s.encoderKbps, s.encoderSpeed, s.encoderRestarts,
    ...INGEST_ROLES.flatMap((role) => UPLINK_COLUMNS.map(([, pick]) => {
      const u = s.uplinks[role];
      return u === undefined ? null : pick(u);
    })),
    s.warnings.join(';'), s.viewers?.watching, s.viewers?.picture,
  ];
  return cells.map(cell).join(',');
}

/** The whole CSV, header first, lines ending in CRLF (RFC 4180). */
export function sessionCsv(seconds: readonly StatsSecond[]): string {
  return [CSV_COLUMNS.join(','), ...seconds.map(row)].map((line) => `${line}\r\n`).join('');
}
