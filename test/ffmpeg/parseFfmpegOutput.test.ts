// Parsers of ffmpeg's informational output, checked against verbatim Debian ffmpeg 5.1 captures (see fixtures SOURCE.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDevices, parseFilterNames, parseProtocols, parseVersion, summariseFailure } from '../../src/main/ffmpeg/parseFfmpegOutput';

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/ffmpeg/${name}`, import.meta.url), 'utf8');
}

describe('parseVersion', () => {
  it('reads the Debian 5.1 release and drops the distro suffix', () => {
    expect(parseVersion(fixture('debian-5.1-version.txt'))).toEqual({ version: '5.1.9', major: 5, minor: 1, gitBuild: false });
  });

  // Single banner lines in the shapes other builds print (not captured on this machine).
  it.each([
    ['ffmpeg version 7.1.1-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2000-2025 the FFmpeg developers', '7.1.1', 7, 1],
    ['ffmpeg version 7.1-full_build-www.gyan.dev Copyright (c) 2000-2024 the FFmpeg developers', '7.1', 7, 1],
    ['ffmpeg version n6.1.2 Copyright (c) 2000-2024 the FFmpeg developers', '6.1.2', 6, 1],
    ['ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021 the FFmpeg developers', '4.4.2', 4, 4],
    ['ffmpeg version 8.0 Copyright (c) 2000-2025 the FFmpeg developers', '8.0', 8, 0],
  ])('reads %s', (banner, version, major, minor) => {
    expect(parseVersion(banner)).toEqual({ version, major, minor, gitBuild: false });
  });

  it('reads a git master build and dates it from libavformat', () => {
    const text = [
      'ffmpeg version N-118448-g43be8d0728-20250209 Copyright (c) 2000-2025 the FFmpeg developers',
      'built with gcc 14.2.0 (crosstool-NG 1.26.0.120_4d36f27)',
      'libavutil      59. 56.100 / 59. 56.100',
      'libavformat    61.  9.106 / 61.  9.106',
    ].join('\n');
    expect(parseVersion(text)).toEqual({ version: 'N-118448-g43be8d0728', major: 7, minor: null, gitBuild: true });
  });

  it('keeps the major unknown for a git build without library lines', () => {
    expect(parseVersion('ffmpeg version N-12345-gabc Copyright')).toEqual({ version: 'N-12345-gabc', major: null, minor: null, gitBuild: true });
  });

  it('returns null for text that is not ffmpeg output', () => {
    expect(parseVersion('')).toBeNull();
    expect(parseVersion('ffprobe version 5.1.9-0+deb12u1')).toBeNull();
    expect(parseVersion('bash: ffmpeg: command not found')).toBeNull();
  });
});

describe('parseProtocols', () => {
  it('separates input and output protocols of the Debian build (srt in both)', () => {
    const { input, output } = parseProtocols(fixture('debian-5.1-protocols.txt'));
    expect(output).toContain('srt');
    expect(input).toContain('srt');
    expect(output).toContain('pipe');
    expect(output).not.toContain('hls'); // hls is input-only: proves the sections are kept apart
    expect(input).toContain('hls');
    expect(input).toHaveLength(39);
    expect(output).toHaveLength(31);
  });

  it('reads CRLF output and does not treat headers as protocols', () => {
    const { input, output } = parseProtocols('Supported file protocols:\r\nInput:\r\n  file\r\nOutput:\r\n  file\r\n  srt\r\n');
    expect(input).toEqual(['file']);
    expect(output).toEqual(['file', 'srt']);
  });
});

describe('parseDevices', () => {
  it('lists the capture inputs of the Debian build, aliases split', () => {
    const { inputs, outputs } = parseDevices(fixture('debian-5.1-devices.txt'));
    expect(inputs).toEqual(
      expect.arrayContaining(['x11grab', 'kmsgrab', 'v4l2', 'video4linux2', 'pulse', 'alsa', 'lavfi']),
    );
    expect(inputs).not.toContain('xv'); // output-only device
    expect(outputs).toEqual(expect.arrayContaining(['xv', 'sdl', 'sdl2', 'alsa']));
    expect(outputs).not.toContain('x11grab');
  });

  it('reads the newer "---" separator and skips the legend', () => {
    const text = 'Devices:\n D. = Demuxing supported\n .E = Muxing supported\n ---\n D  dshow           DirectShow capture\n D  gdigrab         GDI API Windows frame grabber\n';
    expect(parseDevices(text)).toEqual({ inputs: ['dshow', 'gdigrab'], outputs: [] });
  });
});

describe('parseFilterNames', () => {
  it('lists the Debian build filters without the legend lines', () => {
    const names = parseFilterNames(fixture('debian-5.1-filters.txt'));
    expect(names).toContain('hwupload');
    expect(names).toContain('color');
    expect(names).toContain('colorchannelmixer'); // name fills its column: one space before the signature
    expect(names).not.toContain('ddagrab');
    expect(names.some((n) => n === 'T..' || n === '=' || n === 'Timeline')).toBe(false);
    expect(names.length).toBeGreaterThan(400);
  });

  it('finds ddagrab in a Windows listing row', () => {
    const text = ' ... ddagrab           |->V       Grab Windows Desktop images using Desktop Duplication API\n';
    expect(parseFilterNames(text)).toEqual(['ddagrab']);
  });
});

describe('summariseFailure', () => {
  it.each([
    ['debian-5.1-encode-hevc_nvenc.stderr.txt', 'Cannot load libcuda.so.1'],
    ['debian-5.1-encode-hevc_qsv.stderr.txt', 'Error initializing an internal MFX session: unsupported (-3)'],
    ['debian-5.1-encode-hevc_v4l2m2m.stderr.txt', 'Could not find a valid device'],
    ['debian-5.1-encode-hevc_vaapi.stderr.txt', 'No VA display found for device /dev/dri/renderD128'],
  ])('picks the specific line of %s', (file, reason) => {
    expect(summariseFailure(fixture(file))).toBe(reason);
  });

  it('skips generic wrapper lines of newer ffmpeg that carry a tag', () => {
    const stderr = [
      '[vost#0:0/hevc_amf @ 0x1] Error while opening encoder - maybe incorrect parameters such as bit_rate, rate, width or height.',
      '[hevc_amf @ 0x2] DLL amfrt64.dll failed to open',
    ].join('\n');
    expect(summariseFailure(stderr)).toBe('DLL amfrt64.dll failed to open');
  });

  it('falls back to an untagged line, then to the first line, and cuts long lines', () => {
    expect(summariseFailure('Unknown encoder \'hevc_foo\'\nConversion failed!\n')).toBe("Unknown encoder 'hevc_foo'");
    expect(summariseFailure('Conversion failed!\n')).toBe('Conversion failed!');
    expect(summariseFailure('')).toBe('no error output');
    const long = summariseFailure(`[x @ 0x1] ${'a'.repeat(300)}`, 40);
    expect(long).toHaveLength(40);
    expect(long.endsWith('…')).toBe(true);
  });
});
