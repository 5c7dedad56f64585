// The file check before going live, with real ffmpeg on files made on the fly: each file that cannot be the source is
// refused with its own sentence, and an HEVC file whose keyframes are too far apart is encoded instead, with the fix.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMediaFile } from '../../src/main/capture/checkMediaFile';
import { Broadcast } from '../../src/main/broadcast/broadcast';
import { discoverFfmpeg } from '../../src/main/ffmpeg/probeFfmpeg';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import { makeTestMedia } from '../support/testMediaFiles';
import { testPushConfig } from '../support/testPushConfig';

let dir = '';
const ffmpegPath = 'ffmpeg';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'srtc-check-file-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('checkMediaFile', () => {
  it('refuses a missing file, a folder, a text file and a sound-only file, each with its own sentence', async () => {
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'not a video\n');
    const folder = join(dir, 'clips');
    await mkdir(folder);
    const sound = await makeTestMedia(dir, 'sound.m4a', { video: 'none', seconds: 1, audio: 'aac' });
    const cases: Array<[string, string, RegExp]> = [
      [join(dir, 'gone.mp4'), 'file_not_found', /^No file .*gone\.mp4: check the path/],
      [folder, 'file_is_directory', /clips is a folder, not a file: pick a video file inside it\.$/],
      [text, 'file_not_media', /notes\.txt is not a video file ffmpeg can read \(Invalid data found when processing input\): pick a video file/],
      [sound, 'file_no_video', /sound\.m4a has only sound, no video stream: Gcore takes no audio-only live stream; pick a video file\.$/],
    ];
    for (const [path, code, message] of cases) {
      const err = await checkMediaFile(path, { ffmpegPath }).catch((e: unknown) => e);
      expect(err, path).toMatchObject({ kind: 'input', code, field: 'input' });
      expect((err as Error).message).toMatch(message);
    }
  }, 30_000);

  it('sends HEVC + AAC with 1 s keyframes as it is, and says the picture settings do not apply', async () => {
    const file = await makeTestMedia(dir, 'good.mp4', { video: 'hevc', seconds: 3, audio: 'aac' });
    const check = await checkMediaFile(file, { ffmpegPath });
    expect(check.playback).toEqual({ copyVideo: true, audio: 'copy' });
    expect(check.summary).toMatchObject({ videoCodec: 'hevc', width: 640, height: 360, fps: 30, audioCodec: 'aac', durationS: 3 });
    expect(check.summary.keyframeIntervalS).toBeCloseTo(1, 1);
    expect(check.notes[0]).toMatch(/sent as it is .*do not apply/);
  }, 30_000);

  it('encodes an HEVC file with keyframes only every 6 s (Gcore wants 1–2 s), and gives the command that fixes the file', async () => {
    const file = await makeTestMedia(dir, 'long-gop.mkv', { video: 'hevc', seconds: 7, keyintFrames: 180 });
    const check = await checkMediaFile(file, { ffmpegPath });
    expect(check.playback).toEqual({ copyVideo: false, audio: 'none' });
    expect(check.notes.join('\n')).toMatch(/encoded with the chosen encoder because it has keyframes only every 6\.0 s/);
    expect(check.notes.join('\n')).toMatch(/re-encode it once: ffmpeg -i ".*long-gop\.mkv" .*keyint=60.*long-gop-gcore\.mp4"/);
    expect(check.notes.join('\n')).toMatch(/no sound: the chosen audio source is sent with it/);
  }, 40_000);

  it('refuses a missing file at the broadcast\'s door: start rejects before any process exists', async () => {
    const probe = await discoverFfmpeg({ env: process.env, platform: 'linux' });
    const broadcast = new Broadcast(testPushConfig({ kind: 'urls', primary: 'srt://127.0.0.1:9?streamid=x' }, { input: { kind: 'file', path: join(dir, 'missing.mp4'), loop: true } }), {
      probe, platform: 'linux', recordDir: dir, monitorOutput: false,
    });
    await expect(broadcast.start()).rejects.toMatchObject({ code: 'file_not_found' });
    const end = await broadcast.ended;
    expect(end).toMatchObject({ state: 'failed', reason: 'start-failed' });
    expect(end.detail).toMatch(/^No file .*missing\.mp4/);
    expect(listManagedProcesses()).toEqual([]);
  }, 30_000);
});
