// fluent-ffmpeg behind one module: each binary gets its own answer, even though fluent caches globally.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/appError';
import { listEncoders, listFormats } from '../../src/main/ffmpeg/fluentCapabilities';
import { systemFfmpeg, writeFilteringWrapper } from './fakeBinaries';

let dir: string;
let realFfmpeg: string;
let noX265: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fluent-caps-'));
  realFfmpeg = await systemFfmpeg();
  // Stands in for a build without libx265: the real ffmpeg with libx265 removed from -encoders.
  noX265 = writeFilteringWrapper(dir, 'ffmpeg-no-x265', realFfmpeg, '-encoders', ' libx265 ');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('listEncoders / listFormats', () => {
  it('reads the system build', async () => {
    const encoders = await listEncoders(realFfmpeg, 10_000);
    expect(encoders.get('libx265')).toMatchObject({ type: 'video', description: expect.stringContaining('HEVC') });
    expect(encoders.get('aac')).toMatchObject({ type: 'audio' });
    const formats = await listFormats(realFfmpeg, 10_000);
    expect(formats.get('mpegts')).toMatchObject({ canMux: true, canDemux: true });
  });

  it('answers for the binary asked about, one after another and at once (fluent alone would reuse the first answer)', async () => {
    expect((await listEncoders(realFfmpeg, 10_000)).has('libx265')).toBe(true);
    expect((await listEncoders(noX265, 10_000)).has('libx265')).toBe(false);
    const [a, b] = await Promise.all([listEncoders(noX265, 10_000), listEncoders(realFfmpeg, 10_000)]);
    expect(a.has('libx265')).toBe(false);
    expect(b.has('libx265')).toBe(true);
  });

  it('turns a binary that cannot be run into an AppError naming it', async () => {
    const missing = join(dir, 'absent-ffmpeg');
    const err = await listEncoders(missing, 10_000).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'ffmpeg_unusable' });
    expect((err as AppError).message).toContain(missing);
  });
});
