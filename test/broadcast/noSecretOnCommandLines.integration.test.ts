// Issue 10 item 1: while a real push runs (explicit SRT URL with a stream key and a passphrase), neither is on any
// process's command line (any local user reads /proc/PID/cmdline) and in none of the app's children's environments,
// while a real libsrt listener accepts the exact stream id and decrypts the stream.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FfmpegProbe } from '../../src/shared/ffmpegCapabilities';
import { Broadcast } from '../../src/main/broadcast/broadcast';
import { discoverFfmpeg } from '../../src/main/ffmpeg/probeFfmpeg';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import { SENDER_STREAM_ID_PLACEHOLDER } from '../../src/main/srt/packets/streamIdRewrite';
import { commandLinesShowing, environmentsShowing } from '../support/processes';
import { killAllSrtTestListeners, SrtTestListener } from '../support/srtListener';
import { testPushConfig } from '../support/testPushConfig';

let probe: FfmpegProbe;
let dir: string;
beforeAll(async () => {
  probe = await discoverFfmpeg({ env: process.env, platform: 'linux' });
  dir = await mkdtemp(join(tmpdir(), 'srtc-argv-'));
});
afterAll(async () => {
  await killAllSrtTestListeners();
  await rm(dir, { recursive: true, force: true });
});

describe.each(['engine', 'ffmpeg'] as const)('a push with a stream key, SRT sent by the %s', (srtSender) => {
  it('keeps the key off every command line and child environment while the listener receives the exact id', async () => {
    // Unique on this machine, so no other test's process can match it; '+', '&' and '%' are kept verbatim too.
    const key = `SECRETKEY${randomBytes(8).toString('hex')}`;
    const streamId = `101#${key}+a%2F`;
    const passphrase = 'argv-test-pass-1618';
    const listener = await SrtTestListener.start({ latencyMs: 200, passphrase });
    const config = testPushConfig({ kind: 'urls', primary: `srt://127.0.0.1:${listener.port}?streamid=${streamId}&passphrase=${passphrase}` });
    const broadcast = new Broadcast(config, { probe, platform: 'linux', recordDir: dir, x265Preset: 'ultrafast', tuning: { srtSender } });
    try {
      await broadcast.start();
      await listener.waitFor(() => listener.bytesReceived > 50_000, 30_000, 'decrypted payload at the listener');
      expect(listener.acceptedStreamIds).toEqual([streamId]);
      expect(listener.latestStats?.pktRcvUndecryptTotal ?? 0).toBe(0);

      const children = listManagedProcesses();
      // The engine's own sender is no process; a libsrt sender is one more child.
      expect(children.map((p) => p.name).sort()).toEqual(srtSender === 'engine' ? ['encoder', 'monitor'] : ['encoder', 'monitor', 'sender-primary']);
      for (const secret of [key, passphrase]) {
        expect(await commandLinesShowing(secret)).toEqual([]);
        expect(await environmentsShowing(children.map((p) => p.pid), secret)).toEqual([]);
      }
      if (srtSender === 'ffmpeg') {
        // The scan does read the sender's command line: it holds the placeholder the tap replaces.
        const sender = children.find((p) => p.name === 'sender-primary')!.pid;
        expect(await commandLinesShowing(SENDER_STREAM_ID_PLACEHOLDER)).toContain(sender);
      }
    } finally {
      await broadcast.stop();
    }
  }, 60_000);
});
