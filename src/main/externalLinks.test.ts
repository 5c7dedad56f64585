import { describe, expect, it } from 'vitest';
import { externalUrlToOpen } from './externalLinks';

describe('externalUrlToOpen', () => {
  it('returns the normalised URL it checked for Gcore https links', () => {
    expect(externalUrlToOpen('https://portal.gcore.com/streaming/streaming/list')).toBe('https://portal.gcore.com/streaming/streaming/list');
    expect(externalUrlToOpen('https://GCORE.com/docs/../docs/streaming')).toBe('https://gcore.com/docs/streaming');
    expect(externalUrlToOpen('https://gcore.com')).toBe('https://gcore.com/');
  });

  it("opens Gcore's playback pages: the hosted player and an account's playback subdomain", () => {
    expect(externalUrlToOpen('https://player.gvideo.co/streams/561041_101')).toBe('https://player.gvideo.co/streams/561041_101');
    expect(externalUrlToOpen('https://12345.gvideo.io/video/dSmuIp-tNRtwACT')).toBe('https://12345.gvideo.io/video/dSmuIp-tNRtwACT');
    expect(externalUrlToOpen('https://demo-public.gvideo.io/cmaf/561041_101/master.m3u8')).toBe('https://demo-public.gvideo.io/cmaf/561041_101/master.m3u8');
  });

  it('refuses look-alikes of the playback hosts', () => {
    for (const raw of ['https://gvideo.io/', 'https://evilgvideo.io/', 'https://gvideo.io.attacker.com/', 'https://player.gvideo.co.attacker.com/', 'https://x.gvideo.co/', 'http://player.gvideo.co/streams/1', 'https://player.gvideo.co:444/', 'https://a@12345.gvideo.io/']) {
      expect(externalUrlToOpen(raw), raw).toBeNull();
    }
  });

  it('refuses a backslash, which the URL parser reads as a slash but another parser may read as part of a user name', () => {
    // WHATWG: host gcore.com, path /@evil.example/. A parser that keeps the backslash sees user "gcore.com\" at evil.example.
    expect(new URL('https://gcore.com\\@evil.example/').hostname).toBe('gcore.com');
    expect(externalUrlToOpen('https://gcore.com\\@evil.example/')).toBeNull();
    expect(externalUrlToOpen('https://gcore.com\\docs')).toBeNull();
  });

  it('refuses whitespace and control characters, which the URL parser would silently drop', () => {
    for (const raw of [
      'https://gcore.com/\nhttps://evil.example/',
      'https://gcore.com/docs\r\n',
      'https://gco\tre.com/',
      ' https://gcore.com/',
      'https://gcore.com/a b',
      'https://gcore.com/\u0000',
      'https://gcore.com/\u001b[2J',
      'https://gcore.com/\u0085',
      'https://gcore.com/\u202e',
      'https://gcore.com/\u00a0',
    ]) {
      expect(externalUrlToOpen(raw), JSON.stringify(raw)).toBeNull();
    }
  });

  it('refuses other hosts, schemes, credentials and ports', () => {
    for (const raw of ['https://gcore.com.attacker.com/', 'http://gcore.com/', 'https://user@gcore.com/', 'https://gcore.com:8443/', 'javascript:alert(1)', 'file:///bin/sh', 'not a url']) {
      expect(externalUrlToOpen(raw), raw).toBeNull();
    }
  });
});
