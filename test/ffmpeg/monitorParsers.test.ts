// The monitor's pure parts against verbatim ffmpeg 5.1 output (test/fixtures/monitor/SOURCE.md): the ebur128 line
// parser, the JPEG stream splitter and the monitor's argument list.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMonitorArgs } from '../../src/main/ffmpeg/args/monitorArgs';
import { parseEbur128Line } from '../../src/main/ffmpeg/ebur128Parser';
import { JpegSplitter } from '../../src/main/ffmpeg/jpegSplitter';

const dir = join(__dirname, '../fixtures/monitor');
const lines = readFileSync(join(dir, 'ebur128-lines.txt'), 'utf8').split('\n').filter(Boolean);

describe('parseEbur128Line', () => {
  it('reads time, momentary loudness and each channel’s peak of a stereo tone', () => {
    expect(parseEbur128Line(lines[0]!)).toEqual({ tS: 0.0999792, momentaryLufs: -120.7, peakDbfs: [-20.9, -20.9] });
    expect(parseEbur128Line(lines[3]!)).toEqual({ tS: 0.399979, momentaryLufs: -22, peakDbfs: [-20.9, -20.9] });
  });
  it('reads digital silence as −∞ peaks', () => {
    expect(parseEbur128Line(lines[5]!)).toEqual({ tS: 0.399979, momentaryLufs: -163.5, peakDbfs: [-Infinity, -Infinity] });
  });
  it('reads a clipped tone near full scale', () => {
    expect(parseEbur128Line(lines[8]!)?.peakDbfs).toEqual([-0.8, -0.8]);
  });
  it('reads a mono line with one peak', () => {
    expect(parseEbur128Line(lines[9]!)?.peakDbfs).toEqual([-18.1]);
  });
  it('returns null for the summary and every other line ffmpeg writes', () => {
    expect(parseEbur128Line(lines[10]!)).toBeNull();
    for (const line of readFileSync(join(dir, 'monitor-stderr-head.txt'), 'utf8').split('\n')) expect(parseEbur128Line(line)).toBeNull();
    expect(parseEbur128Line('')).toBeNull();
  });
});

describe('JpegSplitter', () => {
  const stream = readFileSync(join(dir, 'keyframes-320.mjpeg'));

  it('splits image2pipe output into its four JPEGs whatever the chunk size', () => {
    for (const size of [1, 7, 188, 4096, stream.length]) {
      const splitter = new JpegSplitter();
      const images: Buffer[] = [];
      for (let i = 0; i < stream.length; i += size) images.push(...splitter.push(stream.subarray(i, i + size)));
      expect(images).toHaveLength(4);
      expect(Buffer.concat(images).equals(stream)).toBe(true);
      for (const img of images) {
        expect(img.subarray(0, 2).toString('hex')).toBe('ffd8');
        expect(img.subarray(-2).toString('hex')).toBe('ffd9');
      }
      expect(splitter.discardedBytes).toBe(0);
    }
  });

  it('skips bytes before an image and drops an image that outgrows its bound', () => {
    const splitter = new JpegSplitter(1000);
    expect(splitter.push(Buffer.concat([Buffer.from('junk'), stream]))).toHaveLength(4);
    expect(splitter.discardedBytes).toBe(4);
    const small = new JpegSplitter(1000);
    expect(small.push(stream.subarray(0, 5000))).toEqual([]);
    expect(small.discardedBytes).toBe(5000);
  });
});

describe('buildMonitorArgs', () => {
  it('decodes keyframes only to 320 px JPEGs on stdout and measures the audio on stderr', () => {
    expect(buildMonitorArgs({ hasAudio: true })).toEqual([
      '-hide_banner', '-nostats', '-loglevel', 'info', '-nostdin', '-skip_frame:v', 'nokey', '-threads', '1', '-f', 'mpegts', '-i', 'pipe:0',
      '-map', '0:v:0', '-vf', 'scale=320:-2', '-fps_mode', 'passthrough', '-c:v', 'mjpeg', '-q:v', '7', '-f', 'image2pipe', 'pipe:1',
      '-map', '0:a:0', '-af', 'ebur128=peak=true', '-f', 'null', '-',
    ]);
  });
  it('has no audio output without an audio track, and refuses odd sizes', () => {
    expect(buildMonitorArgs({ hasAudio: false })).not.toContain('ebur128=peak=true');
    expect(() => buildMonitorArgs({ hasAudio: true, thumbnailWidthPx: 4 })).toThrow(RangeError);
    expect(() => buildMonitorArgs({ hasAudio: true, jpegQuality: 40 })).toThrow(RangeError);
  });
});
