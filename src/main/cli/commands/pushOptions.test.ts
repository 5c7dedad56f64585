import { describe, expect, it } from 'vitest';
import { parsePushOptions } from './pushOptions';

describe('parsePushOptions', () => {
  it('uses sensible defaults for a local rehearsal', () => {
    expect(parsePushOptions(['--local'])).toEqual({
      config: {
        target: { kind: 'local' },
        input: { kind: 'testsrc' },
        audio: { kind: 'tone' },
        width: 1280,
        height: 720,
        fps: 30,
        bitrateKbps: 2500,
        keyintSeconds: 2,
        encoder: 'auto',
        latencyMs: 2000,
        mode: 'failover',
      },
      durationS: null,
      json: false,
      enable: false,
      faults: [],
      keyOnCommandLine: false,
      reportPath: null,
    });
  });

  it('takes the URLs from files or stdin, keeping them out of argv', () => {
    expect(parsePushOptions(['--primary-file', 'p.url']).config.target).toEqual({
      kind: 'urlFiles', primary: { from: 'file', path: 'p.url', option: '--primary-file' }, backup: null,
    });
    expect(parsePushOptions(['--primary-file', 'p.url', '--backup', 'srt://b:5001?streamid=1b']).config.target).toEqual({
      kind: 'urlFiles', primary: { from: 'file', path: 'p.url', option: '--primary-file' }, backup: { from: 'argv', url: 'srt://b:5001?streamid=1b' },
    });
    expect(parsePushOptions(['--primary', 'srt://a:5001?streamid=1', '--backup-file', 'b.url']).config.target).toMatchObject({ kind: 'urlFiles', backup: { from: 'file', path: 'b.url' } });
    expect(parsePushOptions(['--urls-from-stdin']).config.target).toEqual({ kind: 'urlsFromStdin' });
    expect(parsePushOptions(['--primary-file', 'p.url']).keyOnCommandLine).toBe(false);
  });

  it('notes a stream key or passphrase given on the command line', () => {
    expect(parsePushOptions(['--primary', 'srt://a:5001?streamid=1#k']).keyOnCommandLine).toBe(true);
    expect(parsePushOptions(['--primary-file', 'p', '--backup', 'srt://b:5001?streamid=1b&passphrase=0123456789']).keyOnCommandLine).toBe(true);
    expect(parsePushOptions(['--primary', 'srt://a:5001?streamid=public']).keyOnCommandLine).toBe(false);
  });

  it('takes --enable with --stream only', () => {
    expect(parsePushOptions(['--stream', '42', '--enable'])).toMatchObject({ config: { target: { kind: 'stream', gcoreStreamId: 42 } }, enable: true });
    expect(() => parsePushOptions(['--local', '--enable'])).toThrow('--enable goes with --stream ID');
    expect(() => parsePushOptions(['--primary', 'srt://a:5001?streamid=1#k', '--enable'])).toThrow('--enable goes with --stream ID');
  });

  it('keeps explicit SRT URLs verbatim, # and all', () => {
    const { config } = parsePushOptions(['--primary', 'srt://a:5001?streamid=1#k+y', '--backup', 'srt://b:5001?streamid=1b#k+y', '--mode', 'redundant']);
    expect(config.target).toEqual({ kind: 'urls', primary: 'srt://a:5001?streamid=1#k+y', backup: 'srt://b:5001?streamid=1b#k+y' });
    expect(config.mode).toBe('redundant');
  });

  it('parses sources, audio, size and numbers', () => {
    const { config, durationS, json } = parsePushOptions([
      '--stream', '42', '--input', 'camera:HD Pro Webcam C920', '--audio', 'alsa_input.usb', '--size', '640x360',
      '--fps', '25', '--bitrate', '800', '--keyint', '1', '--encoder', 'libx265', '--latency', '2500', '--duration', '12.5', '--json',
    ]);
    expect(config.target).toEqual({ kind: 'stream', gcoreStreamId: 42 });
    expect(config.input).toEqual({ kind: 'camera', device: 'HD Pro Webcam C920' });
    expect(config.audio).toEqual({ kind: 'device', device: 'alsa_input.usb' });
    expect(config).toMatchObject({ width: 640, height: 360, fps: 25, bitrateKbps: 800, keyintSeconds: 1, encoder: 'libx265', latencyMs: 2500 });
    expect(durationS).toBe(12.5);
    expect(json).toBe(true);
    expect(parsePushOptions(['--local', '--input', 'desktop:1']).config.input).toEqual({ kind: 'desktop', display: '1' });
    expect(parsePushOptions(['--local', '--input', 'desktop']).config.audio).toEqual({ kind: 'none' });
  });

  it('plays a file once by default, again and again with --loop; the file\'s own sound first, silence when it has none', () => {
    const once = parsePushOptions(['--local', '--input', 'file:/media/intro: part 1.mp4']).config;
    expect(once.input).toEqual({ kind: 'file', path: '/media/intro: part 1.mp4', loop: false });
    expect(once.audio).toEqual({ kind: 'silence' });
    expect(parsePushOptions(['--local', '--input', 'file:intro.mp4', '--once']).config.input).toEqual({ kind: 'file', path: 'intro.mp4', loop: false });
    expect(parsePushOptions(['--local', '--input', 'file:intro.mp4', '--loop']).config.input).toEqual({ kind: 'file', path: 'intro.mp4', loop: true });
    expect(parsePushOptions(['--local', '--input', 'file:intro.mp4', '--audio', 'tone']).config.audio).toEqual({ kind: 'tone' });
  });

  it.each([
    [['--local', '--input', 'file:'], 'Unknown --input'],
    [['--local', '--input', 'file:a.mp4', '--loop', '--once'], '--loop and --once contradict each other'],
    [['--local', '--loop'], '--loop and --once go with --input file:PATH'],
    [['--local', '--input', 'file:a.mp4', '--region', '640x360+0+0'], '--region, --camera-mode and --pip need'],
    [[], 'exactly one of'],
    [['--local', '--stream', '1'], 'exactly one of'],
    [['--backup', 'srt://b:1'], '--backup and --backup-file go with --primary'],
    [['--backup-file', 'b.url'], '--backup and --backup-file go with --primary'],
    [['--primary', 'srt://a:1?streamid=1', '--primary-file', 'p.url'], 'use one'],
    [['--urls-from-stdin', '--primary-file', 'p.url'], 'exactly one of'],
    [['--urls-from-stdin', '--backup', 'srt://b:1'], 'second line of stdin'],
    [['--local', 'srt://x:1'], 'Unexpected argument'],
    [['--stream', 'abc'], 'not a stream ID'],
    [['--local', '--size', '1280*720'], 'must look like 1280x720'],
    [['--local', '--fps', '29.97'], 'whole number'],
    [['--local', '--keyint', '0'], 'positive number'],
    [['--local', '--mode', 'both'], 'failover or redundant'],
    [['--local', '--input', 'webcam'], 'Unknown --input'],
  ])('refuses %j', (argv, message) => {
    expect(() => parsePushOptions(argv)).toThrow(message);
  });
});
