// The Gcore ingest model with real ffmpeg callers and real libsrt listeners on 127.0.0.1: admission, a second caller,
// a refused key, the rate limit, the idle drop, and a blackholed primary turned into a viewer report.

import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GcoreIngest, type GcoreIngestOptions } from '../support/gcoreIngest/gcoreIngest';
import { killAllSrtTestListeners } from '../support/srtListener';
import { until } from '../support/waitUntil';
import { encodeTestPattern, FfmpegSender, stopAllSenders } from './ffmpegSender';

const STREAM_ID = '123#08cd54f0';
const BACKUP_STREAM_ID = '123b#08cd54f0';

const ingests: GcoreIngest[] = [];
afterEach(async () => {
  await stopAllSenders();
  await Promise.all(ingests.splice(0).map((i) => i.close()));
  await killAllSrtTestListeners();
});

async function startIngest(options: GcoreIngestOptions = {}): Promise<GcoreIngest> {
  const ingest = await GcoreIngest.start(options);
  ingests.push(ingest);
  return ingest;
}

/** Waits until `role` of `ingest` receives data (the model's live flag). */
async function untilLive(ingest: GcoreIngest, role: 'live' | 'backup_live'): Promise<void> {
  await until(() => ingest.liveState()[role], 15_000, () => `${role} (stats ${JSON.stringify(ingest.primary.stats())})`);
}

describe('GcoreIngest endpoints with real ffmpeg and libsrt', () => {
  it('admits a caller, reads its stream id and latency, counts its data, and sees its SHUTDOWN', async () => {
    const ingest = await startIngest();
    const sender = FfmpegSender.start({ url: ingest.primary.url, streamId: STREAM_ID });
    await untilLive(ingest, 'live');
    await ingest.primary.listener.waitFor(() => ingest.primary.listener.bytesReceived > 10_000, 15_000, 'payload');
    expect(ingest.primary.listener.acceptedStreamIds).toEqual([STREAM_ID]);
    expect(ingest.primary.streamIdsSeen).toEqual([STREAM_ID]);
    expect(ingest.liveState()).toEqual({ live: true, backup_live: false });
    expect(ingest.primary.stats().dataPackets).toBeGreaterThan(10);
    const session = ingest.report().sessions[0];
    expect(session).toMatchObject({ role: 'primary', latencyMs: 200, endedAtMs: null }); // agreed latency from HSRSP
    expect(ingest.report().events.map((e) => [e.kind, e.to])).toEqual([['start', 'primary']]);

    await sender.stop();
    await until(() => !ingest.liveState().live, 3000, 'live to turn false after the SHUTDOWN');
    expect(ingest.report().sessions[0]?.endReason).toBe('shutdown-by-sender');
  });

  it('ignores a second caller on a busy URL silently: it times out, the first one is undisturbed', async () => {
    const ingest = await startIngest();
    FfmpegSender.start({ url: ingest.primary.url, streamId: STREAM_ID });
    await untilLive(ingest, 'live');
    const second = FfmpegSender.start({ url: ingest.primary.url, streamId: STREAM_ID });
    const exit = await second.exited;
    // Silence, not a rejection: ffmpeg gives up only at libsrt's 3 s connect timeout.
    expect(exit.code).not.toBe(0);
    expect(exit.atMs - second.startedAtMs).toBeGreaterThan(2500);
    expect(second.stderrTail()).not.toMatch(/reject/i);
    expect(ingest.primary.stats().droppedBusy).toBeGreaterThan(0);
    expect(ingest.report().ignoredAttempts).toMatchObject([{ role: 'primary', reason: 'busy' }]);
    expect(ingest.primary.listener.acceptedStreamIds).toEqual([STREAM_ID]);
    expect(ingest.primary.listener.disconnects).toBe(0);
    expect(ingest.liveState().live).toBe(true);
  });

  it('refuses a wrong key with an SRT rejection that ffmpeg reports at once; a retry sooner than 10 s is dropped', async () => {
    const ingest = await startIngest({ expectedStreamIds: { primary: STREAM_ID } });
    const wrong = FfmpegSender.start({ url: ingest.primary.url, streamId: '123#wrongkey' });
    const exit = await wrong.exited;
    expect(exit.code).not.toBe(0);
    expect(exit.atMs - wrong.startedAtMs).toBeLessThan(2500); // well before the 3 s connect timeout
    expect(wrong.stderrTail()).toMatch(/REJECT/); // libsrt: "processAsyncConnectRequest: REJECT reported from HS processing"
    expect(ingest.primary.rejectionsSent).toMatchObject([{ code: 2403 }]);
    expect(ingest.primary.listener.acceptedStreamIds).toEqual([]);
    expect(ingest.report().sessions.map((s) => s.endReason)).toEqual(['refused']);

    // The rate limiter counts the refused attempt: the right key, right away, gets no answer.
    const retry = FfmpegSender.start({ url: ingest.primary.url, streamId: STREAM_ID });
    const retryExit = await retry.exited;
    expect(retryExit.atMs - retry.startedAtMs).toBeGreaterThan(2500);
    expect(ingest.report().ignoredAttempts).toMatchObject([{ role: 'primary', reason: 'rate-limited' }]);
    expect(ingest.primary.listener.acceptedStreamIds).toEqual([]);

    // refuseKey() on the backup: the fault switch, any key.
    ingest.backup.refuseKey();
    const refused = FfmpegSender.start({ url: ingest.backup.url, streamId: BACKUP_STREAM_ID });
    expect((await refused.exited).atMs - refused.startedAtMs).toBeLessThan(2500);
    expect(ingest.backup.rejectionsSent).toMatchObject([{ code: 2403 }]);
  });

  describe('idle drop', () => {
    const tsFile = join(tmpdir(), `gcore-ingest-${process.pid}.ts`);
    beforeAll(() => encodeTestPattern(tsFile, 2));
    afterAll(() => rm(tsFile, { force: true }));

    it('cuts a connection that stays up (keepalives) but carries no data for idleDropMs', async () => {
      const idleDropMs = 1000;
      const ingest = await startIngest({ rules: { idleDropMs } });
      const sender = FfmpegSender.start({ url: ingest.primary.url, streamId: STREAM_ID, input: 'stdin' });
      sender.child.stdin?.write(await readFile(tsFile)); // 2 s of stream, then nothing (stdin stays open)
      await untilLive(ingest, 'live');
      await until(() => ingest.primary.stats().idleDrops === 1, 10_000, 'the front to cut the idle connection');
      const session = ingest.report().sessions[0];
      const lastDataMs = session?.data.at(-1)?.toMs ?? NaN;
      expect(session?.endedAtMs).toBe(lastDataMs + idleDropMs);
      expect(session?.endReason).toBe('idle');
      expect(ingest.liveState().live).toBe(false);
      // The cut reaches the listener at once (a SHUTDOWN on the caller's behalf), not after libsrt's 5 s peer-idle timeout.
      await ingest.primary.listener.waitFor(() => ingest.primary.listener.disconnects === 1, 2000, 'the listener to see the cut');
      expect(sender.exitStatus).toBeNull(); // ffmpeg only notices when it next writes
    });
  });

  it('a hard outage ends the connection at once (live false) and frees the listener; the caller hears nothing', async () => {
    const ingest = await startIngest();
    const sender = FfmpegSender.start({ url: ingest.primary.url, streamId: STREAM_ID });
    await untilLive(ingest, 'live');
    ingest.primary.outage(true);
    expect(ingest.liveState().live).toBe(false);
    expect(ingest.report().sessions[0]?.endReason).toBe('outage');
    await ingest.primary.listener.waitFor(() => ingest.primary.listener.disconnects === 1, 2000, 'the listener to be freed');
    await until(() => ingest.primary.stats().droppedByFault > 10, 3000, 'the caller to keep sending into the outage');
    expect(sender.exitStatus).toBeNull(); // no SHUTDOWN reached it: it only finds out after libsrt's peer-idle timeout
  });

  it('a 5 s blackhole of the primary while the backup pushes: idle drop, switch, and the 90 s viewer report', async () => {
    // Gcore's figures except the start gap, so viewers have a picture before the fault (2–5 s documented, 1 s here).
    const ingest = await startIngest({ rules: { startGapMs: 1000 } });
    FfmpegSender.start({ url: ingest.primary.url, streamId: STREAM_ID });
    await untilLive(ingest, 'live');
    FfmpegSender.start({ url: ingest.backup.url, streamId: BACKUP_STREAM_ID });
    await untilLive(ingest, 'backup_live');
    await until(() => ingest.report().totals.firstPictureAtMs !== null, 5000, 'the first picture');
    const blackholedAtMs = performance.now();
    ingest.primary.blackhole(5000);
    await until(() => !ingest.liveState().live, 6000, 'the primary to be dropped');
    const droppedAfterMs = performance.now() - blackholedAtMs;
    expect(droppedAfterMs).toBeGreaterThan(2500);
    expect(droppedAfterMs).toBeLessThan(4500);
    expect(ingest.liveState()).toEqual({ live: false, backup_live: true });

    const report = ingest.report(performance.now() + 90_000); // the backup keeps pushing meanwhile
    expect(report.totals.switches).toBe(1);
    expect(report.events.map((e) => e.to)).toEqual(['primary', 'backup']);
    // ≈ 3 s missing − 200 ms latency, then the 15 s switch gap; small spurious data gaps would add a little.
    const trace = JSON.stringify({ noPicture: report.noPicture, sessions: report.sessions, t0: blackholedAtMs });
    expect(report.totals.noPictureMs, trace).toBeGreaterThanOrEqual(2800 + 15_000 - 0.001); // clock values are fractional
    expect(report.totals.noPictureMs, trace).toBeLessThan(2800 + 15_000 + 1000);
    expect(report.sessions.find((s) => s.role === 'primary')?.endReason).toBe('idle');
  });
});
