// `srt-companion push --input file:PATH` as a subprocess with real ffmpeg and a real SRT listener: a file played once
// goes out as it is and the push ends by itself with "the file has ended" (exit 0); bad files are refused (exit 3)
// with one sentence each before anything starts.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SrtTestListener } from '../support/srtListener';
import { makeTestMedia } from '../support/testMediaFiles';
import { probeStreams } from '../support/ffmpegTestSupport';
import { runCliProcess } from './runCliProcess';

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'srtc-push-file-'));
  env = { ...process.env, SRT_COMPANION_CONFIG_DIR: dir, SRT_COMPANION_KEYCHAIN_SERVICE: `srt-companion-push-file-${process.pid}`, SRT_COMPANION_X265_PRESET: 'ultrafast' };
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const push = (args: string[]) => runCliProcess(['push', ...args], { env });

describe('push --input file:PATH', () => {
  it('--once sends an HEVC + AAC file as it is and ends by itself when the file does (exit 0, with the reason)', async () => {
    const file = await makeTestMedia(dir, 'intro.mp4', { video: 'hevc', seconds: 2, audio: 'aac' });
    const outputFile = join(dir, 'ingest.ts');
    const listener = await SrtTestListener.start({ latencyMs: 200, outputFile });
    try {
      const reportFile = join(dir, 'report.json');
      const run = await push(['--primary', `srt://127.0.0.1:${listener.port}?streamid=intro`, '--input', `file:${file}`, '--once', '--latency', '200', '--report', reportFile]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`File ${file}: HEVC 640x360, 30 fps, 0:02,`);
      expect(run.stdout).toContain('AAC sound, keyframes every 1.0 s; played once, the broadcast ends with it.');
      expect(run.stdout).toMatch(/source: The file's HEVC video is sent as it is \(no re-encoding\): the size, frame rate, bitrate and keyframe settings do not apply\./);
      expect(run.stdout).toContain('Pushing the file as it is (stream copy) to');
      expect(run.stdout).toMatch(/source: the file has ended/);
      expect(run.stdout).toMatch(/stopped \(the file has ended\)/);
      // The bitrate aimed at is the file's own (--bitrate does not apply to a file sent as it is), not the default 2500.
      const fileKbps = Number(/, (\d+) kbps, AAC sound/.exec(run.stdout)?.[1]);
      expect(JSON.parse(await readFile(reportFile, 'utf8'))).toMatchObject({ finalState: 'stopped', reason: 'the file has ended', targetKbps: fileKbps });
      expect(fileKbps).toBeGreaterThan(100);
    } finally {
      await listener.stop();
    }
    expect((await probeStreams(outputFile)).map((s) => s.codec_name).sort()).toEqual(['aac', 'hevc']);
  }, 60_000);

  it('refuses a missing file, a folder, a text file and a sound-only file (exit 3, one sentence, nothing started)', async () => {
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'hello\n');
    await mkdir(join(dir, 'clips'), { recursive: true });
    const sound = await makeTestMedia(dir, 'sound.m4a', { video: 'none', seconds: 1, audio: 'aac' });
    for (const [path, message] of [
      [join(dir, 'gone.mp4'), `No file ${join(dir, 'gone.mp4')}: check the path`],
      [join(dir, 'clips'), 'clips is a folder, not a file'],
      [text, 'notes.txt is not a video file ffmpeg can read'],
      [sound, 'sound.m4a has only sound, no video stream'],
    ] as const) {
      const run = await push(['--primary', 'srt://127.0.0.1:9?streamid=x', '--input', `file:${path}`, '--loop', '--latency', '200']);
      expect(run.code, path).toBe(3);
      expect(run.stderr).toContain(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 60_000);
});
