// `streams enable|disable|reset-key|passphrase|delete`: what a streamer would otherwise open the Gcore portal for.
// Keys are printed masked unless --reveal; a passphrase is read from a hidden prompt or stdin, never from argv.

import { AppError } from '../../appError';
import { resetStreamKey, setStreamPassphrase } from '../../gcore/streamActions';
import { toStreamView } from '../../gcore/streamView';
import type { CliContext } from '../cliContext';
import { printJson, printLine, readLineFromStdin, readSecretFromStdin } from '../cliIo';
import { usageError } from '../usage';
import { parseStreamId } from './parseStreamId';
import { printPairs, pushUrlLines } from './streamOutput';
import { terminalSafe } from '../terminalText';

/** Said after a change that a running push only picks up when it is restarted. */
const RESTART_NOTE = 'A push already running to this stream keeps the old settings until it is restarted.';

export async function setActiveCommand(ctx: CliContext, id: number, active: boolean, json: boolean): Promise<number> {
  const view = toStreamView(await (await ctx.apiClient()).setActive(id, active), { reveal: false });
  if (json) printJson(ctx.io, { stream: view });
  else if (active) printLine(ctx.io, `Stream ${view.id} "${view.name}" is active: its ingest accepts pushes${view.pull ? ' and Gcore pulls its sources again' : ''}.`);
  else printLine(ctx.io, `Stream ${view.id} "${view.name}" is inactive: pushes are rejected, pulling has stopped and a live ingest was dropped.`);
  return 0;
}

export async function resetKeyCommand(ctx: CliContext, id: number, options: { json: boolean; reveal: boolean }): Promise<number> {
  const reset = await resetStreamKey(await ctx.apiClient(), id, { reveal: options.reveal });
  if (options.json) {
    printJson(ctx.io, reset);
    return 0;
  }
  const name = reset.stream ? ` "${reset.stream.name}"` : '';
  printLine(ctx.io, `Stream ${id}${name} has a new push key; the old one stopped working.`);
  if (reset.stream) printPairs(ctx.io, pushUrlLines(reset.stream));
  else printLine(ctx.io, `The new push URLs could not be read back; see them with \`srt-companion streams show ${id}\`.`);
  if (reset.ingestStillRunning) {
    const said = reset.platformMessage ? ` (Gcore said: ${reset.platformMessage.replace(/[.\s]+$/, '')})` : '';
    printLine(ctx.io, `Gcore could not end the live ingest that still uses the old key${said}; restart the encoder so it pushes with the new key.`);
  } else {
    printLine(ctx.io, 'Gcore ended the connections that used the old key. ' + RESTART_NOTE);
  }
  if (!options.reveal && reset.stream) printLine(ctx.io, `Full URLs: \`srt-companion streams show ${id} --reveal\`.`);
  return 0;
}

/** Reads the new passphrase: twice at a terminal (hidden), or all of stdin minus one final line break. */
async function readPassphrase(ctx: CliContext): Promise<string> {
  const { io } = ctx;
  if (io.stdin.isTTY && io.stdin.setRawMode) {
    const first = await readSecretFromStdin(io, 'New SRT passphrase, 10–79 characters (input hidden): ');
    const again = await readSecretFromStdin(io, 'Type it again: ');
    if (first !== again) throw new AppError('input', 'passphrase_mismatch', 'The two passphrases typed differ; nothing was changed.');
    return first;
  }
  const piped = (await readSecretFromStdin(io, '')).replace(/\r?\n$/, '');
  if (piped === '') {
    throw new AppError('input', 'passphrase_missing', 'No passphrase arrived on stdin; pipe it in or type it at the prompt (or use --clear to remove it).');
  }
  return piped;
}

export async function passphraseCommand(
  ctx: CliContext,
  args: { positionals: string[] },
  options: { json: boolean; clear: boolean },
): Promise<number> {
  const [idText, ...extra] = args.positionals;
  if (extra.length > 0) {
    // Never echoed: the extra argument is most likely the passphrase itself.
    throw usageError('The passphrase is never taken from the command line (it would land in shell history and the process list); pipe it on stdin or type it at the prompt.');
  }
  if (idText === undefined) throw usageError('streams passphrase needs a stream ID.');
  const id = parseStreamId(idText);
  const client = await ctx.apiClient();
  const passphrase = options.clear ? null : await readPassphrase(ctx);
  const view = toStreamView(await setStreamPassphrase(client, id, passphrase), { reveal: false });
  if (options.json) printJson(ctx.io, { stream: view });
  else if (passphrase === null) printLine(ctx.io, `Stream ${view.id} "${view.name}" no longer uses an SRT passphrase. ${RESTART_NOTE}`);
  else {
    printLine(
      ctx.io,
      `Stream ${view.id} "${view.name}" now requires this SRT passphrase; encoders must send the same one (\`srt-companion push --stream ${view.id}\` does it itself). ${RESTART_NOTE}`,
    );
  }
  return 0;
}

export async function deleteCommand(ctx: CliContext, id: number, options: { json: boolean; yes: boolean }): Promise<number> {
  const client = await ctx.apiClient();
  const stream = await client.getStream(id);
  if (!options.yes) {
    const live = stream.live || stream.backup_live ? ' It is live right now.' : '';
    const typed = await readLineFromStdin(
      ctx.io,
      `Delete stream ${id} "${terminalSafe(stream.name)}" for good? Its settings, push and playback links go; recordings stay as Videos.${live}\nType the stream's name to confirm: `,
    );
    if (typed.trim() !== stream.name.trim()) {
      throw new AppError('input', 'not_confirmed', `The name typed does not match "${stream.name}", so stream ${id} was not deleted; type the name exactly, or pass --yes.`);
    }
  }
  await client.deleteStream(id);
  if (options.json) printJson(ctx.io, { deleted: { id, name: stream.name } });
  else printLine(ctx.io, `Deleted stream ${id} "${stream.name}".`);
  return 0;
}
