// The CLI's view of the outside world (streams, environment), injectable so commands run in-process in tests.

import type { Readable, Writable } from 'node:stream';

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

export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(io: CliIo, line = ''): void {
  io.stdout.write(`${line}\n`);
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
  if (stdin.isTTY) io.stderr.write(prompt);
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
