// What a CLI command gets: the shared services plus the CLI's own I/O.

import { createServices, type Services } from '../services';
import type { CliIo } from './cliIo';

export { desktopPlatform } from '../services';

export interface CliContext extends Services {
  io: CliIo;
}

export function createCliContext(io: CliIo): CliContext {
  return { ...createServices({ env: io.env, platform: io.platform, log: (line) => io.stderr.write(`${line}\n`) }), io };
}
