import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/main/appError';
import { redact } from '../../../src/main/redact';
import { buildSenderArgs, senderSecrets, validateLatencyMs, validateSrtStreamId, type SenderArgsInput } from '../../../src/main/ffmpeg/args/senderArgs';
import { validatePassphrase } from '../../../src/main/srt/packets/passphrase';
import { SENDER_STREAM_ID_PLACEHOLDER } from '../../../src/main/srt/packets/streamIdRewrite';

const base: SenderArgsInput = { tapHost: '127.0.0.1', tapPort: 40001, passphrase: null, latencyMs: 2000 };

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

describe('buildSenderArgs', () => {
  it('passes stdin through in 1316-byte packets (no demuxing, no probing) to an SRT caller URL with only a placeholder stream id', () => {
    const args = buildSenderArgs(base);
    expect(args.slice(0, 3)).toEqual(['-hide_banner', '-loglevel', 'warning']);
    expect(args.slice(args.indexOf('-nofind_stream_info'), args.indexOf('-i') + 2)).toEqual([
      '-nofind_stream_info', '-f', 'rawvideo', '-video_size', '1316x1', '-pix_fmt', 'gray', '-framerate', '1000', '-i', 'pipe:0',
    ]);
    expect(args).not.toContain('-probesize');
    expect(args.slice(args.indexOf('-map'))).toEqual([
      '-map', '0', '-c', 'copy', '-f', 'data', '-srt_streamid', SENDER_STREAM_ID_PLACEHOLDER,
      'srt://127.0.0.1:40001?mode=caller&latency=2000000&pkt_size=1316&connect_timeout=3000',
    ]);
    expect(args).not.toContain('-passphrase');
    expect(SENDER_STREAM_ID_PLACEHOLDER).not.toContain('#');
  });

  it('adds -passphrase as its own argument', () => {
    const args = buildSenderArgs({ ...base, passphrase: 'k3y-With#Symbols&' });
    expect(flag(args, '-passphrase')).toBe('k3y-With#Symbols&');
    expect(args.at(-1)).not.toContain('passphrase');
  });

  it('converts latency to microseconds and honours the connect timeout', () => {
    const url = buildSenderArgs({ ...base, latencyMs: 2500, connectTimeoutMs: 1000 }).at(-1);
    expect(url).toBe('srt://127.0.0.1:40001?mode=caller&latency=2500000&pkt_size=1316&connect_timeout=1000');
  });

  it('brackets an IPv6 tap host', () => {
    expect(buildSenderArgs({ ...base, tapHost: '::1' }).at(-1)).toMatch(/^srt:\/\/\[::1\]:40001\?/);
  });

  it.each([
    [{ latencyMs: 3000 }, 'bad_latency'],
    [{ latencyMs: 19 }, 'bad_latency'],
    [{ passphrase: 'short' }, 'bad_passphrase'],
    [{ connectTimeoutMs: 50 }, 'bad_connect_timeout'],
    [{ tapPort: 0 }, 'bad_tap_port'],
    [{ tapHost: 'evil/host' }, 'bad_tap_host'],
  ] as const)('refuses %o with %s', (overrides, code) => {
    const err = errorOf(() => buildSenderArgs({ ...base, ...overrides }));
    expect(err.kind).toBe('input');
    expect(err.code).toBe(code);
  });
});

describe('validateSrtStreamId', () => {
  it.each(['1', '123#08cd54f0', 'x'.repeat(512), 'é'.repeat(256)])('accepts %s', (id) => {
    expect(() => validateSrtStreamId(id)).not.toThrow();
  });

  it.each([
    ['an empty id', ''],
    ['513 bytes', 'x'.repeat(513)],
    ['257 two-byte characters (514 bytes, over libsrt\'s 512)', 'é'.repeat(257)],
    ['a line break', '123#abc\n'],
  ])('refuses %s', (_what, id) => {
    expect(errorOf(() => validateSrtStreamId(id)).code).toBe('bad_srt_stream_id');
  });
});

describe('validateLatencyMs', () => {
  it.each([20, 120, 2000, 2500, 2999])('accepts %i ms', (ms) => {
    expect(() => validateLatencyMs(ms)).not.toThrow();
  });

  it.each([0, 19, 3000, 5000, 2000.5, Number.NaN])('refuses %s ms citing Gcore', (ms) => {
    const err = errorOf(() => validateLatencyMs(ms));
    expect(err.code).toBe('bad_latency');
    expect(err.message).toMatch(/Gcore recommends 2000–2500 ms and drops connections at 3000 ms or more/);
  });
});

describe('validatePassphrase', () => {
  it.each(['a'.repeat(10), 'b'.repeat(79), '!~#&%+=abcdef'])('accepts %s', (p) => {
    expect(() => validatePassphrase(p)).not.toThrow();
  });

  it.each([
    ['a'.repeat(9), /9 characters: it must have 10 to 79/],
    ['a'.repeat(80), /80 characters/],
    ['with a space', /printable ASCII characters without spaces/],
    ['ünïcödé-pass', /printable ASCII/],
  ])('refuses %s without echoing it', (p, message) => {
    const err = errorOf(() => validatePassphrase(p));
    expect(err.code).toBe('bad_passphrase');
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain(p);
  });
});

describe('senderSecrets', () => {
  it('lists the stream key and passphrase so the sender log can be redacted', () => {
    const input = { srtStreamId: '123b#08cd54f0', passphrase: 'Sup3rSecretPass' };
    expect(senderSecrets(input)).toEqual(['08cd54f0', 'Sup3rSecretPass']);
    const commandLine = buildSenderArgs({ ...base, passphrase: input.passphrase }).join(' ');
    expect(commandLine).not.toContain('08cd54f0');
    const masked = redact(commandLine, senderSecrets(input));
    expect(masked).not.toContain('Sup3rSecretPass');
    expect(masked).toContain('-passphrase ****');
  });

  it('treats an id without # as public', () => {
    expect(senderSecrets({ srtStreamId: '123', passphrase: null })).toEqual([]);
  });
});
