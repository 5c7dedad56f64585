// `srt-companion pull set|off`: point a stream at public source URLs (Gcore pulls them) or turn pulling off.

import { parseArgs } from 'node:util';
import { describePullRetryPolicy, pullPatch, validatePullSources } from '../../gcore/pullSources';
import { turnPullOff } from '../../gcore/streamActions';
import { toStreamView } from '../../gcore/streamView';
import type { CliContext } from '../cliContext';
import { printJson, printLine } from '../cliIo';
import { usageError } from '../usage';
import { parseStreamId } from './parseStreamId';

export async function pullCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  switch (sub) {
    case 'set': {
      const [idText, ...urls] = positionals;
      if (!idText || urls.length === 0) throw usageError('pull set needs a stream ID and at least one source URL.');
      const id = parseStreamId(idText);
      validatePullSources(urls); // before any network call: bad input never reaches the API
      const view = toStreamView(await (await ctx.apiClient()).updateStream(id, pullPatch(urls)), { reveal: false });
      const policy = describePullRetryPolicy();
      if (values.json) {
        printJson(ctx.io, { stream: view, retryPolicy: policy });
        return 0;
      }
      printLine(ctx.io, `Stream ${view.id} "${view.name}" now pulls from ${view.pullSources.length} source(s), tried round-robin:`);
      for (const url of view.pullSources) printLine(ctx.io, `  ${url}`);
      printLine(ctx.io, `Live: ${view.live ? 'yes, the platform is receiving' : 'not yet (allow up to ~15 s); check with `srt-companion streams show ' + view.id + '`'}`);
      printLine(ctx.io);
      for (const line of policy) printLine(ctx.io, line);
      return 0;
    }
    case 'off': {
      if (positionals.length !== 1) throw usageError('pull off needs exactly one stream ID.');
      const id = parseStreamId(positionals[0]);
      const view = toStreamView(await turnPullOff(await ctx.apiClient(), id), { reveal: false });
      if (values.json) printJson(ctx.io, { stream: view });
      else printLine(ctx.io, `Stream ${view.id} "${view.name}" no longer pulls; it takes pushes again.`);
      return 0;
    }
    default:
      throw usageError(sub ? `Unknown pull command "${sub}"; use set or off.` : 'Missing pull command; use set or off.');
  }
}
