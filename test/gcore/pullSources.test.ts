// Pull-source rules: accepted schemes, every refusal reason, the 255-character limit, masking, and the PATCH bodies.

import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/appError';
import {
  PULL_URI_MAX_CHARS,
  checkPullSources,
  describePullRetryPolicy,
  maskPullUrl,
  pullOffPatch,
  pullPatch,
  pullRetryPolicy,
  validatePullSources,
} from '../../src/main/gcore/pullSources';

function refusal(urls: string[]): AppError {
  try {
    validatePullSources(urls);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(urls)} to be refused`);
}

describe('validatePullSources accepts', () => {
  it.each([
    'rtmp://live.example.com/app/stream',
    'rtmps://live.example.com:443/app/stream',
    'RTMP://Live.Example.com/app/stream',
    'srt://src.example.com:9000?streamid=12345',
    'srt://src.example.com:9000?mode=caller&latency=1000000&streamid=12345#key',
    'srt://93.184.216.34:9000/?streamid=abc',
    'http://cdn.example.com/live/stream.m3u8',
    'https://cdn.example.com/live/stream.m3u8?token=abc',
    'rtsp://camera.example.com:554/stream1',
    'rtsp://viewer:pw@camera.example.com/stream1',
    'rtmp://[2606:4700:4700::1111]/live/s',
    'rtmp://172.32.0.1/live', // just outside 172.16/12
    'rtmp://100.128.0.1/live', // just outside 100.64/10
    'rtmp://11.0.0.1/live',
    'rtmp://[64:ff9b::808:808]/live', // NAT64 for a public IPv4 address
    'rtmp://[2002:5db8:d822::1]/live', // 6to4 for 93.184.216.34
  ])('%s', (url) => {
    expect(validatePullSources([url])).toBe(url);
  });

  it('joins several URLs with single spaces, trimming and skipping blank entries', () => {
    expect(validatePullSources(['  rtmp://a.example.com/live/1 ', '', 'srt://b.example.com:9000?streamid=2'])).toBe(
      'rtmp://a.example.com/live/1 srt://b.example.com:9000?streamid=2',
    );
  });

  it(`accepts exactly ${PULL_URI_MAX_CHARS} characters in total`, () => {
    const first = 'rtmp://a.example.com/live/';
    const second = 'rtmp://b.example.com/live/';
    const pad = PULL_URI_MAX_CHARS - first.length - second.length - 1;
    const urls = [first + 'x'.repeat(Math.floor(pad / 2)), second + 'y'.repeat(Math.ceil(pad / 2))];
    expect(validatePullSources(urls)).toHaveLength(PULL_URI_MAX_CHARS);
  });
});

describe('validatePullSources refuses', () => {
  it.each<[string, string[], string, string]>([
    // [label, urls, code, part of the message]
    ['no URL', [], 'pull_no_urls', 'at least one pull URL'],
    ['only blanks', ['  ', ''], 'pull_no_urls', 'at least one pull URL'],
    ['a space inside a URL', ['rtmp://live.example.com/app/my stream'], 'pull_space_in_url', 'contains a space'],
    ['two URLs in one value', ['rtmp://a.example.com/l rtmp://b.example.com/l'], 'pull_space_in_url', 'each URL as its own value'],
    ['not a URL', ['live.example.com/app'], 'pull_not_a_url', 'is not a URL'],
    ['udp multicast', ['udp://239.0.0.1:1234'], 'pull_scheme', 'only set up on request by Gcore support'],
    ['whip', ['whip://x.example.com/whip'], 'pull_scheme', 'push-only'],
    ['ftp', ['ftp://files.example.com/a.ts'], 'pull_scheme', 'Gcore pulls from rtmp://, rtmps://, srt://, http://, https://, rtsp://'],
    ['no host', ['rtmp:///live'], 'pull_bad_host', 'has no valid host'],
    ['a bad port', ['rtmp://live.example.com:70000/live'], 'pull_bad_port', 'port 70000'],
    ['loopback IPv4', ['rtmp://127.0.0.1/live'], 'pull_not_public', 'a loopback address'],
    ['loopback anywhere in 127/8', ['srt://127.9.9.9:9000'], 'pull_not_public', 'a loopback address'],
    ['IPv4 shorthand for loopback', ['http://0x7f000001/live.m3u8'], 'pull_not_public', 'points at 127.0.0.1, a loopback address'],
    ['localhost', ['rtmp://localhost/live'], 'pull_not_public', 'a name for this computer'],
    ['LOCALHOST. (case, trailing dot)', ['srt://LOCALHOST.:9000'], 'pull_not_public', 'a name for this computer'],
    ['a *.localhost name', ['rtmp://cam.localhost/live'], 'pull_not_public', 'a name for this computer'],
    ['10/8', ['rtmp://10.1.2.3/live'], 'pull_not_public', 'a private network address (10.0.0.0/8)'],
    ['172.16/12', ['rtmp://172.20.0.5/live'], 'pull_not_public', 'a private network address (172.16.0.0/12)'],
    ['192.168/16', ['rtsp://192.168.1.10/stream'], 'pull_not_public', 'a private network address (192.168.0.0/16)'],
    ['link-local IPv4', ['rtmp://169.254.10.1/live'], 'pull_not_public', 'a link-local address'],
    ['CGNAT', ['rtmp://100.100.1.1/live'], 'pull_not_public', 'a carrier-grade NAT address (100.64.0.0/10)'],
    ['unspecified IPv4', ['rtmp://0.0.0.0/live'], 'pull_not_public', 'an unspecified address'],
    ['unspecified IPv6', ['rtmp://[::]/live'], 'pull_not_public', 'the unspecified address'],
    ['loopback IPv6', ['rtmp://[::1]/live'], 'pull_not_public', 'a loopback address'],
    ['unique-local IPv6', ['rtmp://[fd12:3456::1]/live'], 'pull_not_public', 'a unique-local IPv6 address'],
    ['link-local IPv6', ['rtmp://[fe80::1]/live'], 'pull_not_public', 'a link-local IPv6 address'],
    ['IPv4-mapped private IPv6', ['rtmp://[::ffff:192.168.0.1]/live'], 'pull_not_public', 'a private network address (192.168.0.0/16)'],
    ['NAT64 loopback', ['rtmp://[64:ff9b::7f00:1]/live'], 'pull_not_public', 'a NAT64 IPv6 address (64:ff9b::/96) for 127.0.0.1, a loopback address'],
    ['NAT64 private, dotted', ['rtmp://[64:ff9b::10.1.2.3]/live'], 'pull_not_public', 'for 10.1.2.3, a private network address (10.0.0.0/8)'],
    ['IPv4-compatible loopback', ['srt://[::127.0.0.1]:9000'], 'pull_not_public', 'an IPv4-compatible IPv6 address (::/96, deprecated) for 127.0.0.1, a loopback address'],
    ['IPv4-compatible private', ['rtmp://[::c0a8:1]/live'], 'pull_not_public', 'for 192.168.0.1, a private network address (192.168.0.0/16)'],
    ['6to4 loopback', ['rtmp://[2002:7f00:1::]/live'], 'pull_not_public', 'a 6to4 IPv6 address (2002::/16) for 127.0.0.1, a loopback address'],
    ['6to4 CGNAT', ['rtmp://[2002:6464:101::1]/live'], 'pull_not_public', 'for 100.100.1.1, a carrier-grade NAT address'],
    ['IPv4-translated private', ['rtmp://[::ffff:0:a00:1]/live'], 'pull_not_public', 'for 10.0.0.1, a private network address'],
    ['Teredo with a private server', ['rtmp://[2001:0:a00:1::]/live'], 'pull_not_public', 'a Teredo IPv6 address (2001::/32, server part) for 10.0.0.1'],
    ['local-use NAT64', ['rtmp://[64:ff9b:1::1]/live'], 'pull_not_public', 'a local-use NAT64 address (64:ff9b:1::/48)'],
    ['multicast IPv4', ['rtmp://239.1.1.1/live'], 'pull_not_public', 'a multicast address'],
    ['a documentation address', ['rtmp://203.0.113.7/live'], 'pull_not_public', 'a documentation address'],
    ['an mDNS name', ['rtmp://encoder.local/live'], 'pull_not_public', 'an mDNS (.local) name'],
    ['a single-label name', ['rtmp://studio/live'], 'pull_not_public', 'a single-label name'],
    ['SRT in listener mode', ['srt://src.example.com:9000?mode=listener'], 'pull_srt_mode', 'mode=listener'],
    ['a duplicate', ['rtmp://a.example.com/live', 'rtmp://a.example.com/live'], 'pull_duplicate', 'Pull URL 2 (rtmp://a.example.com/live) is listed twice'],
  ])('%s', (_label, urls, code, text) => {
    const err = refusal(urls);
    expect(err.kind).toBe('input');
    expect(err.code).toBe(code);
    expect(err.message).toContain(text);
  });

  it('more than 255 characters in total, giving the actual length', () => {
    // 26 + 100 + 1 (space) + 26 + 103 = 256
    const urls = [`rtmp://a.example.com/live/${'x'.repeat(100)}`, `rtmp://b.example.com/live/${'y'.repeat(103)}`];
    const err = refusal(urls);
    expect(err.code).toBe('pull_too_long');
    expect(err.message).toBe('The pull URLs are 256 characters long joined with spaces; Gcore accepts at most 255, so remove a URL or shorten one.');
  });

  it('names which URL is wrong, and reports how many more problems there are', () => {
    const err = refusal(['rtmp://ok.example.com/live', 'rtmp://10.0.0.1/live', 'rtmp://localhost/live']);
    expect(err.message).toMatch(/^Pull URL 2 \(rtmp:\/\/10\.0\.0\.1\/live\) points at 10\.0\.0\.1/);
    expect(err.message).toContain('(1 more problem in the list.)');
    const check = checkPullSources(['rtmp://ok.example.com/live', 'rtmp://10.0.0.1/live', 'rtmp://localhost/live']);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problems.map((p) => p.code)).toEqual(['pull_not_public', 'pull_not_public']);
  });

  it('masks stream keys, passphrases, passwords and token parameters in messages', () => {
    const cases: Array<[string, string]> = [
      ['srt://10.0.0.1:9000?streamid=12#supersecretkey', 'supersecretkey'],
      ['srt://10.0.0.1:9000?streamid=12&passphrase=verysecretphrase', 'verysecretphrase'],
      ['rtmp://user:hunter2pass@192.168.1.2/live', 'hunter2pass'],
      ['https://127.0.0.1/live.m3u8?token=tok3nvalue', 'tok3nvalue'],
    ];
    for (const [url, secret] of cases) {
      const err = refusal([url]);
      expect(err.message).not.toContain(secret);
      expect(err.message).toContain('****');
    }
    expect(maskPullUrl('srt://h.example.com:9000?streamid=12#k3y')).toBe('srt://h.example.com:9000?streamid=12#****');
  });
});

describe('pull PATCH bodies', () => {
  it('pullPatch turns pull on with the joined uri and re-activates the stream', () => {
    expect(pullPatch(['rtmp://a.example.com/live', 'srt://b.example.com:9000?streamid=1'])).toEqual({
      pull: true,
      uri: 'rtmp://a.example.com/live srt://b.example.com:9000?streamid=1',
      active: true,
    });
  });

  it('pullPatch validates first', () => {
    expect(() => pullPatch(['rtmp://192.168.0.2/live'])).toThrow(AppError);
  });

  it('pullOffPatch switches back to push and clears the sources, leaving active alone', () => {
    expect(pullOffPatch()).toEqual({ pull: false, uri: null });
  });
});

describe('describePullRetryPolicy', () => {
  it('explains both documented behaviours in printable lines', () => {
    const text = describePullRetryPolicy().join('\n');
    for (const fact of ['10 s, 30 s, 60 s, 5 min, then 10 min', '30 s', '24 hours', 'about 3 s', 'round-robin', 'about every 3 s', 'about 2 hours', 'active = false', '255']) {
      expect(text).toContain(fact);
    }
    expect(describePullRetryPolicy().every((line) => typeof line === 'string' && line.length > 0)).toBe(true);
  });

  it('gives the numbers as data', () => {
    const policy = pullRetryPolicy();
    expect(policy.older.retryScheduleMs).toEqual([10_000, 30_000, 60_000, 300_000, 600_000]);
    expect(policy.older.deactivateAfterInactiveMs).toBe(86_400_000);
    expect(policy.current).toMatchObject({ switchAfterMs: 3000, retryEveryMs: 3000, giveUpAfterMs: 7_200_000 });
  });
});
