// TsFanout against real ffmpeg captures: GOP-cached starts that decode, aligned batches, bounded backpressure, throughput.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TsFanout, type FanoutSinkEvent } from '../../src/main/mpegts/tsFanout';
import { continuityBreaks, withoutContinuity } from '../support/tsContinuityCheck';
import { decodeFile, firstVideoPacketFlags, makeCapture, pidAt, randomChunks, scratchDir, seeded, writeBytes, type Capture } from './tsTestFixture';

let scratch: ReturnType<typeof scratchDir>;
let cap: Capture;

beforeAll(() => {
  scratch = scratchDir('srtc-fanout-');
  cap = makeCapture(scratch.dir, 'hevc', 7);
});
afterAll(() => scratch?.cleanup());

/** A sink that records every write; `accept` decides the return value (false = backpressure). */
function recorder(accept: () => boolean = () => true): { write: (b: Buffer) => boolean; writes: Buffer[]; bytes: () => Buffer } {
  const writes: Buffer[] = [];
  return {
    write: (b) => {
      writes.push(b);
      return accept();
    },
    writes,
    bytes: () => Buffer.concat(writes),
  };
}

function feed(f: TsFanout, data: Buffer, seed: number, maxChunk = 12_000): void {
  for (const c of randomChunks(data, maxChunk, seeded(seed))) f.push(c);
}

describe('TsFanout', () => {
  it('starts a sink added mid-stream at PAT/PMT + the last GOP, and its bytes decode from the first frame', () => {
    const f = new TsFanout();
    const primary = recorder();
    f.addSink('primary', primary.write, { fromGop: false });
    const cutAt = Math.floor(cap.bytes.length * 0.55);
    feed(f, cap.bytes.subarray(0, cutAt), 1);
    const backup = recorder();
    f.addSink('backup', backup.write, { fromGop: true });
    feed(f, cap.bytes.subarray(cutAt), 2);
    f.flush();

    expect(primary.bytes().equals(cap.bytes)).toBe(true);
    const b = backup.bytes();
    expect(pidAt(b, 0)).toBe(0); // PAT
    expect(pidAt(b, 188)).toBe(4096); // PMT
    // Everything from the keyframe before the cut point, no byte missing or repeated.
    const alignedCut = Math.floor(cutAt / 188) * 188;
    const kf = cap.videoKeyframePositions.filter((p) => p < alignedCut).at(-1)!;
    expect(b.subarray(376).equals(cap.bytes.subarray(kf))).toBe(true);
    expect(f.sinkStats('backup')).toMatchObject({ state: 'live', gopBytesWritten: 376 + alignedCut - kf, droppedBytes: 0 });

    const path = writeBytes(scratch.dir, 'backup-sink.ts', b);
    expect(firstVideoPacketFlags(path)).toMatch(/^K/);
    const decoded = decodeFile(path);
    expect(decoded.errors).toBe('');
    expect(decoded.status).toBe(0);
    const framesFromKf = cap.videoKeyframePositions.length - cap.videoKeyframePositions.indexOf(kf);
    expect(decoded.videoFrames).toBeGreaterThanOrEqual((framesFromKf - 1) * 50);
  });

  it('writes only whole, aligned packets, batched to at least 7 × 188 bytes', () => {
    const f = new TsFanout();
    const s = recorder();
    f.addSink('primary', s.write, { fromGop: false });
    feed(f, cap.bytes.subarray(0, 188 * 400 + 17), 3, 150); // tiny chunks
    f.flush();
    expect(s.writes.length).toBeGreaterThan(10);
    s.writes.forEach((w, i) => {
      expect(w.length % 188).toBe(0);
      expect(w[0]).toBe(0x47);
      if (i < s.writes.length - 1) expect(w.length).toBeGreaterThanOrEqual(7 * 188);
    });
    expect(s.bytes().equals(cap.bytes.subarray(0, 188 * 400))).toBe(true);
    expect(f.stats().packetizer.pendingBytes).toBe(17);
  });

  it('waits for the first keyframe when nothing is cached yet', () => {
    const f = new TsFanout();
    const s = recorder();
    f.addSink('primary', s.write, { fromGop: true });
    const firstKf = cap.videoKeyframePositions[0]!;
    f.push(cap.bytes.subarray(0, firstKf));
    f.flush();
    expect(s.writes).toHaveLength(0);
    expect(f.sinkStats('primary')).toMatchObject({ state: 'waitKeyframe', skippedBytes: firstKf });
    f.push(cap.bytes.subarray(firstKf, firstKf + 188 * 30));
    const b = s.bytes();
    expect(pidAt(b, 0)).toBe(0);
    expect(b.subarray(376).equals(cap.bytes.subarray(firstKf, firstKf + 188 * 30))).toBe(true);
    expect(f.sinkStats('primary')).toMatchObject({ state: 'live', skippedBytes: firstKf, gopBytesWritten: 376 + 188 * 30 });
  });

  it('never repeats bytes to a sink that starts while small pieces are still pending', () => {
    const f = new TsFanout();
    const early = recorder();
    const waiting = recorder();
    f.addSink('primary', early.write, { fromGop: false });
    f.addSink('backup', waiting.write, { fromGop: true });
    const end = cap.videoKeyframePositions[1]! + 188 * 40;
    for (let p = 0; p < end; p += 188) f.push(cap.bytes.subarray(p, p + 188)); // one packet per push: batches stay pending
    f.flush();
    expect(early.bytes().equals(cap.bytes.subarray(0, end))).toBe(true);
    const w = waiting.bytes();
    expect(w.subarray(376).equals(cap.bytes.subarray(cap.videoKeyframePositions[0]!, end))).toBe(true);
  });

  it('queues while a sink signals backpressure and flushes the queue in order when it drains', () => {
    const f = new TsFanout();
    let accept = true;
    const slow = recorder(() => accept);
    const fast = recorder();
    f.addSink('primary', slow.write, { fromGop: false });
    f.addSink('backup', fast.write, { fromGop: false });
    const part = cap.bytes.subarray(0, 188 * 3000);
    const chunks = randomChunks(part, 10_000, seeded(5));
    chunks.forEach((c, i) => {
      if (i === 3) accept = false;
      if (i === 20) {
        accept = true;
        expect(f.sinkStats('primary')!.state).toBe('congested');
        expect(f.sinkStats('primary')!.queuedBytes).toBeGreaterThan(0);
        f.sinkDrained('primary');
      }
      f.push(c);
    });
    f.flush();
    expect(slow.bytes().equals(part)).toBe(true);
    expect(fast.bytes().equals(part)).toBe(true);
    expect(f.sinkStats('primary')).toMatchObject({ state: 'live', droppedBytes: 0, queuedBytes: 0, congestions: 1 });
  });

  it('drops from a sink congested for too long, never stalls the other, and resumes it at a keyframe that decodes', () => {
    let nowMs = 0;
    const events: FanoutSinkEvent[] = [];
    const f = new TsFanout({ nowMs: () => nowMs, maxBackpressureMs: 1_000, onSinkEvent: (e) => events.push(e) });
    let accept = true;
    const slow = recorder(() => accept);
    const fast = recorder();
    f.addSink('primary', fast.write, { fromGop: false });
    f.addSink('backup', slow.write, { fromGop: false });
    const kfs = cap.videoKeyframePositions;
    // Congest the backup just after the first keyframe; let 1.5 s pass on the injected clock.
    f.push(cap.bytes.subarray(0, kfs[0]! + 188 * 20));
    accept = false;
    f.push(cap.bytes.subarray(kfs[0]! + 188 * 20, kfs[0]! + 188 * 40));
    nowMs = 1_500;
    f.push(cap.bytes.subarray(kfs[0]! + 188 * 40, kfs[0]! + 188 * 60));
    expect(f.sinkStats('backup')).toMatchObject({ state: 'dropping', drops: 1 });
    const writtenBeforeDrop = f.sinkStats('backup')!.bytesWritten;
    // It drains mid-GOP: nothing is written until the next keyframe.
    accept = true;
    const writesBeforeResume = slow.writes.length;
    f.sinkDrained('backup');
    f.push(cap.bytes.subarray(kfs[0]! + 188 * 60, kfs[1]! - 188 * 5));
    expect(f.sinkStats('backup')).toMatchObject({ state: 'waitKeyframe', bytesWritten: writtenBeforeDrop });
    feed(f, cap.bytes.subarray(kfs[1]! - 188 * 5), 6); // encoder-sized chunks: the next keyframe arrives in one of them
    f.flush();

    expect(fast.bytes().equals(cap.bytes)).toBe(true);
    const st = f.sinkStats('backup')!;
    expect(st.state).toBe('live');
    // Every live byte was either written once or counted as dropped; the snapshot adds PAT + PMT.
    expect(st.bytesWritten + st.droppedBytes).toBe(cap.bytes.length + 376);
    expect(st.droppedBytes).toBeGreaterThanOrEqual(kfs[1]! - (kfs[0]! + 188 * 40));
    expect(events.map((e) => `${e.role}:${e.kind}`)).toEqual(['primary:started', 'backup:started', 'backup:congested', 'backup:dropped', 'backup:resumed']);
    // The resumed part begins with PAT/PMT and the second keyframe, and decodes cleanly.
    const resumed = Buffer.concat(slow.writes.slice(writesBeforeResume));
    expect([pidAt(resumed, 0), pidAt(resumed, 188)]).toEqual([0, 4096]);
    expect(withoutContinuity(resumed.subarray(376)).equals(withoutContinuity(cap.bytes.subarray(kfs[1]!)))).toBe(true);
    // Its one SRT session sees no continuity-counter break where the dropped packets were.
    expect(continuityBreaks(Buffer.concat(slow.writes))).toEqual([]);
    const path = writeBytes(scratch.dir, 'resumed.ts', resumed);
    expect(firstVideoPacketFlags(path)).toMatch(/^K/);
    expect(decodeFile(path)).toMatchObject({ status: 0, errors: '' });
  });

  it('drops when the queue would exceed its bound', () => {
    const f = new TsFanout({ maxQueuedBytes: 50_000, nowMs: () => 0 });
    const s = recorder(() => false);
    f.addSink('primary', s.write, { fromGop: false });
    feed(f, cap.bytes.subarray(0, 188 * 2000), 9, 8_000);
    const st = f.sinkStats('primary')!;
    expect(st).toMatchObject({ state: 'dropping', writes: 1, drops: 1, queuedBytes: 0 });
    expect(st.bytesWritten + st.droppedBytes + f.stats().pendingBytes).toBe(188 * 2000);
  });

  it('isolates a sink whose write throws', () => {
    const f = new TsFanout();
    const good = recorder();
    f.addSink('primary', () => {
      throw new Error('EPIPE');
    }, { fromGop: false });
    f.addSink('backup', good.write, { fromGop: false });
    feed(f, cap.bytes.subarray(0, 188 * 500), 10);
    f.flush();
    expect(good.bytes().equals(cap.bytes.subarray(0, 188 * 500))).toBe(true);
    expect(f.sinkStats('primary')).toMatchObject({ state: 'failed', bytesWritten: 0, droppedBytes: 188 * 500 });
  });

  it('refuses a second sink for one role and reports final counters on removal', () => {
    const f = new TsFanout();
    const s = recorder();
    f.addSink('primary', s.write, { fromGop: false });
    expect(() => f.addSink('primary', s.write, { fromGop: true })).toThrow(/already attached/);
    f.push(cap.bytes.subarray(0, 188 * 100));
    expect(f.removeSink('primary')).toMatchObject({ bytesWritten: 188 * 100 });
    expect(f.removeSink('primary')).toBeUndefined();
    f.push(cap.bytes.subarray(188 * 100, 188 * 200));
    expect(s.bytes().length).toBe(188 * 100);
  });

  it('measures throughput of packetizer + cache + fan-out against Buffer.copy (reported, not asserted)', () => {
    const targetBytes = 20 * 1024 * 1024;
    const reps = Math.ceil(targetBytes / cap.bytes.length);
    const big = Buffer.concat(Array.from({ length: reps }, () => cap.bytes)).subarray(0, Math.floor(targetBytes / 188) * 188);
    const chunkBytes = 64 * 1024;
    const chunks: Buffer[] = [];
    for (let p = 0; p < big.length; p += chunkBytes) chunks.push(big.subarray(p, p + chunkBytes));

    const dst = Buffer.alloc(big.length); // touched up front so page faults are not timed
    let t0 = performance.now();
    let at = 0;
    for (const c of chunks) at += c.copy(dst, at);
    const copyMs = performance.now() - t0;

    const f = new TsFanout();
    let a = 0;
    let b = 0;
    f.addSink('primary', (buf) => ((a += buf.length), true), { fromGop: false });
    f.addSink('backup', (buf) => ((b += buf.length), true), { fromGop: false });
    t0 = performance.now();
    for (const c of chunks) f.push(c);
    f.flush();
    const fanoutMs = performance.now() - t0;

    expect(at).toBe(big.length);
    expect(a).toBe(big.length);
    expect(b).toBe(big.length);
    expect(f.stats().cache.keyframes).toBeGreaterThanOrEqual(reps * 3);
    const mbps = (ms: number): string => (big.length / 1e6 / (ms / 1000)).toFixed(0);
    console.log(
      `[throughput] ${(big.length / 1e6).toFixed(1)} MB in 64 KiB chunks: packetizer+GOP cache+2-sink fan-out ${mbps(fanoutMs)} MB/s ` +
        `(${fanoutMs.toFixed(1)} ms); Buffer.copy baseline ${mbps(copyMs)} MB/s (${copyMs.toFixed(1)} ms)`,
    );
  });
});

describe('TsFanout.restartInput (the encoder was restarted)', () => {
  it('ends the old stream on whole packets and starts every sink on the new stream’s first keyframe', () => {
    const f = new TsFanout();
    const live = recorder();
    f.addSink('primary', live.write, { fromGop: false });
    // The old encoder dies mid-GOP and mid-packet.
    const cutAt = Math.floor(cap.bytes.length * 0.4) + 77;
    feed(f, cap.bytes.subarray(0, cutAt), 3);
    f.restartInput();
    const beforeRestart = live.bytes().length;
    expect(beforeRestart).toBe(Math.floor(cutAt / 188) * 188); // the partial packet is dropped, nothing else
    expect(f.sinkStats('primary')?.state).toBe('waitKeyframe');
    // A sink added now must not get the dead encoder's GOP: it waits for the new stream's keyframe too.
    const late = recorder();
    f.addSink('backup', late.write, { fromGop: true });
    // The new encoder's output, from its first byte.
    feed(f, cap.bytes, 4);
    f.flush();

    const kf = cap.videoKeyframePositions[0]!;
    for (const sink of [live.bytes().subarray(beforeRestart), late.bytes()]) {
      expect(pidAt(sink, 0)).toBe(0); // PAT
      expect(pidAt(sink, 188)).toBe(4096); // PMT
      // The new stream's own packets from its keyframe on; only the continuity counters are carried on (below).
      expect(withoutContinuity(sink.subarray(376)).equals(withoutContinuity(cap.bytes.subarray(kf)))).toBe(true);
      const path = writeBytes(scratch.dir, `after-restart-${sink.length}.ts`, sink);
      expect(firstVideoPacketFlags(path)).toMatch(/^K/);
      expect(decodeFile(path).errors).toBe('');
    }
    expect(f.sinkStats('primary')).toMatchObject({ state: 'live' });
    // What the ingest gets on the primary's one SRT session: old stream, then the new one, with no counter break.
    expect(continuityBreaks(cap.bytes)).toEqual([]);
    expect(continuityBreaks(live.bytes())).toEqual([]);
  });

  it('lets a congested sink finish its queue of the old stream, then join the new one at a keyframe', () => {
    const f = new TsFanout({ minBatchBytes: 188 });
    let accept = true;
    const slow = recorder(() => accept);
    f.addSink('primary', slow.write, { fromGop: false });
    feed(f, cap.bytes.subarray(0, 188 * 300), 5);
    accept = false;
    f.push(cap.bytes.subarray(188 * 300, 188 * 301)); // this write is refused: the sink is congested
    f.push(cap.bytes.subarray(188 * 301, 188 * 310)); // queued
    f.restartInput();
    feed(f, cap.bytes.subarray(0, 188 * 20), 6); // new-stream bytes before its keyframe... not queued for this sink
    accept = true;
    f.sinkDrained('primary'); // the queue of old data goes out, then the sink joins the new stream at its keyframe
    feed(f, cap.bytes.subarray(188 * 20), 7);
    f.flush();
    const all = slow.bytes();
    const oldBytes = 188 * 310;
    expect(all.subarray(0, oldBytes).equals(cap.bytes.subarray(0, oldBytes))).toBe(true);
    const newPart = all.subarray(oldBytes);
    expect(pidAt(newPart, 0)).toBe(0);
    expect(pidAt(newPart, 188)).toBe(4096);
    expect(withoutContinuity(newPart.subarray(376)).equals(withoutContinuity(cap.bytes.subarray(cap.videoKeyframePositions[0]!)))).toBe(true);
    expect(continuityBreaks(all)).toEqual([]);
    expect(f.sinkStats('primary')?.state).toBe('live');
  });
});

describe('TsFanout.endSinkAtFrame (an uplink stops)', () => {
  it('gives the sink the rest of the frame being sent, then detaches it before the next video PES', () => {
    const f = new TsFanout({ minBatchBytes: 188 });
    const ending = recorder();
    const other = recorder();
    f.addSink('backup', ending.write, { fromGop: false });
    f.addSink('primary', other.write, { fromGop: false });
    const kf = cap.videoKeyframePositions[1]!;
    f.push(cap.bytes.subarray(0, kf + 188)); // the keyframe's first packet: a frame is being sent
    let ended = 0;
    f.endSinkAtFrame('backup', () => ended++);
    expect(ended).toBe(0);
    f.push(cap.bytes.subarray(kf + 188));
    f.flush();
    expect(ended).toBe(1);
    expect(f.sinkStats('backup')).toBeUndefined();
    const got = ending.bytes();
    // It ends right before the next packet that starts a video PES, with the whole keyframe in.
    const videoPid = f.stats().cache.videoPid;
    const nextPes = (() => {
      for (let off = kf + 188; off < cap.bytes.length; off += 188) if ((cap.bytes[off + 1]! & 0x40) !== 0 && pidAt(cap.bytes, off) === videoPid) return off;
      return -1;
    })();
    expect(got.length).toBe(nextPes);
    expect(got.equals(cap.bytes.subarray(0, nextPes))).toBe(true);
    expect(other.bytes().equals(cap.bytes)).toBe(true);
  });

  it('detaches a sink that is not live at once', () => {
    const f = new TsFanout();
    const waiting = recorder();
    f.addSink('backup', waiting.write, { fromGop: true });
    let ended = 0;
    f.endSinkAtFrame('backup', () => ended++);
    expect(ended).toBe(1);
    expect(f.sinkStats('backup')).toBeUndefined();
  });
});
