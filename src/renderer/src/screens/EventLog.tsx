// The broadcast's event log (connections, failovers, encoder restarts, errors, state changes), newest first, with times.

import type { JSX } from 'react';
import type { BroadcastEvent, BroadcastEventKind } from '../../../shared/broadcastTypes';
import { formatClock } from '../logic/format';

const TONE: Record<BroadcastEventKind, 'good' | 'warn' | 'bad' | 'plain'> = {
  connected: 'good',
  suspect: 'warn',
  recovered: 'good',
  failback: 'good',
  failover: 'warn',
  retry: 'plain',
  down: 'bad',
  error: 'bad',
  stopped: 'plain',
  'encoder-fallback': 'warn',
  'encoder-stalled': 'bad',
  'encoder-restarted': 'warn',
  'targets-changed': 'warn',
  fault: 'warn',
  viewers: 'warn',
  source: 'plain',
  state: 'bad',
};

export interface EventLogProps {
  events: readonly BroadcastEvent[];
}

/**
 * The broadcast's own state changes worth a line: going off air, failing, stopping. Going live is already the
 * `connected` line beside it, and starting/stopping are the buttons the streamer just pressed.
 */
function worthALine(e: BroadcastEvent): boolean {
  return e.kind !== 'state' || e.state === 'notOnAir' || e.state === 'failed' || e.state === 'stopped';
}

/** What the log calls each kind: the state changes read as the badge does. */
function kindLabel(e: BroadcastEvent): string {
  if (e.kind !== 'state') return e.kind;
  return e.state === 'notOnAir' ? 'not on air' : (e.state ?? 'state');
}

export function EventLog({ events }: EventLogProps): JSX.Element {
  const newestFirst = [...events].filter(worthALine).reverse();
  return (
    <section className="panel event-log" aria-labelledby="event-log-title">
      <h2 id="event-log-title">Events</h2>
      {events.length === 0 ? <p className="hint">No events yet.</p> : null}
      <ol role="log" aria-label="Broadcast events" className="event-list">
        {newestFirst.map((e, i) => (
          <li key={`${e.t}-${events.length - i}`} className={`event event-${e.kind === 'state' && e.state === 'stopped' ? 'plain' : TONE[e.kind]}`}>
            <time dateTime={new Date(e.t * 1000).toISOString()}>{formatClock(e.t)}</time>{' '}
            <span className="event-kind">{kindLabel(e)}</span>
            {e.role !== undefined ? <span className="event-role"> {e.role}</span> : null}
            <span className="event-detail"> — {e.detail}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
