// Which ffmpeg gets picked: user setting > FFMPEG_PATH > bundled ffmpeg-static > PATH, on real temp folders.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/appError';
import {
  asarUnpackedPath,
  bundledFfmpegStaticPath,
  findFfprobeBeside,
  locateFfmpegCandidates,
  pathSearchPlan,
  resolveFfmpeg,
} from '../../src/main/ffmpeg/locateFfmpeg';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'locate-ffmpeg-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Creates `root/dir/name` as a tiny executable (mode 0755 unless told otherwise). */
function stub(dir: string, name = 'ffmpeg', mode = 0o755): string {
  mkdirSync(join(root, dir), { recursive: true });
  const file = join(root, dir, name);
  writeFileSync(file, '#!/bin/sh\nexit 0\n');
  chmodSync(file, mode);
  return file;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('locateFfmpegCandidates and resolveFfmpeg: the order', () => {
  it('lists user setting, FFMPEG_PATH, bundled, then every PATH hit in PATH order', async () => {
    const user = stub('user');
    const envPath = stub('env');
    const bundled = stub('bundled');
    const path1 = stub('bin1');
    const path2 = stub('bin2');
    const env = { FFMPEG_PATH: envPath, PATH: [join(root, 'bin1'), join(root, 'empty'), join(root, 'bin2')].join(':') };
    const candidates = await locateFfmpegCandidates({ userPath: user, env, platform: 'linux', bundledPath: bundled });
    expect(candidates).toEqual([
      { path: user, source: 'user setting' },
      { path: envPath, source: 'FFMPEG_PATH' },
      { path: bundled, source: 'bundled ffmpeg-static' },
      { path: path1, source: 'PATH' },
      { path: path2, source: 'PATH' },
    ]);
  });

  it('user setting beats FFMPEG_PATH beats bundled beats PATH', async () => {
    const user = stub('user');
    const envPath = stub('env');
    const bundled = stub('bundled');
    const onPath = stub('bin');
    const env = { FFMPEG_PATH: envPath, PATH: join(root, 'bin') };
    const base = { env, platform: 'linux' as const, bundledPath: bundled };
    expect(await resolveFfmpeg({ ...base, userPath: user })).toMatchObject({ path: user, source: 'user setting' });
    expect(await resolveFfmpeg({ ...base, userPath: '  ' })).toMatchObject({ path: envPath, source: 'FFMPEG_PATH' });
    expect(await resolveFfmpeg({ ...base, env: { PATH: env.PATH } })).toMatchObject({ path: bundled, source: 'bundled ffmpeg-static' });
    expect(await resolveFfmpeg({ ...base, env: { PATH: env.PATH }, bundledPath: null })).toMatchObject({ path: onPath, source: 'PATH' });
  });

  it('passes over a bundled binary that is missing, and records why', async () => {
    const onPath = stub('bin');
    const resolved = await resolveFfmpeg({ env: { PATH: join(root, 'bin') }, platform: 'linux', bundledPath: join(root, 'gone', 'ffmpeg') });
    expect(resolved.path).toBe(onPath);
    expect(resolved.skipped).toEqual([{ path: join(root, 'gone', 'ffmpeg'), source: 'bundled ffmpeg-static', reason: 'missing' }]);
  });

  it('skips PATH entries that are not executable, relative or empty', async () => {
    stub('noexec', 'ffmpeg', 0o644);
    const good = stub('good');
    const env = { PATH: ['', 'relative/bin', join(root, 'noexec'), join(root, 'good')].join(':') };
    expect(await locateFfmpegCandidates({ env, platform: 'linux', bundledPath: null })).toEqual([{ path: good, source: 'PATH' }]);
  });
});

describe('resolveFfmpeg: a path the user set is never skipped silently', () => {
  it('a missing user setting is an error naming the path, even with ffmpeg on PATH', async () => {
    stub('bin');
    const missing = join(root, 'nope', 'ffmpeg');
    const err = await rejection(resolveFfmpeg({ userPath: missing, env: { PATH: join(root, 'bin') }, platform: 'linux', bundledPath: null }));
    expect(err.kind).toBe('ffmpeg');
    expect(err.code).toBe('ffmpeg_not_found');
    expect(err.message).toContain(missing);
    expect(err.message).toContain('settings');
  });

  it('a missing FFMPEG_PATH is an error naming the path and the variable', async () => {
    stub('bin');
    const missing = join(root, 'nope', 'ffmpeg');
    const err = await rejection(resolveFfmpeg({ env: { FFMPEG_PATH: missing, PATH: join(root, 'bin') }, platform: 'linux', bundledPath: null }));
    expect(err.code).toBe('ffmpeg_not_found');
    expect(err.message).toContain(missing);
    expect(err.message).toContain('FFMPEG_PATH');
  });

  it('a folder or a non-executable file is named with the fix', async () => {
    const dir = join(root, 'folder');
    mkdirSync(dir);
    const folderErr = await rejection(resolveFfmpeg({ userPath: dir, env: {}, platform: 'linux', bundledPath: null }));
    expect(folderErr.message).toContain(`${dir} (from the ffmpeg path in settings) is a folder`);
    expect(folderErr.message).toContain(join(dir, 'ffmpeg'));
    const noexec = stub('x', 'ffmpeg', 0o644);
    const execErr = await rejection(resolveFfmpeg({ env: { FFMPEG_PATH: noexec }, platform: 'linux', bundledPath: null }));
    expect(execErr.message).toContain(`chmod +x ${noexec}`);
  });
});

describe('resolveFfmpeg: nothing anywhere', () => {
  it.each([
    ['linux', 'sudo apt install ffmpeg'],
    ['darwin', 'brew install ffmpeg'],
    ['win32', 'winget install ffmpeg'],
  ] as const)('on %s says how to install ffmpeg', async (platform, hint) => {
    const err = await rejection(resolveFfmpeg({ env: { PATH: join(root, 'empty') }, platform, bundledPath: null }));
    expect(err.code).toBe('ffmpeg_not_found');
    expect(err.message).toContain(hint);
    expect(err.message).toContain('FFMPEG_PATH');
  });
});

// Windows paths cannot be opened on this Linux machine, so the Windows rules are checked on the pure search plan.
describe('pathSearchPlan: Windows rules', () => {
  it('honours PATHEXT order, skips .bat/.cmd that spawn cannot run, reads Path case-insensitively', () => {
    const env = { Path: 'C:\\Tools;"C:\\Program Files\\ffmpeg\\bin";;relative\\bin;C:\\Tools', PATHEXT: '.COM;.EXE;.BAT;.CMD' };
    expect(pathSearchPlan('ffmpeg', env, 'win32')).toEqual({
      folders: ['C:\\Tools', 'C:\\Program Files\\ffmpeg\\bin'],
      names: ['ffmpeg.com', 'ffmpeg.exe'],
    });
  });

  it('uses only the extensions PATHEXT lists, with the Windows default when it is unset', () => {
    expect(pathSearchPlan('ffmpeg', { PATH: 'C:\\x', PATHEXT: '.EXE' }, 'win32').names).toEqual(['ffmpeg.exe']);
    expect(pathSearchPlan('ffmpeg', { PATH: 'C:\\x', PATHEXT: '.CMD' }, 'win32').names).toEqual([]);
    expect(pathSearchPlan('ffmpeg', { PATH: 'C:\\x' }, 'win32').names).toEqual(['ffmpeg.com', 'ffmpeg.exe']);
  });

  it('on POSIX searches the bare name and splits on colons', () => {
    expect(pathSearchPlan('ffmpeg', { PATH: '/usr/local/bin::/usr/bin:bin', PATHEXT: '.EXE' }, 'linux')).toEqual({
      folders: ['/usr/local/bin', '/usr/bin'],
      names: ['ffmpeg'],
    });
  });
});

describe('bundled ffmpeg-static and ffprobe', () => {
  it('reports the ffmpeg-static binary only when the optional package is installed', () => {
    let installed = true;
    try {
      createRequire(import.meta.url).resolve('ffmpeg-static');
    } catch {
      installed = false;
    }
    // On the offline development and CI machines the package is absent: the lookup must say null, not throw.
    if (installed) expect(typeof bundledFfmpegStaticPath()).toBe('string');
    else expect(bundledFfmpegStaticPath()).toBeNull();
  });

  it('points a path inside app.asar at the unpacked copy', () => {
    expect(asarUnpackedPath('/opt/App/resources/app.asar/node_modules/ffmpeg-static/ffmpeg')).toBe(
      '/opt/App/resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg',
    );
    expect(asarUnpackedPath('C:\\App\\resources\\app.asar\\node_modules\\ffmpeg-static\\ffmpeg.exe')).toBe(
      'C:\\App\\resources\\app.asar.unpacked\\node_modules\\ffmpeg-static\\ffmpeg.exe',
    );
    expect(asarUnpackedPath('/opt/App/resources/app.asar.unpacked/ffmpeg')).toBe('/opt/App/resources/app.asar.unpacked/ffmpeg');
  });

  it('finds ffprobe beside ffmpeg, or says null', async () => {
    const ffmpeg = stub('bin');
    expect(await findFfprobeBeside(ffmpeg, 'linux')).toBeNull();
    const ffprobe = stub('bin', 'ffprobe');
    expect(await findFfprobeBeside(ffmpeg, 'linux')).toBe(ffprobe);
  });
});
