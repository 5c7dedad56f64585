// The end of a broadcast reaches the ingest: on Stop every byte the sender was given is delivered (the receiver would
// drop what it still holds within the SRT latency when SHUTDOWN comes) and the stream ends on a whole frame. Real
// ffmpeg, real libsrt listener; SRT latency 1000 ms so the tail at stake is a second of the show.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverFfmpeg } from '../../src/main/ffmpeg/probeFfmpeg';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import { SrtTestListener } from '../support/srtListener';
import { startBroadcast } from '../support/startBroadcast';
import { testPushConfig } from '../support/testPushConfig';
import { continuityBreaks } from '../support/tsContinuityCheck';
import { until } from '../support/waitUntil';

const run = promisify(execFile);
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  expect(listManagedProcesses()).toEqual([]);
});

describe('the end of a broadcast', () => {
  it.each(['engine', 'ffmpeg'] as const)('delivers everything the %s sender was given, ending on a whole frame, before the session closes', async (srtSender) => {
    const dir = await mkdtemp(join(tmpdir(), 'srtc-tail-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const outputFile = join(dir, 'ingest.ts');
    const listener = await SrtTestListener.start({ latencyMs: 1000, outputFile });
    cleanups.push(() => listener.stop());
    const probe = await discoverFfmpeg({ env: process.env, platform: 'linux' });
    let givenToSender = 0;
    const broadcast = await startBroadcast(
      testPushConfig({ kind: 'urls', primary: `srt://127.0.0.1:${listener.port}?streamid=5#tail` }, { latencyMs: 1000, audio: { kind: 'tone' } }),
      { probe, platform: 'linux', recordDir: dir, x265Preset: 'ultrafast', tuning: { srtSender }, observe: { senderInput: (_role, chunk) => (givenToSender += chunk.length) } },
    );
    cleanups.push(() => broadcast.stop());
    await until(() => broadcast.state === 'live' && listener.bytesReceived > 200_000, 20_000, 'on air with data at the listener');
    await broadcast.stop();
    await until(() => listener.disconnects > 0, 5_000, 'the session to close');
    await listener.stop();

    const recording = await readFile(outputFile);
    // Every byte given to the sender: the engine's sends its last TS packets as a short message; a libsrt sender
    // reads whole 1316-byte messages, so its last one is completed with null packets.
    expect(recording.length).toBe(srtSender === 'engine' ? givenToSender : Math.ceil(givenToSender / 1316) * 1316);
    expect(continuityBreaks(recording)).toEqual([]);
    // The last frame is whole: decoding the recording reports no error (a cut frame would).
    const { stderr } = await run('ffmpeg', ['-hide_banner', '-v', 'error', '-i', outputFile, '-f', 'null', '-']);
    expect(stderr).toBe('');
  }, 60_000);
});
