// Property-based tests of the capture device-list parsers (v4l2-ctl, ffmpeg's v4l2/dshow/avfoundation listings, pactl,
// arecord, xrandr, xdpyinfo, the Windows screen script): never throw, well-formed values, bounded time on hostile text.

import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseArecordList, parsePactlJsonSources, parsePactlShortSources } from '../../src/main/capture/parseAudioSources';
import { parseAvfoundationDeviceList } from '../../src/main/capture/parseAvfoundationOutput';
import { parseDshowDeviceList, parseDshowOptions } from '../../src/main/capture/parseDshowOutput';
import { parseFfmpegV4l2Formats, parseV4l2CtlFormats, parseV4l2CtlListDevices } from '../../src/main/capture/parseV4l2Output';
import { parseWindowsScreens } from '../../src/main/capture/parseWindowsScreens';
import { parseXdpyinfoScreens, parseXrandrMonitors } from '../../src/main/capture/parseX11Output';
import type { CameraMode } from '../../src/shared/captureDevices';
import { adversarialLine, fuzzParams, PARSE_BUDGET_MS, timeMs, toolOutput } from './fuzzConfig';

const DIR = join(import.meta.dirname, '../fixtures/devices');
/** Every captured listing of test/fixtures/devices (SOURCE.md there), as text (the first 8000 characters). */
const FIXTURES = ['linux', 'macos', 'windows'].flatMap((os) =>
  readdirSync(join(DIR, os)).map((name) => {
    const raw = readFileSync(join(DIR, os, name));
    // The head of each is enough to reach every branch (xdpyinfo's full 190 kB would only slow every run).
    return (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8').slice(0, 8000);
  }),
);

const PARSERS: ReadonlyArray<[string, (text: string) => unknown]> = [
  ['parseV4l2CtlListDevices', parseV4l2CtlListDevices],
  ['parseV4l2CtlFormats', parseV4l2CtlFormats],
  ['parseFfmpegV4l2Formats', parseFfmpegV4l2Formats],
  ['parseDshowDeviceList', parseDshowDeviceList],
  ['parseDshowOptions', parseDshowOptions],
  ['parseAvfoundationDeviceList', parseAvfoundationDeviceList],
  ['parsePactlJsonSources', parsePactlJsonSources],
  ['parsePactlShortSources', parsePactlShortSources],
  ['parseArecordList', parseArecordList],
  ['parseXrandrMonitors', parseXrandrMonitors],
  ['parseXdpyinfoScreens', parseXdpyinfoScreens],
  ['parseWindowsScreens', parseWindowsScreens],
];

/** Real listings with junk spliced in, lines cut, and Windows line ends. */
const mangledFixture = fc
  .tuple(fc.constantFrom(...FIXTURES), fc.array(fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 12 })), { maxLength: 6 }), fc.boolean())
  .map(([text, inserts, crlf]) => {
    let out = text;
    for (const [at, junk] of inserts) {
      const p = at % (out.length + 1);
      out = out.slice(0, p) + junk + out.slice(p);
    }
    return crlf ? out.replace(/\n/g, '\r\n') : out;
  });
const anyText = fc.oneof(
  mangledFixture,
  toolOutput(' \t[]()"\':|,.@+*-/x0123456789abTrueFalse', 25),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

const isCount = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0;
const isMode = (m: CameraMode): boolean => isCount(m.width) && isCount(m.height) && m.format.length > 0 && m.fps.every((f) => Number.isFinite(f) && f >= 0);

describe('capture device-list parsers on arbitrary text', () => {
  it('never throw', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const [, parse] of PARSERS) parse(text);
      }),
      fuzzParams(250),
    );
  });

  it('return well-formed devices, modes and screens', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(parseV4l2CtlFormats(text).every(isMode)).toBe(true);
        expect(parseFfmpegV4l2Formats(text).modes.every(isMode)).toBe(true);
        expect(parseDshowOptions(text).every(isMode)).toBe(true);
        expect(parseV4l2CtlListDevices(text).every((d) => d.nodes.every((n) => n.length > 0 && n === n.trim()))).toBe(true);
        const mics = [...parseArecordList(text), ...parsePactlShortSources(text), ...(parsePactlJsonSources(text) ?? [])];
        expect(mics.every((m) => typeof m.id === 'string' && m.id.length > 0 && typeof m.name === 'string')).toBe(true);
        const avf = parseAvfoundationDeviceList(text);
        expect([...avf.cameras, ...avf.screens, ...avf.audio].every((d) => isCount(d.index) && d.name.length > 0)).toBe(true);
        for (const s of parseXrandrMonitors(text)) expect([s.width, s.height].every(isCount) && Number.isInteger(s.x) && Number.isInteger(s.y)).toBe(true);
        const [desktop, ...monitors] = parseWindowsScreens(text);
        expect(desktop?.id).toBe('desktop');
        for (const m of monitors) {
          expect(m.capture.region).toEqual({ x: m.x, y: m.y, width: m.width, height: m.height });
          // The virtual desktop covers every monitor.
          expect(m.x).toBeGreaterThanOrEqual(desktop!.x);
          expect(m.x + (m.width ?? 0)).toBeLessThanOrEqual(desktop!.x + (desktop!.width ?? 0));
        }
      }),
      fuzzParams(400),
    );
  });

  it('pactl JSON: any JSON value gives null or sources with a string id, never a wrong type', () => {
    const source = fc.record(
      {
        name: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant('__proto__')),
        description: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        monitor_source: fc.oneof(fc.string(), fc.boolean()),
        properties: fc.oneof(fc.constant(null), fc.string(), fc.dictionary(fc.constantFrom('device.class', 'x'), fc.jsonValue())),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.array(fc.oneof(source, fc.jsonValue()))), (value) => {
        const parsed = parsePactlJsonSources(JSON.stringify(value) ?? 'null');
        if (!Array.isArray(value)) expect(parsed).toBeNull();
        for (const m of parsed ?? []) {
          expect(typeof m.id === 'string' && m.id !== '' && typeof m.name === 'string').toBe(true);
          expect(m.monitor === undefined || m.monitor === true).toBe(true);
        }
      }),
      fuzzParams(400),
    );
  });
});

describe('capture device-list parsers on long adversarial input', () => {
  it('run in bounded time', () => {
    const adversarial = adversarialLine(
      ['', '[', '[x @ 1', 'card 0: x [a], device 0: ', '0: ', ' 0: +', 'Raw : a', 'Compressed: mjpeg : ', '"', 'x (', 'a|True|', 'pixel_format=a min s=1x1 fps='],
      [' @ ', '[', ']', '[]', '+', '*', ' ', ' :', ': ', '" (', '(', ':', '|True|1', '1', '], device 0: ', '\t'],
    );
    fc.assert(
      fc.property(adversarial, (text) => {
        for (const [name, parse] of PARSERS) {
          const ms = timeMs(() => parse(text));
          if (ms >= PARSE_BUDGET_MS) expect.fail(`${name} took ${Math.round(ms)} ms on ${text.length} characters`);
        }
      }),
      fuzzParams(25, [
        [`[${' @ '.repeat(20_000)}`],
        [`card 0: x [a], device 0: ${'['.repeat(40_000)}`],
        [`0: ${'+'.repeat(40_000)}`],
        [`Raw : a${' '.repeat(40_000)}a`],
      ]),
    );
  });

  it('list hundreds of thousands of monitors without overflowing the stack', () => {
    // 140k lines: past V8's limit for spreading an array into Math.min (about 125k here).
    const screens = parseWindowsScreens('D|True|0|0|1920|1080\n'.repeat(140_000));
    expect(screens).toHaveLength(140_001);
    expect(screens[0]).toMatchObject({ id: 'desktop', width: 1920, height: 1080 });
  });
});
