// The srt-companion CLI: dispatches commands and turns every failure into one sentence on stderr and an exit code.

import { isAppError } from '../appError';
import { redact } from '../redact';
import { createCliContext } from './cliContext';
import { printErrorLine, processIo, type CliIo } from './cliIo';
import { devicesCommand } from './commands/devicesCommand';
import { doctorCommand } from './commands/doctorCommand';
import { pullCommand } from './commands/pullCommand';
import { pushCommand } from './commands/pushCommand';
import { streamsCommand } from './commands/streamsCommand';
import { tokenCommand } from './commands/tokenCommand';
import { EXIT, exitCodeFor } from './exitCodes';
import { HELP, usageError } from './usage';

/** Runs one CLI invocation and returns its exit code (never throws, never calls process.exit). */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(`${HELP}\n`);
    return command ? EXIT.ok : EXIT.usage;
  }
  const ctx = createCliContext(io);
  try {
    switch (command) {
      case 'token':
        return await tokenCommand(ctx, rest);
      case 'streams':
        return await streamsCommand(ctx, rest);
      case 'pull':
        return await pullCommand(ctx, rest);
      case 'doctor':
        return await doctorCommand(ctx, rest);
      case 'devices':
        return await devicesCommand(ctx, rest);
      case 'push':
        return await pushCommand(ctx, rest);
      case '--version':
        io.stdout.write('srt-companion 0.1.0\n');
        return EXIT.ok;
      default:
        throw usageError(`Unknown command "${command}".`);
    }
  } catch (err) {
    return reportError(io, err);
  }
}

function reportError(io: CliIo, err: unknown): number {
  if (isAppError(err)) {
    printErrorLine(io, `srt-companion: ${redact(err.message)}`);
    return exitCodeFor(err.kind);
  }
  // node:util parseArgs reports unknown options and missing values with ERR_PARSE_ARGS_* codes.
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    printErrorLine(io, `srt-companion: ${redact((err as Error).message)}. Run \`srt-companion --help\` for usage.`);
    return EXIT.usage;
  }
  printErrorLine(io, `srt-companion: internal error: ${redact(err instanceof Error ? err.message : String(err))}. Please report it with \`srt-companion doctor --json\`.`);
  return EXIT.internal;
}
