// StreamView mapping (masking, defaults, playback URL) and the write-field schema used at the CLI/IPC boundary.

import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/appError';
import { parseStreamWrite, streamSchema, type GcoreStream } from '../../src/main/gcore/streamSchema';
import { toStreamView } from '../../src/main/gcore/streamView';

const KEY = '08cd54f0';

function stream(fields: Partial<GcoreStream> = {}): GcoreStream {
  return streamSchema.parse({
    id: 123,
    name: 'Show',
    active: true,
    pull: false,
    uri: null,
    live: true,
    backup_live: false,
    push_url_srt: `srt://vp-push-anx2-srt.gvideo.co:5001?streamid=123#${KEY}`,
    backup_push_url_srt: `srt://vp-push-ed1-srt.gvideo.co:5001?streamid=123b#${KEY}`,
    srt_passphrase: 'correct-horse-battery',
    token: KEY,
    hls_cmaf_url: 'https://demo.gvideo.io/cmaf/1_123/master.m3u8',
    iframe_url: 'https://player.gvideo.co/streams/1_123',
    created_at: '2026-01-15T12:00:00Z',
    ...fields,
  });
}

describe('toStreamView', () => {
  it('masks stream keys and never copies the passphrase or push token', () => {
    const view = toStreamView(stream(), { reveal: false });
    expect(view).toEqual({
      id: 123,
      name: 'Show',
      active: true,
      pull: false,
      pullSources: [],
      live: true,
      backupLive: false,
      pushUrlSrt: 'srt://vp-push-anx2-srt.gvideo.co:5001?streamid=123#****',
      backupPushUrlSrt: 'srt://vp-push-ed1-srt.gvideo.co:5001?streamid=123b#****',
      hasPassphrase: true,
      playbackUrl: 'https://demo.gvideo.io/cmaf/1_123/master.m3u8',
      createdAt: '2026-01-15T12:00:00Z',
    });
    expect(JSON.stringify(view)).not.toContain(KEY);
    expect(JSON.stringify(view)).not.toContain('correct-horse-battery');
  });

  it('reveals the push URLs only when asked, still without the passphrase', () => {
    const view = toStreamView(stream(), { reveal: true });
    expect(view.pushUrlSrt).toBe(`srt://vp-push-anx2-srt.gvideo.co:5001?streamid=123#${KEY}`);
    expect(JSON.stringify(view)).not.toContain('correct-horse-battery');
  });

  it('splits pull sources and masks their secrets', () => {
    const view = toStreamView(stream({ pull: true, uri: 'srt://a.example.com:9000?streamid=7#k3ys3cret  rtmp://b.example.com/live' }), { reveal: false });
    expect(view.pullSources).toEqual(['srt://a.example.com:9000?streamid=7#****', 'rtmp://b.example.com/live']);
  });

  it('falls back to the player page and to safe defaults when fields are missing or null', () => {
    const view = toStreamView(streamSchema.parse({ id: 5, name: 'Bare', hls_cmaf_url: null, iframe_url: 'https://player.gvideo.co/streams/1_5' }), {
      reveal: false,
    });
    expect(view).toMatchObject({ active: false, pull: false, live: false, backupLive: false, pushUrlSrt: null, hasPassphrase: false, createdAt: null });
    expect(view.playbackUrl).toBe('https://player.gvideo.co/streams/1_5');
    expect(toStreamView(streamSchema.parse({ id: 6, name: 'None' }), { reveal: false }).playbackUrl).toBeNull();
  });
});

describe('parseStreamWrite', () => {
  it('passes valid fields through', () => {
    expect(parseStreamWrite({ name: 'A', active: true, srt_passphrase: null })).toEqual({ name: 'A', active: true, srt_passphrase: null });
  });

  it('refuses bad and unknown fields without echoing values', () => {
    let err: unknown;
    try {
      parseStreamWrite({ srt_passphrase: 'has space in it', dvr_duration: 10, live: true });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    const message = (err as AppError).message;
    expect(message).toContain('srt_passphrase must be printable ASCII without spaces');
    expect(message).toContain('dvr_duration');
    expect(message).toContain('unknown field(s) live');
    expect(message).not.toContain('has space in it');
  });

  it('caps the passphrase at the SRT library limit of 79', () => {
    expect(() => parseStreamWrite({ srt_passphrase: 'x'.repeat(80) })).toThrow('at most 79');
    expect(parseStreamWrite({ srt_passphrase: 'x'.repeat(79) }).srt_passphrase).toHaveLength(79);
  });
});
