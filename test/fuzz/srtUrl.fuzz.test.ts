// Property-based tests of the SRT push URL parser: input errors are AppErrors, accepted URLs re-serialise to the same
// target, the `#key` of a stream id is never dropped, and long adversarial URLs parse in bounded time.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/appError';
import { parseSrtUrl, srtCallerUrl, type SrtTarget } from '../../src/main/srt/srtUrl';
import { adversarialLine, fuzzParams, PARSE_BUDGET_MS, timeMs } from './fuzzConfig';

/** Parses, turning the parser's documented refusal (AppError bad_srt_url) into null; anything else propagates. */
function tryParse(url: string): SrtTarget | null {
  try {
    return parseSrtUrl(url);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('bad_srt_url');
    return null;
  }
}

/** The canonical text of a target: host and port, then streamid, passphrase and the other parameters in order. */
function formatSrtUrl(t: SrtTarget): string {
  const query: string[] = [];
  if (t.srtStreamId !== null) query.push(`streamid=${t.srtStreamId}`);
  if (t.passphrase !== null) query.push(`passphrase=${t.passphrase}`);
  for (const [k, v] of t.params) query.push(`${k}=${v}`);
  return `srt://${t.host}:${t.port}${query.length > 0 ? `?${query.join('&')}` : ''}`;
}

// Characters that matter to the parser, plus a few that must simply pass through.
const URL_CHARS = 'srtSRT:/?#&=[]@.%+-_ 0123456789abcdefABCDEF\t\u00e9\u202e';
const urlish = fc.string({ unit: fc.constantFrom(...URL_CHARS.split('')), maxLength: 60 });

const host = fc.oneof(
  fc.constantFrom('127.0.0.1', 'vp-push-ed1-srt.gvideo.co', 'localhost', '[::1]', '[2001:db8::7]', 'a', 'x-1.example'),
  fc.stringMatching(/^[a-z0-9](?:[a-z0-9.-]{0,20}[a-z0-9])?$/),
);
const port = fc.integer({ min: 1, max: 65535 });
/** Query values as the parser keeps them: anything but `&`, with no whitespace at the ends (the URL is trimmed). */
const value = fc
  .string({ unit: fc.constantFrom(...'abcXYZ0189#%+=/?:@ !~\u00e9'.split('')), maxLength: 24 })
  .filter((v) => v.trim() === v);
const paramKey = fc.stringMatching(/^[a-z_]{1,12}$/).filter((k) => k !== 'streamid' && k !== 'passphrase');

describe('parseSrtUrl on arbitrary text', () => {
  it('refuses only with AppError(bad_srt_url), and whatever it accepts re-serialises to the same target', () => {
    const input = fc.oneof(
      urlish,
      urlish.map((s) => `srt://${s}`),
      fc.tuple(host, port, urlish).map(([h, p, q]) => `srt://${h}:${p}?${q}`),
    );
    fc.assert(
      fc.property(input, (url) => {
        const target = tryParse(url);
        if (target === null) return;
        expect(target.port).toBeGreaterThanOrEqual(1);
        expect(target.port).toBeLessThanOrEqual(65535);
        // Whitespace at the very end of the URL is trimmed away, so a value that ends in whitespace is only stable
        // when it is not last; compare through one more round so both sides are canonical.
        const again = tryParse(formatSrtUrl(target));
        expect(again).not.toBeNull();
        expect(tryParse(formatSrtUrl(again!))).toEqual(again);
        if (![target.srtStreamId, target.passphrase, ...target.params.map(([, v]) => v)].some((v) => v !== null && /\s$/.test(v))) {
          expect(again).toEqual(target);
        }
      }),
      fuzzParams(2000),
    );
  });

  it('keeps the whole stream id, `#key` included, wherever streamid= sits among the parameters and whatever its case', () => {
    fc.assert(
      fc.property(
        host,
        port,
        fc.stringMatching(/^[0-9]{1,8}$/),
        value,
        fc.array(fc.tuple(paramKey, value), { maxLength: 4 }),
        fc.nat(),
        fc.constantFrom('streamid', 'STREAMID', 'StreamId'),
        (h, p, streamNo, key, params, at, name) => {
          const id = `${streamNo}#${key}`;
          const parts = params.map(([k, v]) => `${k}=${v}`);
          parts.splice(at % (parts.length + 1), 0, `${name}=${id}`);
          const target = tryParse(`srt://${h}:${p}?${parts.join('&')}`);
          expect(target).not.toBeNull();
          expect(target!.srtStreamId).toBe(id);
          expect(target!.params).toEqual(params);
          // The URL handed to ffmpeg never carries the id (it travels as -srt_streamid).
          expect(srtCallerUrl(target!)).toBe(`srt://${h}:${p}`);
        },
      ),
      fuzzParams<[string, number, string, string, [string, string][], number, 'streamid' | 'STREAMID' | 'StreamId']>(1000, [
        ['127.0.0.1', 5001, '123', '08cd54f0', [], 0, 'streamid'],
      ]),
    );
  });

  it('never accepts a URL whose `#` it cannot account for (no silent fragment)', () => {
    fc.assert(
      fc.property(fc.tuple(host, port, urlish).map(([h, p, q]) => `srt://${h}:${p}${q}`), (url) => {
        const target = tryParse(url);
        if (target === null) return;
        const kept = [target.srtStreamId ?? '', target.passphrase ?? '', ...target.params.flat()].join('');
        const query = url.trim().split('?').slice(1).join('?');
        // Every `#` of the query lands in a value or a key, except in parts the parser skips by rule: an empty key
        // (`&=#x`) and the earlier copies of a repeated streamid/passphrase (the last one wins).
        const skipped = query
          .split('&')
          .filter((part, i, all) => {
            const key = part.split('=')[0]!.toLowerCase();
            if (key === '') return true;
            if (key !== 'streamid' && key !== 'passphrase') return false;
            return all.slice(i + 1).some((later) => later.split('=')[0]!.toLowerCase() === key);
          })
          .join('');
        const count = (s: string): number => s.split('#').length - 1;
        expect(count(kept)).toBe(count(query) - count(skipped));
      }),
      fuzzParams(1000),
    );
  });

  it('parses long adversarial URLs in bounded time', () => {
    const adversarial = adversarialLine(
      ['srt://', 'srt://a:', 'srt://[', 'srt://h:1?', 'srt://h:1?streamid=', 'srt://h:1/?'],
      [':', '[', ']', 'a-', '.', '&', '=', '#', '&=', 'streamid=', '/', '%2'],
    );
    fc.assert(
      fc.property(adversarial, (url) => {
        expect(timeMs(() => tryParse(url))).toBeLessThan(PARSE_BUDGET_MS);
      }),
      fuzzParams(20),
    );
  });
});
