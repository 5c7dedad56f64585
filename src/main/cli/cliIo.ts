// The CLI's view of the outside world (streams, environment), injectable so commands run in-process in tests.

import type { Readable, Writable } from 'node:stream';
import { terminalSafe, terminalSafeJson } from './terminalText';

export interface CliIo {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
}

export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, platform: process.platform };
}

/** Pretty JSON on stdout; characters a terminal would act on are escaped (the parsed values are unchanged). */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${terminalSafeJson(value, 2)}\n`);
}

/** One JSON document per line (push --json), escaped like printJson. */
export function printJsonLine(io: CliIo, value: unknown): void {
  io.stdout.write(`${terminalSafeJson(value)}\n`);
}

/**
 * One line on stdout. Every human-readable line goes through here, so text from the API inside it (a stream name)
 * cannot move the cursor, set the title, clear the screen or start a fake line of its own: see terminalSafe.
 */
export function printLine(io: CliIo, line = ''): void {
  io.stdout.write(`${terminalSafe(line)}\n`);
}

/** Several lines of our own making, split at `\n`; each is made safe like printLine. */
export function printLines(io: CliIo, text: string): void {
  for (const line of text.split('\n')) printLine(io, line);
}

/** One line on stderr (errors, notes while --json owns stdout), made safe like printLine. */
export function printErrorLine(io: CliIo, line: string): void {
  io.stderr.write(`${terminalSafe(line)}\n`);
}

/** Reads a secret from stdin: all of piped input, or one line typed at a terminal with echo turned off. */
export async function readSecretFromStdin(io: CliIo, prompt: string): Promise<string> {
  const { stdin } = io;
  if (stdin.isTTY && stdin.setRawMode) {
    io.stderr.write(prompt);
    stdin.setRawMode(true);
    try {
      return await new Promise<string>((resolve, reject) => {
        let value = '';
        const onData = (chunk: Buffer): void => {
          for (const ch of chunk.toString('utf8')) {
            if (ch === '\r' || ch === '\n') return finish(null);
            if (ch === '\u0003') return finish(new Error('cancelled'));
            if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
            else value += ch;
          }
        };
        const finish = (err: Error | null): void => {
          stdin.off('data', onData);
          stdin.pause();
          io.stderr.write('\n');
          if (err) reject(err);
          else resolve(value);
        };
        stdin.on('data', onData);
        stdin.resume();
      });
    } finally {
      stdin.setRawMode(false);
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads one visible line: typed at a terminal after `prompt` (on stderr, so --json output stays clean), or the first
 * line of piped input. Resolves '' when stdin ends without one.
 */
export async function readLineFromStdin(io: CliIo, prompt: string): Promise<string> {
  const { stdin } = io;
  // The prompt may quote a stream name from the API.
  if (stdin.isTTY) io.stderr.write(prompt.split('\n').map(terminalSafe).join('\n'));
  let text = '';
  for await (const chunk of stdin) {
    text += Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    const end = text.search(/\r?\n/);
    if (end >= 0) {
      text = text.slice(0, end);
      break;
    }
  }
  if (stdin.isTTY) stdin.pause();
  return text;
}
