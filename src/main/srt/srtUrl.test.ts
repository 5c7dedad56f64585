import { describe, expect, it } from 'vitest';
import { parseSrtUrl, srtCallerUrl } from './srtUrl';

describe('parseSrtUrl', () => {
  it('keeps the # and stream key inside the stream id', () => {
    const t = parseSrtUrl('srt://vp-push-ed1-srt.gvideo.co:5001?streamid=123#08cd54f0');
    expect(t).toEqual({ host: 'vp-push-ed1-srt.gvideo.co', port: 5001, srtStreamId: '123#08cd54f0', passphrase: null, params: [] });
  });

  it('keeps other parameters verbatim and in order, and separates the passphrase', () => {
    const t = parseSrtUrl('srt://127.0.0.1:9000?mode=caller&latency=2500000&streamid=123b#abc+%2F&passphrase=0123456789ab');
    expect(t.srtStreamId).toBe('123b#abc+%2F');
    expect(t.passphrase).toBe('0123456789ab');
    expect(t.params).toEqual([
      ['mode', 'caller'],
      ['latency', '2500000'],
    ]);
  });

  it('accepts an IPv6 literal and a URL without query', () => {
    expect(parseSrtUrl('srt://[::1]:5001')).toMatchObject({ host: '[::1]', port: 5001, srtStreamId: null });
  });

  it.each([
    ['rtmp://host/in/123?key', 'must start with srt://'],
    ['srt://host?streamid=1', 'host and port are required'],
    ['srt://host:70000?streamid=1', 'port must be 1–65535'],
    ['srt://host:5001/in/123', 'has a path'],
    ['srt://bad_host!:5001', 'not a valid host name'],
  ])('refuses %s with a clear message', (url, why) => {
    expect(() => parseSrtUrl(url)).toThrow(why);
  });

  it('never quotes the stream key in an error', () => {
    expect(() => parseSrtUrl('srt://host:99999?streamid=1#SECRETKEY')).toThrow(/^(?!.*SECRETKEY)/s);
  });
});

describe('srtCallerUrl', () => {
  it('builds host:port with extra options and no stream id', () => {
    expect(srtCallerUrl({ host: '127.0.0.1', port: 5001 }, { latency: 2000000, pkt_size: 1316 })).toBe(
      'srt://127.0.0.1:5001?latency=2000000&pkt_size=1316',
    );
  });
});
