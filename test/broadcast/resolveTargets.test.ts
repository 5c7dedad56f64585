import { describe, expect, it } from 'vitest';
import { targetsFromStream, targetsFromUrls } from '../../src/main/broadcast/resolveTargets';
import { tuningFromSettings } from '../../src/main/broadcastDeps';

const base = { id: 123, name: 'Show', active: true, pull: false };

describe('targetsFromStream', () => {
  it('uses the URLs the API returned, keeps # in the stream id, passes the passphrase, masks the labels', () => {
    const t = targetsFromStream({
      ...base,
      push_url_srt: 'srt://vp-push-ed1-srt.gvideo.co:5001?streamid=123#08cd54f0',
      backup_push_url_srt: 'srt://vp-push-anx1-srt.gvideo.co:5001?streamid=123b#08cd54f0',
      srt_passphrase: 'correct-horse-battery',
    });
    expect(t.primary).toEqual({
      role: 'primary', host: 'vp-push-ed1-srt.gvideo.co', port: 5001, srtStreamId: '123#08cd54f0', passphrase: 'correct-horse-battery',
      label: 'srt://vp-push-ed1-srt.gvideo.co:5001?streamid=123#****',
    });
    expect(t.backup).toMatchObject({ role: 'backup', host: 'vp-push-anx1-srt.gvideo.co', srtStreamId: '123b#08cd54f0' });
  });

  it('has no backup when the API gives none', () => {
    expect(targetsFromStream({ ...base, push_url_srt: 'srt://h:5001?streamid=1#k' }).backup).toBeNull();
  });

  it.each([
    [{ ...base, pull: true, push_url_srt: 'srt://h:5001?streamid=1#k' }, 'pull off'],
    [{ ...base, active: false, push_url_srt: 'srt://h:5001?streamid=1#k' }, 'inactive'],
    [{ ...base }, 'no SRT push URL'],
  ])('refuses a stream it cannot push to (%#)', (stream, message) => {
    expect(() => targetsFromStream(stream)).toThrow(message);
  });
});

describe('targetsFromUrls', () => {
  it('takes the passphrase from the URL and unwraps IPv6 hosts', () => {
    const t = targetsFromUrls('srt://[::1]:9000?streamid=a#b&passphrase=0123456789ab');
    expect(t.primary).toMatchObject({ host: '::1', port: 9000, srtStreamId: 'a#b', passphrase: '0123456789ab' });
    expect(t.primary.label).not.toContain('0123456789ab');
  });

  it('refuses the same URL twice (two connections to one URL break Gcore transcoding)', () => {
    expect(() => targetsFromUrls('srt://h:1?streamid=1#k', 'srt://h:1?streamid=1#k')).toThrow('the same');
  });
});

describe('tuningFromSettings', () => {
  it('maps the engine settings block onto session and policy timings', () => {
    expect(tuningFromSettings(undefined)).toEqual({});
    expect(tuningFromSettings({ silenceMs: 500, retryBudgetMs: 60_000, primaryRetryMinIntervalMs: 12_000 })).toEqual({
      silenceMs: 500,
      failover: { retryBudgetMs: 60_000, primaryRetryMinIntervalMs: 12_000 },
    });
    expect(tuningFromSettings({ encoderStallMs: 3000, encoderMaxRestarts: 2 })).toEqual({ failover: {}, encoderRestart: { stallMs: 3000, maxRestarts: 2 } });
  });
});
