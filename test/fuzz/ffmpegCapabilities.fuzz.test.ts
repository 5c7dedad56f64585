// Property-based tests of the encoder and format lists read through fluent-ffmpeg from a binary's own output, and of
// the probe cache file read back from disk: hostile listings and files give typed values, never a polluted prototype.

import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEncoders, listFormats } from '../../src/main/ffmpeg/fluentCapabilities';
import { createProbeCache, PROBE_CACHE_FILE } from '../../src/main/ffmpeg/probeCache';
import { HEVC_ENCODERS } from '../../src/shared/ffmpegCapabilities';
import { writeScript } from '../ffmpeg/fakeBinaries';
import { fuzzParams } from './fuzzConfig';

let dir: string;
let fakeFfmpeg: string;
const listingFile = (): string => join(dir, 'listing.txt');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'srtc-fuzz-caps-'));
  // Stands in for an ffmpeg binary (one the user picked, or one on PATH): prints whatever listing the property chose.
  fakeFfmpeg = writeScript(dir, 'ffmpeg', `cat "${listingFile()}"`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Names as a listing may carry them, including the ones that are object keys in JavaScript. */
const name = fc.oneof(
  fc.stringMatching(/^[a-z0-9_]{1,12}$/),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'libx265', 'aac', 'mpegts', '=', 'a,b', 'mpegts,__proto__'),
);
const description = fc.string({ unit: fc.constantFrom(...'ab (),:=-'.split('')), maxLength: 20 });

const encoderLine = fc
  .tuple(fc.constantFrom('V', 'A', 'S', '.', 'X'), fc.constantFrom('F', '.'), fc.constantFrom('X', '.'), name, description)
  .map(([type, frame, exp, n, d]) => ` ${type}${frame}.${exp}.. ${n}  ${d}`);
const formatLine = fc
  .tuple(fc.constantFrom('D', ' ', 'X'), fc.constantFrom('E', ' ', 'd'), name, description)
  .map(([demux, mux, n, d]) => ` ${demux}${mux} ${n}  ${d}`);
const junkLine = fc.string({ unit: 'binary', maxLength: 30 });
const listing = (row: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.array(fc.oneof({ weight: 4, arbitrary: row }, { weight: 1, arbitrary: junkLine }), { maxLength: 12 }).map((lines) => ['Encoders:', ' ------', ...lines].join('\n'));

/** Object.prototype must look as it did before: a listing must not be able to add properties to every object. */
function prototypeKeys(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}

describe('encoder and format lists from a binary', () => {
  it('give typed entries for any -encoders listing', async () => {
    const before = prototypeKeys();
    await fc.assert(
      fc.asyncProperty(listing(encoderLine), async (text) => {
        writeFileSync(listingFile(), text);
        const encoders = await listEncoders(fakeFfmpeg, 10_000);
        for (const [n, e] of encoders) {
          expect(n.length).toBeGreaterThan(0);
          expect(['video', 'audio', 'subtitle', undefined]).toContain(e.type);
          expect(typeof e.experimental).toBe('boolean');
        }
        expect(prototypeKeys()).toEqual(before);
      }),
      fuzzParams(8),
    );
  });

  it('give typed entries for any -formats listing and never write onto Object.prototype (a format named __proto__)', async () => {
    const before = prototypeKeys();
    await fc.assert(
      fc.asyncProperty(listing(formatLine), async (text) => {
        writeFileSync(listingFile(), text);
        const formats = await listFormats(fakeFfmpeg, 10_000);
        for (const [, f] of formats) expect([typeof f.canDemux, typeof f.canMux]).toEqual(['boolean', 'boolean']);
        expect(prototypeKeys()).toEqual(before);
        expect(({} as Record<string, unknown>).canMux).toBeUndefined();
        // `toString` or `constructor` as a format name: fluent writes onto those built-ins instead.
        const builtins: object[] = [Object, Object.prototype.toString, Object.prototype.hasOwnProperty];
        expect(builtins.filter((f) => Object.hasOwn(f, 'canMux') || Object.hasOwn(f, 'canDemux'))).toEqual([]);
      }),
      fuzzParams(8, [
        ['File formats:\n --\n DE __proto__  hostile\n DE mpegts  MPEG-TS'],
        ['File formats:\n --\n DE toString,constructor  hostile'],
      ]),
    );
  });
});

describe('probe cache file', () => {
  const validEntry = {
    path: '/usr/bin/ffmpeg', source: 'PATH', ffprobePath: null, platform: 'linux', version: '5.1.9', major: 5, minor: 1, gitBuild: false,
    srtOutput: true, mpegtsMuxer: true, aacEncoder: true,
    hevcEncoders: [{ name: 'libx265', hardware: false, works: true, testMs: 120 }],
    captureBackends: ['x11grab', 'lavfi'], probedAtMs: 1_000, probeDurationMs: 900,
  };
  /** The valid entry with one field replaced by arbitrary JSON, or deleted. */
  const tamperedEntry = fc
    .tuple(fc.constantFrom(...Object.keys(validEntry)), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)))
    .map(([key, value]) => ({ ...validEntry, [key]: value }));
  const file = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? ''),
    fc.tuple(fc.constantFrom(1, 2, '1'), tamperedEntry).map(([schema, entry]) => JSON.stringify({ schema, entries: { key: entry } })),
  );

  it('reads back a valid entry or nothing, never an entry with a wrong type', async () => {
    const cacheDir = mkdtempSync(join(dir, 'cache-'));
    await fc.assert(
      fc.asyncProperty(file, async (text) => {
        writeFileSync(join(cacheDir, PROBE_CACHE_FILE), text);
        const probe = await createProbeCache().get('key', { cacheDir, maxAgeMs: 10_000, nowMs: 2_000 });
        if (probe === null) return;
        expect(typeof probe.path).toBe('string');
        expect(typeof probe.srtOutput).toBe('boolean');
        expect(probe.hevcEncoders.every((e) => (HEVC_ENCODERS as readonly string[]).includes(e.name) && typeof e.works === 'boolean')).toBe(true);
        expect(Number.isFinite(probe.probedAtMs)).toBe(true);
      }),
      fuzzParams(150),
    );
  });
});
