// Redaction as a property (issue 10 item 5): every key after streamid= is masked whatever surrounds it, the text
// around it survives, and hostile text is redacted in bounded time (parseErrorBody redacts whole error bodies).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/main/redact';
import { adversarialLine, fuzzParams, PARSE_BUDGET_MS, timeMs } from './fuzzConfig';

const keyChar = fc.constantFrom(...'0123456789abcdefXYZ+%/ "\''.split(''));

describe('redact', () => {
  it('masks every streamid key up to the next & or the end, and keeps what comes before it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }).filter((s) => !/streamid|%23|%3d|passphrase/i.test(s) && !s.includes('#')), fc.integer({ min: 1, max: 9999 }),
        fc.array(keyChar, { minLength: 6, maxLength: 40 }).map((a) => `k${a.join('')}`), fc.constantFrom('', '&latency=200', '\nnext line'),
        (before, id, key, after) => {
          const text = `${before}srt://h:5001?streamid=${id}#${key}${after}`;
          const out = redact(text);
          expect(out.startsWith(`${before}srt://h:5001?streamid=${id}#`)).toBe(true);
          expect(out).not.toContain(key);
          if (after.startsWith('&')) expect(out.endsWith(after)).toBe(true);
        }),
      fuzzParams(300),
    );
  });

  it('runs in bounded time on long hostile text (many streamid= without a #, long ids)', () => {
    fc.assert(
      fc.property(adversarialLine(['', 'srt://h?', 'x '], ['streamid=', 'streamid%3D', 'streamid=1', '-srt_streamid a', 'passphrase='], 20_000, 40_000), (text) => {
        expect(timeMs(() => redact(text))).toBeLessThan(PARSE_BUDGET_MS);
      }),
      fuzzParams(6),
    );
  });
});
