// The -progress parser against verbatim captures of ffmpeg 5.1 (test/fixtures/ffmpeg-progress/SOURCE.md).

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgressParser, type EncoderProgress } from '../../src/main/ffmpeg/progressParser';

function fixture(name: string): string {
  return readFileSync(resolve(__dirname, '../fixtures/ffmpeg-progress', name), 'utf8');
}

function parseAll(text: string, chunkSize = text.length): EncoderProgress[] {
  const parser = createProgressParser();
  const blocks: EncoderProgress[] = [];
  for (let i = 0; i < text.length; i += chunkSize) blocks.push(...parser.push(text.slice(i, i + chunkSize)));
  return blocks;
}

describe('progress parser', () => {
  it('parses the encoder capture into typed blocks', () => {
    const blocks = parseAll(fixture('libx265-testsrc-640x360-3s.txt'));
    expect(blocks).toHaveLength(4);
    expect(blocks[0]).toEqual({
      frame: 1,
      fps: 0,
      bitrateKbps: 0,
      totalBytes: 0,
      outTimeUs: 11,
      dupFrames: 0,
      dropFrames: 0,
      speed: 0.00036,
      ended: false,
    });
    expect(blocks[1]).toMatchObject({ frame: 31, fps: 29.92, bitrateKbps: 1524, totalBytes: 191008, outTimeUs: 1002667, speed: 0.968, ended: false });
    expect(blocks[3]).toEqual({
      frame: 90,
      fps: 29.76,
      bitrateKbps: 1365.5,
      totalBytes: 513428,
      outTimeUs: 3008000,
      dupFrames: 0,
      dropFrames: 0,
      speed: 0.995,
      ended: true,
    });
  });

  it('gives the same blocks whatever the chunking (1, 7 and 64 bytes)', () => {
    const text = fixture('libx265-testsrc-640x360-3s.txt');
    const whole = parseAll(text);
    for (const size of [1, 7, 64]) expect(parseAll(text, size)).toEqual(whole);
  });

  it('accepts bytes as well as strings', () => {
    const parser = createProgressParser();
    const bytes = new TextEncoder().encode(fixture('copy-from-stdin.txt'));
    const blocks = [...parser.push(bytes.subarray(0, 100)), ...parser.push(bytes.subarray(100))];
    expect(blocks.map((b) => b.ended)).toEqual([false, true]);
  });

  it('maps N/A to null and reads exponent speeds (sender-like -c copy capture)', () => {
    const blocks = parseAll(fixture('copy-from-stdin.txt'));
    expect(blocks[0]).toMatchObject({ frame: 0, speed: null, outTimeUs: 21333, ended: false });
    expect(blocks[1]).toMatchObject({ frame: 90, bitrateKbps: 1328.6, speed: 5530, ended: true });
  });

  it('leaves missing keys null (audio-only capture has no frame/fps lines)', () => {
    const blocks = parseAll(fixture('audio-only-null-output.txt'));
    expect(blocks.length).toBeGreaterThan(1);
    expect(blocks[0]).toMatchObject({ frame: null, fps: null, bitrateKbps: null, totalBytes: null, speed: null });
    expect(blocks.at(-1)).toMatchObject({ outTimeUs: 1000000, ended: true });
  });

  it('holds an incomplete block until its progress= line arrives', () => {
    const parser = createProgressParser();
    expect(parser.push('frame=5\nfps=30.0\nbitrate=2.5Mbits/s\n')).toEqual([]);
    expect(parser.push('speed=1.01x\nprogr')).toEqual([]);
    const [block] = parser.push('ess=continue\r\n');
    expect(block).toMatchObject({ frame: 5, fps: 30, bitrateKbps: 2500, speed: 1.01, ended: false });
  });

  it('ignores lines that are not key=value', () => {
    const blocks = parseAll('garbage\n=nokey\nframe=7\nbitrate=weird\nprogress=end\n');
    expect(blocks).toEqual([
      { frame: 7, fps: null, bitrateKbps: null, totalBytes: null, outTimeUs: null, dupFrames: null, dropFrames: null, speed: null, ended: true },
    ]);
  });
});
