// Property-based tests of the parsers of ffmpeg's own output: `-progress` blocks (chunking must not matter), the
// -version/-protocols/-devices/-filters listings and the failure summariser (never throw, bounded time on hostile text).

import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDevices, parseFilterNames, parseProtocols, parseVersion, summariseFailure } from '../../src/main/ffmpeg/parseFfmpegOutput';
import { createProgressParser, type EncoderProgress } from '../../src/main/ffmpeg/progressParser';
import { adversarialLine, chunked, fuzzParams, PARSE_BUDGET_MS, timeMs, toolOutput } from './fuzzConfig';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const fixture = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');

/** All blocks the parser yields for `chunks`, in order. */
function progressOf(chunks: ReadonlyArray<string | Uint8Array>): EncoderProgress[] {
  const parser = createProgressParser();
  return chunks.flatMap((c) => parser.push(c));
}

const progressKeys = fc.constantFrom('frame', 'fps', 'bitrate', 'total_size', 'out_time_us', 'out_time_ms', 'dup_frames', 'drop_frames', 'speed', 'progress', 'stream_0_0_q', 'x');
const progressValues = fc.oneof(
  fc.constantFrom('N/A', '', 'continue', 'end', '1539.2kbits/s', '2.1Mbits/s', '0.974x', '-1', '1e309', 'NaN', '0x10', ' 12 '),
  fc.double().map(String),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
/** `-progress` text: key=value lines, blocks closed by progress=, odd line endings and junk lines mixed in. */
const progressText = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.tuple(progressKeys, progressValues).map(([k, v]) => `${k}=${v}`) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    ),
    { maxLength: 40 },
  )
  .chain((lines) => fc.array(fc.constantFrom('\n', '\r\n'), { minLength: lines.length, maxLength: lines.length }).map((eols) => lines.map((l, i) => l + eols[i]).join('')));

function isProgress(p: EncoderProgress): boolean {
  const numbers = [p.frame, p.fps, p.bitrateKbps, p.totalBytes, p.outTimeUs, p.dupFrames, p.dropFrames, p.speed];
  return typeof p.ended === 'boolean' && numbers.every((n) => n === null || Number.isFinite(n));
}

describe('progress parser', () => {
  it('gives the same blocks however the text is chunked, as strings or as UTF-8 bytes split anywhere', () => {
    fc.assert(
      fc.property(progressText, fc.array(fc.nat(), { maxLength: 12 }), (text, cuts) => {
        const whole = progressOf([text]);
        expect(whole.every(isProgress)).toBe(true);
        expect(whole).toHaveLength(text.split(/\r?\n/).filter((l) => /^\s*progress\s*=/.test(l)).length);
        const bytes = Buffer.from(text, 'utf8');
        expect(progressOf(chunked(bytes, cuts))).toEqual(whole);
        // The same text cut as a string anywhere (a latin1 round trip would change characters above U+00FF).
        const points = [...new Set(cuts.map((c) => c % (text.length + 1))), text.length].sort((a, b) => a - b);
        const stringCuts = points.map((p, i) => text.slice(i === 0 ? 0 : points[i - 1], p)).filter((piece) => piece.length > 0);
        expect(stringCuts.join('')).toBe(text);
        expect(progressOf(stringCuts)).toEqual(whole);
      }),
      fuzzParams(300, [['frame=1\r\nprogress=continue\r\n\u00e9=\u00e9\nprogress=end\n', [8, 9, 27]]]),
    );
  });

  it('stays linear on a stream that never ends its line (a garbage pipe), however it is chunked', () => {
    fc.assert(
      fc.property(fc.integer({ min: 64, max: 1024 }), fc.constantFrom('x', '=', 'progress=continue', '\r'), (chunkChars, unit) => {
        const parser = createProgressParser();
        const chunk = unit.repeat(Math.ceil(chunkChars / unit.length));
        const ms = timeMs(() => {
          for (let sent = 0; sent < 400_000; sent += chunk.length) parser.push(chunk);
        });
        expect(ms).toBeLessThan(PARSE_BUDGET_MS);
        // After the garbage, a line ending and a real block still parse.
        expect(parser.push('\nframe=5\nprogress=end\n')).toEqual([expect.objectContaining({ frame: 5, ended: true })]);
      }),
      fuzzParams(6),
    );
  });
});

describe('ffmpeg listing parsers', () => {
  const realText = fc.constantFrom(
    fixture('ffmpeg/debian-5.1-version.txt'),
    fixture('ffmpeg/debian-5.1-protocols.txt'),
    fixture('ffmpeg/debian-5.1-devices.txt'),
    fixture('ffmpeg/debian-5.1-filters.txt').slice(0, 4000),
    fixture('ffmpeg/debian-5.1-encode-hevc_nvenc.stderr.txt'),
  );
  /** Real listings with lines shuffled, cut and spliced with junk. */
  const mangled = fc
    .tuple(realText, fc.array(fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 16 })), { maxLength: 6 }), fc.nat())
    .map(([text, inserts, cut]) => {
      let out = text.slice(0, cut % (text.length + 1));
      for (const [at, junk] of inserts) {
        const p = at % (out.length + 1);
        out = out.slice(0, p) + junk + out.slice(p);
      }
      return out;
    });
  const anyText = fc.oneof(mangled, toolOutput(' \t-.,:=|[]@()0123456789abcDEVSXN ffmpegversionlibavformatInput:Output:->', 20), fc.string({ unit: 'binary', maxLength: 200 }));

  it('never throw, and return well-formed values on arbitrary text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const version = parseVersion(text);
        if (version) {
          expect(typeof version.version).toBe('string');
          expect(version.major === null || Number.isInteger(version.major)).toBe(true);
        }
        const protocols = parseProtocols(text);
        expect([...protocols.input, ...protocols.output].every((n) => typeof n === 'string' && n.length > 0 && !/\s/.test(n))).toBe(true);
        const devices = parseDevices(text);
        expect([...devices.inputs, ...devices.outputs].every((n) => n.length > 0 && !n.includes(','))).toBe(true);
        expect(parseFilterNames(text).every((n) => /^[\w-]+$/.test(n))).toBe(true);
        const summary = summariseFailure(text);
        expect(summary.length).toBeGreaterThan(0);
        expect(summary.length).toBeLessThanOrEqual(160);
      }),
      fuzzParams(600, [['.'], [' .\n'], ['[x @ 0x1] .']]),
    );
  });

  it('read the release of any well-formed version banner', () => {
    fc.assert(
      fc.property(fc.nat(99), fc.nat(99), fc.option(fc.nat(99)), fc.stringMatching(/^(?:[-+~ ][-+~.a-z0-9_]{0,20})?$/), fc.constantFrom('', 'n'), (major, minor, patch, suffix, tag) => {
        const release = `${major}.${minor}${patch === null ? '' : `.${patch}`}`;
        const v = parseVersion(`ffmpeg version ${tag}${release}${suffix} Copyright (c) 2000-2024 the FFmpeg developers\n`);
        expect(v).toMatchObject({ major, minor, gitBuild: false });
        expect(v!.version.startsWith(release)).toBe(true);
      }),
      fuzzParams(300),
    );
  });

  it('run in bounded time on long adversarial lines', () => {
    const adversarial = adversarialLine(
      ['', ' ', '[', '[a', ' DE ', ' AA x ', 'Input:\n', ' ------\n', 'libavformat', 'ffmpeg version '],
      ['\n', ' \n', ' ', '\t', ' @ ', '@', '-', '->', '[', ']', 'a-', ' 0x1', ', '],
    );
    fc.assert(
      fc.property(adversarial, (text) => {
        for (const parse of [parseVersion, parseProtocols, parseDevices, parseFilterNames, summariseFailure] as const) {
          expect(timeMs(() => parse(text))).toBeLessThan(PARSE_BUDGET_MS);
        }
      }),
      fuzzParams(25, [
        ['\n'.repeat(40_000)],
        [`[${' '.repeat(40_000)}@`],
        [`[a]${' '.repeat(40_000)}x\ry`],
      ]),
    );
  });
});
