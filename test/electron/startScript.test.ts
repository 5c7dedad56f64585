// `npm start` without the Electron binary (as on this machine, where its download fails): one actionable sentence and
// exit 1, not electron-vite's stack trace; and how the binary is looked for, with ELECTRON_OVERRIDE_DIST_PATH.

import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { findElectronBinary, MISSING_ELECTRON } from '../../scripts/start.mjs';

const run = promisify(execFile);
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('npm start', () => {
  it('says what to do, with exit 1 and no stack trace, when the Electron binary is missing', async () => {
    const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(tmpdir(), 'srtc-no-electron-here') };
    const result = await run(process.execPath, ['scripts/start.mjs'], { env }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(MISSING_ELECTRON);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('finds a binary where ELECTRON_OVERRIDE_DIST_PATH points, and reports a missing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srtc-electron-'));
    dirs.push(dir);
    const missing = findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dir }) as { path: string; present: boolean };
    expect(missing.present).toBe(false);
    await writeFile(missing.path, '#!/bin/sh\n');
    await chmod(missing.path, 0o755);
    expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dir })).toEqual({ path: missing.path, present: true });
  });
});
