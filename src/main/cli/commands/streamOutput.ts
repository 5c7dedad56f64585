// How the streams commands print streams for people: the list table, one stream's details, its push URLs.

import type { StreamView } from '../../../shared/streams';
import { printLine, type CliIo } from '../cliIo';

function liveLabel(v: StreamView): string {
  if (v.pull) return v.live ? 'pulling' : '-';
  const parts = [v.live ? 'primary' : null, v.backupLive ? 'backup' : null].filter(Boolean);
  return parts.length > 0 ? parts.join('+') : '-';
}

/** One line per stream: ACTIVE (the on/off switch), INGEST (push or pull), LIVE (primary, backup, both, pulling or -). */
export function printStreamTable(io: CliIo, streams: StreamView[]): void {
  if (streams.length === 0) {
    printLine(io, 'No live streams yet; create one with `srt-companion streams create --name NAME`.');
    return;
  }
  const rows = streams.map((s) => [String(s.id), s.name, s.active ? 'yes' : 'no', s.pull ? 'pull' : 'push', liveLabel(s)]);
  const header = ['ID', 'NAME', 'ACTIVE', 'INGEST', 'LIVE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [header, ...rows]) printLine(io, row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
}

export function printStreamDetails(io: CliIo, v: StreamView): void {
  const lines: Array<[string, string]> = [
    ['Stream', `${v.id} "${v.name}"`],
    ['Active', v.active ? 'yes' : `no (pushes are rejected; pulls stopped; \`srt-companion streams enable ${v.id}\`)`],
    ['Ingest', v.pull ? 'pull' : 'push'],
  ];
  if (v.pull) {
    lines.push(['Pull sources', v.pullSources.join(' ') || '(none)'], ['Live', v.live ? 'yes, the platform is receiving' : 'no']);
  } else {
    lines.push(...pushUrlLines(v), ['Passphrase', v.hasPassphrase ? 'set (sent with -passphrase)' : 'none'], ['Live', liveLabel(v)]);
  }
  if (v.playbackUrl) lines.push(['Playback', v.playbackUrl]);
  printPairs(io, lines);
}

/** The SRT push URL lines of a stream (as masked or revealed as the view is). */
export function pushUrlLines(v: StreamView): Array<[string, string]> {
  return [
    ['SRT primary', v.pushUrlSrt ?? '(none)'],
    ['SRT backup', v.backupPushUrlSrt ?? '(none)'],
  ];
}

/** Prints `key  value` lines with the keys padded to one width. */
export function printPairs(io: CliIo, lines: Array<[string, string]>): void {
  const width = Math.max(...lines.map(([k]) => k.length));
  for (const [k, val] of lines) printLine(io, `${k.padEnd(width)}  ${val}`);
}
