// Killing any part of a broadcast (the encoder, a libsrt sender, a listener) leaves no orphaned process behind.
import { until } from '../support/waitUntil';
import { isAlive } from '../support/processes';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BroadcastEvent } from '../../src/shared/broadcastTypes';
import type { Broadcast } from '../../src/main/broadcast/broadcast';
import { startBroadcast } from '../support/startBroadcast';
import { discoverFfmpeg } from '../../src/main/ffmpeg/probeFfmpeg';
import { listManagedProcesses } from '../../src/main/process/managedProcess';
import { SrtTestListener } from '../support/srtListener';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  expect(listManagedProcesses()).toEqual([]);
});



async function broadcast(primary: SrtTestListener, backup: SrtTestListener, srtSender: 'engine' | 'ffmpeg' = 'engine') {
  const probe = await discoverFfmpeg({ env: process.env, platform: 'linux' });
  const handle: Broadcast = await startBroadcast(
    {
      target: { kind: 'urls', primary: `srt://127.0.0.1:${primary.port}?streamid=7#k1`, backup: `srt://127.0.0.1:${backup.port}?streamid=7b#k1` },
      input: { kind: 'testsrc' },
      audio: { kind: 'tone' },
      width: 640,
      height: 360,
      fps: 30,
      bitrateKbps: 600,
      keyintSeconds: 2,
      encoder: 'libx265',
      latencyMs: 200,
      mode: 'failover',
    },
    { probe, platform: 'linux', recordDir: await mkdtemp(join(tmpdir(), 'srtc-kill-')), x265Preset: 'ultrafast', tuning: { failover: { primaryRetryMinIntervalMs: 2000 }, srtSender } },
  );
  cleanups.push(() => handle.stop());
  const events: BroadcastEvent[] = [];
  handle.on('event', (e) => events.push(e));
  return { handle, events };
}

function pidsOf(name: string): number[] {
  return listManagedProcesses()
    .filter((p) => p.name === name && p.pid !== undefined)
    .map((p) => p.pid!);
}

describe('killing parts of a broadcast', () => {
  it('encoder killed: it is started again while the SRT session carries on; stop leaves no orphan', async () => {
    const primary = await SrtTestListener.start({ latencyMs: 200 });
    const backup = await SrtTestListener.start({ latencyMs: 200 });
    cleanups.push(() => primary.stop(), () => backup.stop());
    const { handle, events } = await broadcast(primary, backup);
    await until(() => primary.bytesReceived > 50_000, 20_000, 'bytes at the primary');
    const [encoder] = pidsOf('encoder');
    process.kill(encoder!, 'SIGKILL');
    await until(() => events.some((e) => e.kind === 'encoder-restarted'), 10_000, 'the encoder-restarted event');
    const before = primary.bytesReceived;
    await until(() => primary.bytesReceived > before + 50_000, 20_000, 'the restarted encoder’s bytes at the primary');
    expect(isAlive(encoder)).toBe(false);
    expect(pidsOf('encoder')).toHaveLength(1);
    // One SRT session from start to end: the ingest never saw a reconnect.
    expect(primary.acceptedStreamIds).toEqual(['7#k1']);
    expect(primary.disconnects).toBe(0);
    await handle.stop();
    expect(listManagedProcesses()).toEqual([]);
  }, 60_000);

  it('encoder killed with libsrt senders: it is started again while every sender keeps running; stop leaves no orphan', async () => {
    const primary = await SrtTestListener.start({ latencyMs: 200 });
    const backup = await SrtTestListener.start({ latencyMs: 200 });
    cleanups.push(() => primary.stop(), () => backup.stop());
    const { handle, events } = await broadcast(primary, backup, 'ffmpeg');
    await until(() => primary.bytesReceived > 50_000, 20_000, 'bytes at the primary');
    const senders = pidsOf('sender-primary');
    expect(senders).toHaveLength(1);
    const [encoder] = pidsOf('encoder');
    process.kill(encoder!, 'SIGKILL');
    await until(() => events.some((e) => e.kind === 'encoder-restarted'), 10_000, 'the encoder-restarted event');
    expect(isAlive(encoder)).toBe(false);
    expect(pidsOf('encoder')).toHaveLength(1);
    expect(pidsOf('sender-primary')).toEqual(senders);
    await handle.stop();
    for (const pid of senders) expect(isAlive(pid)).toBe(false);
    expect(listManagedProcesses()).toEqual([]);
  }, 60_000);

  it('libsrt sender killed: the uplink is reported down and the backup takes over; no orphan', async () => {
    const primary = await SrtTestListener.start({ latencyMs: 200 });
    const backup = await SrtTestListener.start({ latencyMs: 200 });
    cleanups.push(() => primary.stop(), () => backup.stop());
    const { handle, events } = await broadcast(primary, backup, 'ffmpeg');
    await until(() => primary.bytesReceived > 50_000, 20_000, 'bytes at the primary');
    const [sender] = pidsOf('sender-primary');
    process.kill(sender!, 'SIGKILL');
    await until(() => backup.bytesReceived > 0, 10_000, 'the backup taking over');
    expect(events.find((e) => e.kind === 'failover')?.detail).toMatch(/primary/);
    expect(isAlive(sender)).toBe(false);
    await handle.stop();
    expect(listManagedProcesses()).toEqual([]);
  }, 60_000);

  it('listener killed: detected without waiting for libsrt, backup takes over', async () => {
    const primary = await SrtTestListener.start({ latencyMs: 200 });
    const backup = await SrtTestListener.start({ latencyMs: 200 });
    cleanups.push(() => primary.stop(), () => backup.stop());
    const { handle, events } = await broadcast(primary, backup);
    await until(() => primary.bytesReceived > 50_000, 20_000, 'bytes at the primary');
    await primary.kill();
    await until(() => backup.bytesReceived > 0, 10_000, 'the backup taking over');
    await until(() => events.some((e) => e.kind === 'failover'), 10_000, 'the failover once the grace time has passed');
    await handle.stop();
    expect(listManagedProcesses()).toEqual([]);
  }, 60_000);
});
