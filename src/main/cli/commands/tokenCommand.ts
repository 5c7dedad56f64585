// `srt-companion token set|status|clear`: the API token lives in the OS keychain and is read from stdin or a file, never argv.

import { parseArgs } from 'node:util';
import { GcoreClient } from '../../gcore/gcoreClient';
import { normaliseToken, KEYCHAIN_ACCOUNT, KEYCHAIN_SERVICE } from '../../secrets/tokenStore';
import type { CliContext } from '../cliContext';
import { printErrorLine, printJson, printLine, readSecretFromStdin, type CliIo } from '../cliIo';
import { readSecretFile } from '../secretFile';
import { usageError } from '../usage';

export async function tokenCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { json: { type: 'boolean' }, 'no-verify': { type: 'boolean' }, 'from-file': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) {
    throw usageError(
      sub === 'set'
        ? 'The token is never taken from the command line (it would land in shell history); pipe it on stdin or paste it at the prompt.'
        : `Unexpected argument "${positionals[0]}".`,
    );
  }
  if (values['from-file'] !== undefined && sub !== 'set') throw usageError('--from-file goes with `token set` only.');
  const store = ctx.tokenStore();
  switch (sub) {
    case 'set': {
      const file = values['from-file'];
      const token = normaliseToken(
        file !== undefined ? await readTokenFile(ctx.io, file) : await readSecretFromStdin(ctx.io, 'Paste your Gcore API token (input hidden): '),
      );
      if (!values['no-verify']) {
        // Check the token before storing it, so a typo is caught now rather than at Go-live.
        await new GcoreClient({ baseUrl: await ctx.apiBaseUrl(), token }).verifyToken();
      }
      await store.set(token);
      if (values.json) printJson(ctx.io, { stored: true, verified: !values['no-verify'] });
      else printLine(ctx.io, `Token stored in the OS keychain (service "${KEYCHAIN_SERVICE}", account "${KEYCHAIN_ACCOUNT}")${values['no-verify'] ? ', not verified' : ', verified against the API'}.`);
      return 0;
    }
    case 'status': {
      const status = await store.status();
      if (values.json) printJson(ctx.io, { stored: status.state === 'stored', apiBaseUrl: await ctx.apiBaseUrl() });
      else printLine(ctx.io, status.state === 'stored' ? 'A Gcore API token is stored in the OS keychain.' : 'No Gcore API token is stored; run `srt-companion token set`.');
      return 0;
    }
    case 'clear': {
      const removed = await store.clear();
      if (values.json) printJson(ctx.io, { removed });
      else printLine(ctx.io, removed ? 'Token removed from the OS keychain.' : 'No token was stored.');
      return 0;
    }
    default:
      throw usageError(sub ? `Unknown token command "${sub}"; use set, status or clear.` : 'Missing token command; use set, status or clear.');
  }
}


/** The token file's text; a note on stderr when other users can read the file (the token is stored anyway). */
async function readTokenFile(io: CliIo, path: string): Promise<string> {
  const file = await readSecretFile(path, io.platform);
  if (file.readableByOthers) {
    printErrorLine(io, `srt-companion: note: ${path} can be read by other users (mode ${file.mode.toString(8).padStart(4, '0')}); \`chmod 600\` it, or delete it now that the token is in the keychain.`);
  }
  return file.text;
}
