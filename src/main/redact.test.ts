import { describe, expect, it } from 'vitest';
import { maskPushUrl, redact } from './redact';

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

  it('leaves text without secrets alone', () => {
    expect(redact('Connection to srt://127.0.0.1:5001 failed')).toBe('Connection to srt://127.0.0.1:5001 failed');
    expect(maskPushUrl(undefined)).toBeNull();
  });
});
