// `npm start`: the desktop app in development (electron-vite dev), once the Electron binary is known to be there.
// Without it (its download failed or was skipped), one sentence saying what to do instead of electron-vite's stack trace.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the Electron binary would be, and whether it is there, read the way the electron package itself does (its
 * path.txt, or ELECTRON_OVERRIDE_DIST_PATH) but without its fallback of downloading it.
 */
export function findElectronBinary(env = process.env, require = createRequire(import.meta.url)) {
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { path: null, present: false };
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return { path, present: existsSync(path) };
  }
  if (!relative) return { path: null, present: false };
  const path = join(packageDir, 'dist', relative);
  return { path, present: existsSync(path) };
}

export const MISSING_ELECTRON =
  'The Electron binary is not installed (its download during npm install failed or was skipped), so the desktop window cannot open. ' +
  'Install it with `rm -rf node_modules/electron && npm install` on a machine that can reach github.com, ' +
  'or set ELECTRON_OVERRIDE_DIST_PATH to a folder holding an Electron build. The command line works without it: `npx srt-companion --help`.';

function main() {
  const binary = findElectronBinary();
  if (!binary.present) {
    process.stderr.write(`${MISSING_ELECTRON}\n`);
    process.exit(1);
  }
  const cli = join(dirname(createRequire(import.meta.url).resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  const child = spawn(process.execPath, [cli, 'dev', ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
