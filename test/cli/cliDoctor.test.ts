// `srt-companion doctor` as a subprocess: the real system ffmpeg, a stand-in for a build without libsrt, no ffmpeg at all.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemFfmpeg, writeFilteringWrapper } from '../ffmpeg/fakeBinaries';
import { runCliProcess } from './runCliProcess';

let dir: string;
let baseEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'srtc-doctor-'));
  baseEnv = { ...process.env, SRT_COMPANION_CONFIG_DIR: dir, SRT_COMPANION_KEYCHAIN_SERVICE: `srt-companion-doctor-${process.pid}` };
});

describe('doctor', () => {
  it('reports the system ffmpeg as able to broadcast, with libx265 working', async () => {
    const run = await runCliProcess(['doctor', '--json'], { env: baseEnv });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.ffmpeg.ok).toBe(true);
    expect(report.ffmpeg.value.srtOutput).toBe(true);
    expect(report.ffmpeg.value.hevcEncoders).toContainEqual(expect.objectContaining({ name: 'libx265', works: true }));
    expect(report.keychain).toEqual({ ok: true, value: { tokenStored: false } });
    expect(report.api).toBeNull();
  });

  it('refuses an ffmpeg without SRT with exit 4, naming the binary', async () => {
    // A wrapper around the real ffmpeg that hides `srt` from -protocols: it stands in for a build without libsrt.
    const noSrt = writeFilteringWrapper(dir, 'ffmpeg-without-srt', await systemFfmpeg(), '-protocols', '^ +srt$');
    const run = await runCliProcess(['doctor'], { env: { ...baseEnv, FFMPEG_PATH: noSrt } });
    expect(run.code).toBe(4);
    expect(run.stdout).toContain('FAIL ffmpeg');
    expect(run.stdout).toContain(noSrt);
    expect(run.stdout).toMatch(/SRT/);
  });

  it('says where the missing ffmpeg was expected', async () => {
    const run = await runCliProcess(['doctor'], { env: { ...baseEnv, FFMPEG_PATH: join(dir, 'no-such-ffmpeg') } });
    expect(run.code).toBe(4);
    expect(run.stdout).toContain(join(dir, 'no-such-ffmpeg'));
    expect(run.stdout).toContain('FFMPEG_PATH');
  });
});
