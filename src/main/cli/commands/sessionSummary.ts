// `push`'s end-of-broadcast summary (pure): the session report in a few lines of text.

import type { IngestReport, MinAvgMax, SessionReport } from '../../../shared/sessionReportTypes';

function clock(totalS: number): string {
  const s = Math.max(0, Math.round(totalS));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h > 0 ? 2 : 1, '0');
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s % 60).padStart(2, '0')}`;
}

/** min/avg/max with `digits` decimals (the report keeps full precision; a terminal line needs readable figures). */
function range(m: MinAvgMax | null, unit: string, digits: number): string {
  if (m === null) return '-';
  const f = (v: number): string => String(Number(v.toFixed(digits)));
  return `${f(m.min)}/${f(m.avg)}/${f(m.max)} ${unit}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function ingestLine(i: IngestReport): string {
  return `  ${i.role.padEnd(7)} carried ${clock(i.carriedS)}  send ${range(i.sendKbps, 'kbps', 0)}  rtt ${range(i.rttMs, 'ms', 1)}  ` +
    `loss ${range(i.lossPct, '%', 1)}  lost ${plural(i.lostPkts, 'packet')}`;
}

/** The summary `push` prints at the end, before the rehearsal's viewer story. */
export function sessionSummaryText(report: SessionReport): string {
  const share = report.durationS > 0 ? Math.round((report.onAirS / report.durationS) * 100) : 0;
  const lines = [
    `Session: ${clock(report.durationS)}, on air ${clock(report.onAirS)} (${share} %), ${plural(report.failovers, 'failover')}, ` +
      `${plural(report.failbacks, 'failback')}, ${plural(report.encoder.restarts, 'encoder restart')}; ` +
      `${report.finalState}${report.reason ? ` (${report.reason})` : ''}.`,
  ];
  if (report.ingests.length > 0) lines.push('  per ingest, min/avg/max over the seconds it was connected:');
  for (const i of report.ingests) lines.push(ingestLine(i));
  lines.push(`  encoder ${range(report.encoder.kbps, 'kbps', 0)}, speed ${range(report.encoder.speed, 'x', 2)}`);
  lines.push(`  ${plural(report.events.length, 'event')}${report.eventsDropped > 0 ? ` (and ${report.eventsDropped} earlier ones not kept)` : ''}`);
  if (report.recordings.files.length > 0) {
    lines.push(`  recordings (${report.recordings.files.length}) in ${report.recordings.folder ?? 'several folders'}:`);
    for (const f of report.recordings.files) lines.push(`    ${f}`);
  }
  return lines.join('\n');
}
