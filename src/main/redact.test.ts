import { describe, expect, it } from 'vitest';
import { maskPushUrl, maskStreamId, redact } from './redact';

describe('redact', () => {
  it('masks the stream key after # in a Gcore SRT push URL', () => {
    expect(maskPushUrl('srt://vp-push-ed1-srt.gvideo.co:5001?streamid=123#08cd54f0')).toBe(
      'srt://vp-push-ed1-srt.gvideo.co:5001?streamid=123#****',
    );
  });

  it('masks -srt_streamid and -passphrase arguments in an ffmpeg command line', () => {
    const line = 'ffmpeg -srt_streamid 123b#abcdef12 -passphrase s3cretPassw0rd srt://127.0.0.1:5001';
    expect(redact(line)).toBe('ffmpeg -srt_streamid 123b#**** -passphrase **** srt://127.0.0.1:5001');
  });

  it('masks literal secrets and APIKey headers', () => {
    expect(redact('token 7711_eyJabc failed', ['7711_eyJabc'])).toBe('token **** failed');
    expect(redact('Authorization: APIKey 7711_eyJabc')).toBe('Authorization: APIKey ****');
  });

  it('masks passphrase= in a URL but leaves prose about passphrases readable', () => {
    expect(redact('srt://h:1?passphrase=abcdefghijk&latency=1')).toBe('srt://h:1?passphrase=****&latency=1');
    expect(redact('REJECT reported: Incorrect passphrase - not processing further')).toBe('REJECT reported: Incorrect passphrase - not processing further');
  });

  it('masks a stream key up to the next & or the end, through whitespace and quotes', () => {
    expect(redact('srt://h:5001?streamid=123#abc def"ghi\'jkl&latency=2000000')).toBe('srt://h:5001?streamid=123#****&latency=2000000');
    expect(redact("Opening 'srt://h:5001?streamid=123#my key with spaces' for writing")).toBe("Opening 'srt://h:5001?streamid=123#****");
    expect(redact('streamid=101#k"ey')).toBe('streamid=101#****');
    expect(redact('srt://h:1?passphrase=abc def"ghi&latency=1')).toBe('srt://h:1?passphrase=****&latency=1');
  });

  it('finds a URL-encoded # (%23, and %2523 when encoded twice) and an encoded =', () => {
    expect(redact('srt://h:5001?streamid=123%2308cd54f0')).toBe('srt://h:5001?streamid=123%23****');
    expect(redact('srt://h:5001?streamid=123%252308cd54f0')).toBe('srt://h:5001?streamid=123%2523****');
    expect(redact('srt%3A%2F%2Fh%3A5001%3Fstreamid%3D123%2308cd54f0')).toBe('srt%3A%2F%2Fh%3A5001%3Fstreamid%3D123%23****');
    expect(redact('srt://h:5001?STREAMID=123%23abcd&x=1')).toBe('srt://h:5001?STREAMID=123%23****&x=1');
    expect(redact('ffmpeg -srt_streamid 123%23abcdef12 out')).toBe('ffmpeg -srt_streamid 123%23**** out');
  });

  it('masks the key of a bare stream id, which redact() alone leaves as it is', () => {
    expect(redact('123#08cd54f0')).toBe('123#08cd54f0');
    expect(maskStreamId('123#08cd54f0')).toBe('123#****');
    expect(maskStreamId('123b#08cd 54f0"x')).toBe('123b#****');
    expect(maskStreamId('123%2308cd54f0')).toBe('123%23****');
    expect(maskStreamId('0123456789abcdef')).toBe('****');
  });

  it('leaves text without secrets alone', () => {
    expect(redact('Connection to srt://127.0.0.1:5001 failed')).toBe('Connection to srt://127.0.0.1:5001 failed');
    expect(maskPushUrl(undefined)).toBeNull();
  });
});
