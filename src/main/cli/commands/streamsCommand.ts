// `srt-companion streams list|show|create|enable|disable|reset-key|passphrase|delete`: the account's live streams,
// stream keys masked unless --reveal.

import { parseArgs } from 'node:util';
import { toStreamView } from '../../gcore/streamView';
import { streamTags } from '../../../shared/streams';
import type { CliContext } from '../cliContext';
import { printJson, printLine } from '../cliIo';
import { usageError } from '../usage';
import { parseStreamId } from './parseStreamId';
import { deleteCommand, passphraseCommand, resetKeyCommand, setActiveCommand } from './streamManageCommands';
import { printStreamDetails, printStreamTable } from './streamOutput';

type OptionSpec = Record<string, { type: 'boolean' | 'string' }>;

const JSON_OPTION: OptionSpec = { json: { type: 'boolean' } };

/** Options each subcommand takes; any other option is a usage error. */
const OPTIONS: Record<string, OptionSpec> = {
  list: JSON_OPTION,
  show: { ...JSON_OPTION, reveal: { type: 'boolean' } },
  create: { ...JSON_OPTION, name: { type: 'string' } },
  enable: JSON_OPTION,
  disable: JSON_OPTION,
  'reset-key': { ...JSON_OPTION, reveal: { type: 'boolean' } },
  passphrase: { ...JSON_OPTION, clear: { type: 'boolean' } },
  delete: { ...JSON_OPTION, yes: { type: 'boolean' } },
};

const SUBCOMMANDS = 'list, show, create, enable, disable, reset-key, passphrase or delete';

/** Parsed arguments of one streams subcommand. */
export interface StreamsArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Exactly one positional: the stream id. `what` names the command in the error. */
export function onlyStreamId(args: StreamsArgs, what: string): number {
  if (args.positionals.length !== 1) throw usageError(`${what} needs exactly one stream ID.`);
  return parseStreamId(args.positionals[0]);
}

export async function streamsCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const spec = sub !== undefined ? OPTIONS[sub] : undefined;
  if (sub === undefined || spec === undefined) {
    throw usageError(sub ? `Unknown streams command "${sub}"; use ${SUBCOMMANDS}.` : `Missing streams command; use ${SUBCOMMANDS}.`);
  }
  const parsed: StreamsArgs = parseArgs({ args: rest, options: spec, allowPositionals: true, strict: true });
  const { values, positionals } = parsed;
  const json = values.json === true;
  switch (sub) {
    case 'list': {
      if (positionals.length > 0) throw usageError(`Unexpected argument "${positionals[0]}".`);
      const streams = (await (await ctx.apiClient()).listStreams()).map((s) => toStreamView(s, { reveal: false }));
      if (json) printJson(ctx.io, streams.map((s) => ({ ...s, tags: streamTags(s) })));
      else printStreamTable(ctx.io, streams);
      return 0;
    }
    case 'show': {
      const id = onlyStreamId(parsed, 'streams show');
      const view = toStreamView(await (await ctx.apiClient()).getStream(id), { reveal: values.reveal === true });
      if (json) printJson(ctx.io, view);
      else printStreamDetails(ctx.io, view);
      return 0;
    }
    case 'create': {
      const name = typeof values.name === 'string' ? values.name.trim() : '';
      if (!name) throw usageError('streams create needs --name NAME.');
      if (positionals.length > 0) throw usageError(`Unexpected argument "${positionals[0]}".`);
      // Created active so the streamer can push right away (the API's default is inactive).
      const view = toStreamView(await (await ctx.apiClient()).createStream({ name, active: true }), { reveal: false });
      if (json) printJson(ctx.io, view);
      else printLine(ctx.io, `Created stream ${view.id} "${view.name}". Push URLs: \`srt-companion streams show ${view.id}\`.`);
      return 0;
    }
    case 'enable':
    case 'disable':
      return setActiveCommand(ctx, onlyStreamId(parsed, `streams ${sub}`), sub === 'enable', json);
    case 'reset-key':
      return resetKeyCommand(ctx, onlyStreamId(parsed, 'streams reset-key'), { json, reveal: values.reveal === true });
    case 'passphrase':
      return passphraseCommand(ctx, parsed, { json, clear: values.clear === true });
    default:
      return deleteCommand(ctx, onlyStreamId(parsed, 'streams delete'), { json, yes: values.yes === true });
  }
}
