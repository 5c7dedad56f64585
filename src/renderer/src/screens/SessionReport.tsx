// After Stop: the session report (duration, time on air, per ingest figures, viewers, recordings, events) and its export.

import { useState, type JSX } from 'react';
import type { IngestReport, MinAvgMax, ReportFormat, SessionReport as SessionReportData } from '../../../shared/sessionReportTypes';
import { BigStat } from '../components/BigStat';
import { Notice } from '../components/Notice';
import type { SessionReportControl } from '../hooks/useSessionReport';
import { formatClock, formatElapsed, formatKbps, formatMs } from '../logic/format';

export interface SessionReportProps {
  session: SessionReportControl;
  /** A broadcast runs: the report of the last one is not shown. */
  running: boolean;
}

function range(m: MinAvgMax | null, show: (n: number) => string): string {
  return m === null ? '—' : `${show(m.min)} / ${show(m.avg)} / ${show(m.max)}`;
}

const pct = (n: number): string => `${n.toFixed(1)} %`;
const seconds = (s: number): string => formatElapsed(s * 1000);

function IngestRow({ ingest }: { ingest: IngestReport }): JSX.Element {
  return (
    <tr data-role={ingest.role}>
      <th scope="row">{ingest.role === 'primary' ? 'Primary' : 'Backup'}</th>
      <td>{seconds(ingest.carriedS)}</td>
      <td>{range(ingest.sendKbps, formatKbps)}</td>
      <td>{range(ingest.rttMs, formatMs)}</td>
      <td>{range(ingest.lossPct, pct)}</td>
      <td>{ingest.lostPkts}</td>
    </tr>
  );
}

export function SessionReport({ session, running }: SessionReportProps): JSX.Element | null {
  // Which report the saved file belongs to, so the notice does not outlive it into the next broadcast's report.
  const [saved, setSaved] = useState<{ of: SessionReportData; fileName: string | null } | null>(null);
  const { report, error } = session;
  if (running) return null;
  if (report === null) return error !== null ? <Notice kind="error">Session report: {error}</Notice> : null;
  const save = async (format: ReportFormat): Promise<void> => setSaved({ of: report, fileName: await session.save(format) });
  const savedAs = saved !== null && saved.of === report ? saved.fileName : null;
  const onAirShare = report.durationS > 0 ? Math.round((report.onAirS / report.durationS) * 100) : 0;
  const story = report.viewerStory;
  return (
    <section className="panel session-report" aria-labelledby="session-report-title">
      <h2 id="session-report-title">Session report</h2>
      <p className="hint">
        {report.finalState === 'failed' ? 'Ended by itself' : 'Stopped'} at {formatClock(report.endedAtS)}
        {report.reason !== null ? ` — ${report.reason}` : ''}.
      </p>
      <div className="big-stats">
        <BigStat label="Duration" value={seconds(report.durationS)} />
        <BigStat label="On air" value={seconds(report.onAirS)} detail={`${onAirShare} %`} tone={report.onAirS > 0 ? 'good' : 'bad'} />
        <BigStat label="Failovers / failbacks" value={`${report.failovers} / ${report.failbacks}`} tone={report.failovers > 0 ? 'bad' : 'normal'} />
        <BigStat label="Encoder restarts" value={String(report.encoder.restarts)} tone={report.encoder.restarts > 0 ? 'bad' : 'normal'} />
      </div>
      <table className="uplink-table">
        <caption>Per ingest, min / avg / max over the seconds it was connected</caption>
        <thead>
          <tr>
            <th scope="col">Ingest</th>
            <th scope="col">Carried</th>
            <th scope="col">Send bitrate</th>
            <th scope="col">RTT</th>
            <th scope="col">Loss (5 s)</th>
            <th scope="col">Lost packets</th>
          </tr>
        </thead>
        <tbody>
          {report.ingests.map((i) => (
            <IngestRow key={i.role} ingest={i} />
          ))}
        </tbody>
      </table>
      {story !== null ? (
        <p data-testid="report-viewers">
          Viewers (local model of Gcore&apos;s ingest):{' '}
          {story.summary.firstPictureAfterS === null
            ? 'no picture at all.'
            : `first picture after ${story.summary.firstPictureAfterS} s, ${story.summary.noPictureS} s without picture, ${story.summary.switches} switch${story.summary.switches === 1 ? '' : 'es'} between ingests.`}
        </p>
      ) : null}
      {report.recordings.files.length > 0 ? (
        <div data-testid="report-recordings">
          <p>
            Recordings{report.recordings.folder !== null ? <> in <code>{report.recordings.folder}</code></> : null}:
          </p>
          <ul>
            {report.recordings.files.map((f) => (
              <li key={f}>
                <code>{f}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <details>
        <summary>
          All {report.events.length} events{report.eventsDropped > 0 ? ` (the first ${report.eventsDropped} were not kept)` : ''}
        </summary>
        <ol className="event-list" aria-label="Session events">
          {report.events.map((e, i) => (
            <li key={`${e.t}-${i}`}>
              <time dateTime={new Date(e.t * 1000).toISOString()}>{formatClock(e.t)}</time> {e.kind === 'state' ? (e.state ?? 'state') : e.kind}
              {e.role !== undefined ? ` ${e.role}` : ''} — {e.detail}
            </li>
          ))}
        </ol>
      </details>
      <div className="actions">
        <button type="button" onClick={() => void save('json')}>
          Save report (JSON)
        </button>
        <button type="button" onClick={() => void save('csv')}>
          Save per-second CSV
        </button>
      </div>
      {error !== null ? <Notice kind="error">{error}</Notice> : null}
      {savedAs !== null ? <Notice kind="success">Saved as {savedAs}.</Notice> : null}
    </section>
  );
}
