// `srt-companion streams list|show|create`: the account's live streams, stream keys masked unless --reveal.

import { parseArgs } from 'node:util';
import { toStreamView } from '../../gcore/streamView';
import type { StreamView } from '../../../shared/streams';
import type { CliContext } from '../cliContext';
import { printJson, printLine, type CliIo } from '../cliIo';
import { usageError } from '../usage';
import { parseStreamId } from './parseStreamId';

export async function streamsCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { json: { type: 'boolean' }, reveal: { type: 'boolean' }, name: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  switch (sub) {
    case 'list': {
      if (positionals.length > 0) throw usageError(`Unexpected argument "${positionals[0]}".`);
      const streams = (await (await ctx.apiClient()).listStreams()).map((s) => toStreamView(s, { reveal: false }));
      if (values.json) printJson(ctx.io, streams);
      else printStreamTable(ctx.io, streams);
      return 0;
    }
    case 'show': {
      if (positionals.length !== 1) throw usageError('streams show needs exactly one stream ID.');
      const id = parseStreamId(positionals[0]);
      const view = toStreamView(await (await ctx.apiClient()).getStream(id), { reveal: Boolean(values.reveal) });
      if (values.json) printJson(ctx.io, view);
      else printStreamDetails(ctx.io, view);
      return 0;
    }
    case 'create': {
      const name = values.name?.trim();
      if (!name) throw usageError('streams create needs --name NAME.');
      if (positionals.length > 0) throw usageError(`Unexpected argument "${positionals[0]}".`);
      // Created active so the streamer can push right away (the API's default is inactive).
      const view = toStreamView(await (await ctx.apiClient()).createStream({ name, active: true }), { reveal: false });
      if (values.json) printJson(ctx.io, view);
      else printLine(ctx.io, `Created stream ${view.id} "${view.name}". Push URLs: \`srt-companion streams show ${view.id}\`.`);
      return 0;
    }
    default:
      throw usageError(sub ? `Unknown streams command "${sub}"; use list, show or create.` : 'Missing streams command; use list, show or create.');
  }
}

function liveLabel(v: StreamView): string {
  if (v.pull) return v.live ? 'pulling' : '-';
  const parts = [v.live ? 'primary' : null, v.backupLive ? 'backup' : null].filter(Boolean);
  return parts.length > 0 ? parts.join('+') : '-';
}

function printStreamTable(io: CliIo, streams: StreamView[]): void {
  if (streams.length === 0) {
    printLine(io, 'No live streams yet; create one with `srt-companion streams create --name NAME`.');
    return;
  }
  const rows = streams.map((s) => [String(s.id), s.name, s.active ? 'yes' : 'no', s.pull ? 'pull' : 'push', liveLabel(s)]);
  const header = ['ID', 'NAME', 'ACTIVE', 'INGEST', 'LIVE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [header, ...rows]) printLine(io, row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
}

function printStreamDetails(io: CliIo, v: StreamView): void {
  const lines: Array<[string, string]> = [
    ['Stream', `${v.id} "${v.name}"`],
    ['Active', v.active ? 'yes' : 'no (pushes are rejected; pulls stopped)'],
    ['Ingest', v.pull ? 'pull' : 'push'],
  ];
  if (v.pull) {
    lines.push(['Pull sources', v.pullSources.join(' ') || '(none)'], ['Live', v.live ? 'yes, the platform is receiving' : 'no']);
  } else {
    lines.push(
      ['SRT primary', v.pushUrlSrt ?? '(none)'],
      ['SRT backup', v.backupPushUrlSrt ?? '(none)'],
      ['Passphrase', v.hasPassphrase ? 'set (sent with -passphrase)' : 'none'],
      ['Live', liveLabel(v)],
    );
  }
  if (v.playbackUrl) lines.push(['Playback', v.playbackUrl]);
  const width = Math.max(...lines.map(([k]) => k.length));
  for (const [k, val] of lines) printLine(io, `${k.padEnd(width)}  ${val}`);
}
