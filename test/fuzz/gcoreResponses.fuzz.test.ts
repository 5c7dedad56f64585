// Property-based tests of what the app reads from Gcore: the Stream schema (never throws; never lets a wrong type
// through in a field the engine uses), the error-body reader (never throws, never echoes the token) and the pull
// source validator (never throws, refuses private addresses in any notation, never echoes a key).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseErrorBody } from '../../src/main/gcore/gcoreErrors';
import { checkPullSources, PULL_SCHEMES } from '../../src/main/gcore/pullSources';
import { normaliseHost, whyNotPublic } from '../../src/main/gcore/publicHost';
import { streamListSchema, streamSchema, streamWriteSchema } from '../../src/main/gcore/streamSchema';
import { adversarialLine, fuzzParams, PARSE_BUDGET_MS, timeMs } from './fuzzConfig';

/** Fields the engine acts on (streamSchema's `field()`): a wrong type must fail the response. */
const ENGINE_BOOLEANS = ['active', 'pull', 'live', 'backup_live'] as const;
const ENGINE_STRINGS = [
  'uri', 'push_url', 'backup_push_url', 'push_url_srt', 'backup_push_url_srt', 'push_url_whip', 'token', 'srt_passphrase', 'hls_cmaf_url', 'iframe_url',
] as const;
/** Informational fields (`info()`): a wrong type reads as absent. */
const INFO_FIELDS: Record<string, 'string' | 'number' | 'boolean'> = {
  active_ingest_region_primary: 'string', stream_source_type: 'string', created_at: 'string', transcoding_speed: 'number',
  frame_rate: 'number', video_width: 'number', auto_record: 'boolean', dvr_duration: 'number', projection: 'string', cdn_id: 'number',
};

const json = fc.jsonValue({ maxDepth: 2 });
/** A value for a field: sometimes the right type, sometimes any JSON, sometimes null, sometimes left out. */
function fieldValue(right: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(right, json, fc.constant(null), fc.constant(undefined));
}
const streamLike = fc.record({
  id: fc.oneof(fc.integer({ min: 1, max: 2 ** 40 }), json, fc.constantFrom(0, -1, 1.5, '7', 2 ** 60)),
  name: fc.oneof(fc.string(), json),
  ...Object.fromEntries(ENGINE_BOOLEANS.map((k) => [k, fieldValue(fc.boolean())])),
  ...Object.fromEntries(ENGINE_STRINGS.map((k) => [k, fieldValue(fc.string())])),
  ...Object.fromEntries(Object.entries(INFO_FIELDS).map(([k, t]) => [k, fieldValue(t === 'string' ? fc.string() : t === 'number' ? fc.double() : fc.boolean())])),
  extra_field: json,
});
/** Drops keys whose value is undefined (JSON has no undefined), the way the body reaches the schema after JSON.parse. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null');

describe('Gcore Stream schema', () => {
  it('never throws on any JSON, for one stream and for a list', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), streamLike.map(asJson), fc.array(streamLike.map(asJson), { maxLength: 3 })), (body) => {
        expect(typeof streamSchema.safeParse(body).success).toBe('boolean');
        expect(typeof streamListSchema.safeParse(body).success).toBe('boolean');
        expect(typeof streamWriteSchema.safeParse(body).success).toBe('boolean');
      }),
      fuzzParams(400),
    );
  });

  it('accepts a stream exactly when every engine field has its type (or is null/absent), and passes those fields through', () => {
    fc.assert(
      fc.property(streamLike.map(asJson), (raw) => {
        const body = raw as Record<string, unknown>;
        const ok = (v: unknown, type: string): boolean => v === undefined || v === null || typeof v === type;
        const expected =
          typeof body.id === 'number' && Number.isSafeInteger(body.id) && body.id > 0 && typeof body.name === 'string' &&
          ENGINE_BOOLEANS.every((k) => ok(body[k], 'boolean')) && ENGINE_STRINGS.every((k) => ok(body[k], 'string'));
        const result = streamSchema.safeParse(body);
        expect(result.success).toBe(expected);
        if (!result.success) return;
        const stream = result.data as Record<string, unknown>;
        for (const k of [...ENGINE_BOOLEANS, ...ENGINE_STRINGS]) expect(stream[k]).toEqual(body[k]);
        for (const [k, type] of Object.entries(INFO_FIELDS)) expect(ok(stream[k], type)).toBe(true);
      }),
      fuzzParams(600, [
        // A `__proto__` key must not smuggle engine fields in through the prototype of the parsed object.
        [JSON.parse('{"id":1,"name":"x","__proto__":{"push_url_srt":123,"live":"yes"}}')],
      ]),
    );
  });
});

/** Gcore API tokens: digits, `$`, hex and a few more; never whitespace (checkToken refuses it). */
const token = fc.stringMatching(/^[0-9]{3,6}\$[0-9a-f]{16,64}$/);

describe('Gcore error bodies', () => {
  it('never throw, and never give back the token, whatever JSON or text the server sends', () => {
    const messageLike = (t: string): fc.Arbitrary<unknown> =>
      fc.oneof(
        fc.string().map((s) => `${s}${t}${s}`),
        fc.constantFrom(`Bad permanent token: ${t}`, `APIKey ${t}`, t),
        fc.jsonValue({ maxDepth: 1 }),
      );
    fc.assert(
      fc.property(
        token.chain((t) =>
          fc.tuple(
            fc.constant(t),
            fc.oneof(
              fc.record({ error: messageLike(t), message: messageLike(t), detail: messageLike(t), errors: fc.oneof(fc.dictionary(fc.string(), fc.array(messageLike(t))), messageLike(t)) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
              fc.array(messageLike(t)).map((a) => JSON.stringify(a)),
              messageLike(t).map((m) => (typeof m === 'string' ? m : JSON.stringify(m))),
            ),
          ),
        ),
        ([t, body]) => {
          const { serverMessage, fieldErrors } = parseErrorBody(body, t);
          const shown = [serverMessage ?? '', ...Object.keys(fieldErrors), ...Object.values(fieldErrors).flat()].join('\n');
          for (const messages of Object.values(fieldErrors)) expect(messages.every((m) => typeof m === 'string')).toBe(true);
          expect(shown).not.toContain(t);
          expect((serverMessage ?? '').length).toBeLessThanOrEqual(200);
        },
      ),
      fuzzParams<[[string, string]]>(400, [
        // Field names that are members of Object.prototype used to throw a TypeError out of the error path.
        [['726559$8abfc1c6da1b0a65daff6f70ae35ef5b', '{"errors":{"valueOf":["bad"],"constructor":["x"],"__proto__":["y"],"toString":"z"}}']],
        [['726559$8abfc1c6da1b0a65daff6f70ae35ef5b', '{"invalid_fields":{"hasOwnProperty":["bad"]}}']],
      ]),
    );
  });
});

/** Ways to write a private or loopback IPv4 address that a URL parser or getaddrinfo() would accept. */
const privateIpv4 = fc
  .tuple(
    fc.constantFrom([127, 0, 0, 1], [10, 1, 2, 3], [192, 168, 0, 10], [172, 16, 5, 4], [169, 254, 169, 254], [100, 64, 0, 1], [0, 0, 0, 0]),
    fc.constantFrom('dotted', 'int', 'hex', 'octal', 'two-part', 'three-part', 'mapped', 'mapped-hex'),
    fc.boolean(),
  )
  .map(([[a, b, c, d], form, trailingDot]) => {
    const n = ((a! << 24) | (b! << 16) | (c! << 8) | d!) >>> 0;
    const hex = (x: number): string => `0x${x.toString(16)}`;
    const forms: Record<string, string> = {
      dotted: `${a}.${b}.${c}.${d}`,
      int: String(n),
      hex: `${hex(a!)}.${hex(b!)}.${hex(c!)}.${hex(d!)}`,
      octal: `0${a!.toString(8)}.0${b!.toString(8)}.${c}.${d}`,
      'two-part': `${a}.${(b! << 16) | (c! << 8) | d!}`,
      'three-part': `${a}.${b}.${(c! << 8) | d!}`,
      mapped: `[::ffff:${a}.${b}.${c}.${d}]`,
      'mapped-hex': `[::ffff:${((a! << 8) | b!).toString(16)}:${((c! << 8) | d!).toString(16)}]`,
    };
    const host = forms[form]!;
    return trailingDot && !host.startsWith('[') ? `${host}.` : host;
  });

describe('pull source validator', () => {
  it('never throws, and whatever it accepts is a listed scheme, one URL each, a public host and within 255 characters', () => {
    const part = fc.string({ unit: fc.constantFrom(...'rtmpsrthtp:/?#@[]:.%&=-_ 0123456789abcxyzABC\\\t'.split('')), maxLength: 40 });
    const url = fc.oneof(part, fc.tuple(fc.constantFrom(...PULL_SCHEMES, 'udp', 'RTMP', 'javascript'), part).map(([s, rest]) => `${s}://${rest}`));
    fc.assert(
      fc.property(fc.array(url, { maxLength: 4 }), (urls) => {
        const check = checkPullSources(urls);
        if (!check.ok) {
          expect(check.problems.length).toBeGreaterThan(0);
          return;
        }
        expect(check.uri.length).toBeLessThanOrEqual(255);
        expect(new Set(check.urls).size).toBe(check.urls.length);
        for (const u of check.urls) {
          expect(u).not.toMatch(/\s/);
          const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i.exec(u);
          expect(PULL_SCHEMES).toContain(m![1]!.toLowerCase());
          const hostPort = m![2]!.slice(m![2]!.lastIndexOf('@') + 1);
          const host = normaliseHost(hostPort.replace(/:\d*$/, ''));
          expect(host).not.toBeNull();
          expect(whyNotPublic(host!)).toBeNull();
        }
      }),
      fuzzParams(800),
    );
  });

  it('refuses private and loopback IPv4 addresses in every notation (decimal, hex, octal, short, IPv4-mapped)', () => {
    fc.assert(
      fc.property(privateIpv4, fc.constantFrom('rtmp', 'srt', 'https', 'rtsp'), fc.constantFrom('', ':1935'), (host, scheme, port) => {
        const check = checkPullSources([`${scheme}://${host}${port}/live/x`]);
        expect(check.ok).toBe(false);
      }),
      fuzzParams(300),
    );
  });

  it('never puts a stream key, passphrase, password or token from a URL into its messages', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9]{10,20}$/);
    const where = fc.constantFrom(
      (s: string) => `srt://10.0.0.1:9000?streamid=123#${s}`,
      (s: string) => `srt://example.com:9000?mode=listener&passphrase=${s}`,
      (s: string) => `rtsp://viewer:${s}@127.0.0.1/stream`,
      (s: string) => `https://localhost/live.m3u8?token=${s}`,
      (s: string) => `udp://example.com:5000?key=${s}`,
      (s: string) => `rtmp://example.com/app?streamid=1#${s} extra`,
    );
    fc.assert(
      fc.property(secret, where, fc.boolean(), (s, build, twice) => {
        const url = build(s);
        const check = checkPullSources(twice ? [url, url] : [url]);
        expect(check.ok).toBe(false);
        if (check.ok) return;
        for (const p of check.problems) expect(p.message).not.toContain(s);
      }),
      fuzzParams(300),
    );
  });

  it('checks long adversarial URLs in bounded time', () => {
    const adversarial = adversarialLine(
      ['rtmp://', 'srt://a.com/?', 'rtmp://a.com:', 'rtmp://[', 'rtmp://a:b@', 'srt://a.com?streamid=1#'],
      ['[', ':', '@', '?mode=', '&key=x', '.', '%', 'a:', '#', '/'],
      3_000,
      8_000,
    );
    fc.assert(
      fc.property(adversarial, (url) => {
        expect(timeMs(() => checkPullSources([url]))).toBeLessThan(PARSE_BUDGET_MS);
      }),
      fuzzParams(20),
    );
  });
});
