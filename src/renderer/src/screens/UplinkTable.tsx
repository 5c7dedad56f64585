// Per-ingest numbers of the newest snapshot: state, send rate, RTT, send buffer against latency, retransmissions, loss.

import type { JSX } from 'react';
import type { StatsSnapshot } from '../../../shared/broadcastTypes';
import { formatKbps, formatMs } from '../logic/format';

export interface UplinkTableProps {
  latest: StatsSnapshot | undefined;
  latencyMs: number;
}

export function UplinkTable({ latest, latencyMs }: UplinkTableProps): JSX.Element | null {
  if (latest === undefined || latest.uplinks.length === 0) return null;
  return (
    <table className="uplink-table">
      <caption>Uplinks (SRT latency {latencyMs} ms)</caption>
      <thead>
        <tr>
          <th scope="col">Ingest</th>
          <th scope="col">State</th>
          <th scope="col">Sending</th>
          <th scope="col">RTT</th>
          <th scope="col">Send buffer</th>
          <th scope="col">Retrans</th>
          <th scope="col">Lost</th>
        </tr>
      </thead>
      <tbody>
        {latest.uplinks.map((u) => (
          <tr key={u.role} className={`uplink-${u.state}${latest.active === u.role ? ' is-active' : ''}`}>
            <th scope="row">
              {u.role}
              {latest.active === u.role ? ' (active)' : ''}
            </th>
            <td>{u.state}</td>
            <td>{formatKbps(u.sendKbps)}</td>
            <td>{formatMs(u.rttMs)}</td>
            <td>{formatMs(u.sendBufferMs)}</td>
            <td>{u.retransPct.toFixed(1)} %</td>
            <td>{u.lostPkts}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
