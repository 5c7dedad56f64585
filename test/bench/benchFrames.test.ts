// The bitrate benchmark's frame walk and matching: a real HEVC MPEG-TS from ffmpeg walked in odd-sized chunks gives
// the same access units as the whole buffer; a looped stream's repeated frames are paired with the right departure.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { arrivalAtCounter, percentile, slope, timeAtCounter } from '../../scripts/bench/benchMath';
import { matchFrames } from '../../scripts/bench/frameMatch';
import { TsVideoFrameWalker, tsVideoFrames } from '../../scripts/bench/tsVideoFrames';

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'bench-frames-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('TsVideoFrameWalker', () => {
  it('finds the same access units chunk by chunk as in the whole stream, whatever the chunk boundaries', async () => {
    const file = join(work, 'clip.ts');
    await run('ffmpeg', ['-hide_banner', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=sample_rate=48000', '-t', '2',
      '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'keyint=30:log-level=error', '-c:a', 'aac', '-f', 'mpegts', file]);
    const ts = await readFile(file);
    const whole = tsVideoFrames(ts);
    expect(whole.length).toBeGreaterThan(50);
    expect(whole.filter((f) => f.key).length).toBeGreaterThanOrEqual(2);

    const walker = new TsVideoFrameWalker();
    const chunked = [];
    // Sizes that are never a multiple of 188, so packets straddle chunks all the time.
    for (let at = 0, i = 0; at < ts.length; i++) {
      const size = [1, 187, 1000, 4093, 65_537][i % 5]!;
      chunked.push(...walker.push(ts.subarray(at, at + size)));
      at += size;
    }
    expect(chunked).toEqual(whole);

    // Hashing a prefix only: the same frames at the same offsets, still one distinct hash per frame.
    const prefixWalker = new TsVideoFrameWalker({ hashPrefixBytes: 8192 });
    const prefixed = [];
    for (let at = 0; at < ts.length; at += 4093) prefixed.push(...prefixWalker.push(ts.subarray(at, at + 4093)));
    expect(prefixed.map((f) => [f.startOffset, f.endOffset, f.key])).toEqual(whole.map((f) => [f.startOffset, f.endOffset, f.key]));
    expect(new Set(prefixed.map((f) => f.hash)).size).toBe(prefixed.length);
    expect(prefixed).toEqual(new TsVideoFrameWalker({ hashPrefixBytes: 8192 }).push(ts));
  });
});

describe('matchFrames', () => {
  it('pairs each arrival with the latest departure of the same content before it, within the limit', () => {
    // A 3-frame loop sent twice, 1 s apart; arrivals 40 ms after each departure, one of them lost.
    const sent = [0, 1000].flatMap((loopMs) => ['a', 'b', 'c'].map((hash, i) => ({ hash, atMs: loopMs + i * 33 })));
    const arrived = sent.filter((f) => !(f.hash === 'b' && f.atMs > 1000)).map((f) => ({ hash: f.hash, atMs: f.atMs + 40 }));
    const matched = matchFrames(sent, arrived, 500);
    expect(matched.map((m) => m.arrivedAtMs - m.sentAtMs)).toEqual([40, 40, 40, 40, 40]);
    expect(matched.map((m) => m.sentAtMs)).toEqual([0, 33, 66, 1000, 1066]);
  });

  it('leaves out an arrival whose only earlier departure is older than the limit, and content never sent', () => {
    expect(matchFrames([{ hash: 'a', atMs: 0 }], [{ hash: 'a', atMs: 600 }, { hash: 'z', atMs: 10 }], 500)).toEqual([]);
  });
});

describe('percentile and slope', () => {
  it('interpolates between ranks and fits a least-squares line', () => {
    expect(percentile([1, 2, 3, 4, 5], 50)).toBe(3);
    expect(percentile([0, 10], 99)).toBeCloseTo(9.9);
    expect(percentile([], 50)).toBeNaN();
    expect(slope([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 5 }])).toBe(2);
    expect(slope([{ x: 1, y: 1 }])).toBeNaN();
  });
});

describe('arrival times from a byte counter sampled per chunk', () => {
  it('dates a byte at the arrival of the chunk that carried it, where interpolation would date it earlier', () => {
    // Two 32 KB chunks from a source that writes every 40 ms: byte 60 000 came with the second chunk, at 40 ms.
    const chunks = [{ tMs: 0, value: 32_768 }, { tMs: 40, value: 65_536 }];
    expect(arrivalAtCounter(chunks, 60_000)).toBe(40);
    expect(timeAtCounter(chunks, 60_000)).toBeLessThan(35); // the bias the benchmark used to carry
    expect(arrivalAtCounter(chunks, 32_768)).toBe(0);
    expect(arrivalAtCounter(chunks, 70_000)).toBeNull();
  });
});
