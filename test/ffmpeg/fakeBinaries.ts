// Test helpers: small shell scripts that stand in for broken or limited ffmpeg builds, and a process liveness check.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveFfmpeg } from '../../src/main/ffmpeg/locateFfmpeg';

/** The system ffmpeg found on PATH (Debian's /usr/bin/ffmpeg on the project machines). */
export async function systemFfmpeg(): Promise<string> {
  return (await resolveFfmpeg({ env: { PATH: process.env.PATH ?? '' }, platform: 'linux', bundledPath: null })).path;
}

/** Writes an executable `/bin/sh` script and returns its path. */
export function writeScript(dir: string, name: string, body: string, mode = 0o755): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, mode);
  return file;
}

/**
 * A wrapper that runs the real ffmpeg but deletes `line` from the output of `flag`
 * (e.g. '  srt' from -protocols). It stands in for an ffmpeg built without that component.
 */
export function writeFilteringWrapper(dir: string, name: string, realFfmpeg: string, flag: string, pattern: string): string {
  return writeScript(
    dir,
    name,
    [
      'for arg in "$@"; do',
      `  if [ "$arg" = "${flag}" ]; then`,
      `    "${realFfmpeg}" "$@" | grep -v -E '${pattern}'`,
      '    exit 0',
      '  fi',
      'done',
      `exec "${realFfmpeg}" "$@"`,
    ].join('\n'),
  );
}

export { isAlive } from '../support/processes';
