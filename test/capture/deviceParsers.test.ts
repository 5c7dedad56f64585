// The device-listing parsers against verbatim tool output for Linux, Windows and macOS (test/fixtures/devices/SOURCE.md).

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { linuxSession, linuxSessionNotes, x11SocketPath } from '../../src/main/capture/linuxSession';
import { parseArecordList, parsePactlJsonSources, parsePactlShortSources } from '../../src/main/capture/parseAudioSources';
import { parseAvfoundationDeviceList } from '../../src/main/capture/parseAvfoundationOutput';
import { parseDshowDeviceList, parseDshowOptions } from '../../src/main/capture/parseDshowOutput';
import { parseFfmpegV4l2Formats, parseV4l2CtlFormats, parseV4l2CtlListDevices } from '../../src/main/capture/parseV4l2Output';
import { parseWindowsScreens } from '../../src/main/capture/parseWindowsScreens';
import { parseXdpyinfoScreens, parseXrandrMonitors } from '../../src/main/capture/parseX11Output';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/devices');
const fixture = (path: string): string =>
  path.endsWith('.gz') ? gunzipSync(readFileSync(join(FIXTURES, path))).toString('utf8') : readFileSync(join(FIXTURES, path), 'utf8');
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

describe('Windows: DirectShow device lists', () => {
  it('reads the sectioned layout of old ffmpeg (FFmpeg wiki), ignoring the exit line', () => {
    expect(parseDshowDeviceList(fixture('windows/dshow-list-devices-ffmpeg-wiki.txt'))).toEqual({
      video: [{ name: 'Integrated Camera' }, { name: 'screen-capture-recorder' }],
      audio: [{ name: 'Internal Microphone (Conexant 2' }, { name: 'virtual-audio-capturer' }],
    });
  });

  it('keeps non-ASCII names and attaches each alternative name to its device, with CRLF line ends too', () => {
    for (const text of [fixture('windows/dshow-list-devices-ffmpeg-3.2.txt'), crlf(fixture('windows/dshow-list-devices-ffmpeg-3.2.txt'))]) {
      const list = parseDshowDeviceList(text);
      expect(list.video.map((d) => d.name)).toEqual(['Integrated Webcam', 'screen-capture-recorder']);
      expect(list.audio.map((d) => d.name)).toEqual(['麦克风 (High Definition Audio 设备)', 'virtual-audio-capturer']);
      expect(list.video[0]?.alternativeName).toMatch(/^@device_pnp_\\\\\?\\usb#vid_0c45/);
      expect(list.audio[1]?.alternativeName).toBe('@device_sw_{33D9A762-90C8-11D0-BD43-00A0C911CE86}\\{8E146464-DB61-4309-AFA1-3578E927E935}');
    }
  });

  it('keeps parentheses inside names (capture card and headset)', () => {
    const list = parseDshowDeviceList(fixture('windows/dshow-list-devices-usb-capture.txt'));
    expect(list.video.map((d) => d.name)).toEqual(['USB 2861 Device', 'FaceTime HD Camera']);
    expect(list.audio.map((d) => d.name)).toEqual(['Headset Microphone (Cirrus Logic CS4208 (AB 94))']);
  });

  it.each(['windows/dshow-list-devices-ffmpeg-typed.txt', 'windows/dshow-list-devices-ffmpeg-master-typed.txt'])(
    'reads typed lines of ffmpeg 5+ whatever the log prefix (%s)',
    (file) => {
      const list = parseDshowDeviceList(fixture(file));
      expect(list.video).toEqual([{ name: 'screen-capture-recorder', alternativeName: '@device_sw_{860BB310-5D01-11D0-BD3B-00A0C911CE86}\\{4EA69364-2C8A-4AE6-A561-56E4B5044439}' }]);
      expect(list.audio.map((d) => d.name)).toEqual(['virtual-audio-capturer']);
    },
  );

  it('finds nothing in the ffmpeg 7 trailer lines and skips (none) devices', () => {
    expect(parseDshowDeviceList(fixture('windows/dshow-list-devices-ffmpeg-7-trailer.txt'))).toEqual({ video: [], audio: [] });
    // ffmpeg 5+ marks a filter without usable pins "(none)"; a device with both pins is listed in both.
    const typed = parseDshowDeviceList('[dshow @ 1] "Cam Link 4K" (video, audio)\n[dshow @ 1] "Broken" (none)\n');
    expect(typed).toEqual({ video: [{ name: 'Cam Link 4K' }], audio: [{ name: 'Cam Link 4K' }] });
  });

  it('turns -list_options into modes: sizes merged across duplicate caps, common rates inside the range', () => {
    const modes = parseDshowOptions(fixture('windows/dshow-list-options-c920.txt'));
    expect(modes.map((m) => `${m.width}x${m.height}`)).toEqual(['640x480', '320x180', '176x144', '160x120', '160x90']);
    expect(modes[0]).toEqual({ width: 640, height: 480, fps: [30, 25, 24, 20, 15, 10, 5], format: 'yuyv422' });
  });

  it('reads vcodec=mjpeg modes with the colour-information suffix of newer ffmpeg', () => {
    const modes = parseDshowOptions(fixture('windows/dshow-list-options-mjpeg-webcam.txt'));
    expect(modes).toHaveLength(6);
    expect(modes[0]).toEqual({ width: 640, height: 480, fps: [30], format: 'mjpeg' });
    expect(modes.every((m) => m.format === 'mjpeg' && m.fps.length === 1)).toBe(true);
  });

  it('lists monitors from the PowerShell one-liner, with negative offsets, after the whole desktop (lines written here)', () => {
    // Constructed input: the script prints `DeviceName|Primary|X|Y|Width|Height` (see WINDOWS_SCREENS_SCRIPT).
    const screens = parseWindowsScreens('\\\\.\\DISPLAY1|True|0|0|2560|1440\r\n\\\\.\\DISPLAY2|False|-1920|180|1920|1080\r\n');
    expect(screens.map((s) => s.id)).toEqual(['desktop', 'DISPLAY1', 'DISPLAY2']);
    expect(screens[0]).toMatchObject({ width: 4480, height: 1440, x: -1920, y: 0, capture: {} });
    expect(screens[2]).toMatchObject({ name: 'DISPLAY2 1920x1080', capture: { region: { x: -1920, y: 180, width: 1920, height: 1080 } } });
    expect(parseWindowsScreens('')).toEqual([{ id: 'desktop', name: 'All monitors (virtual desktop)', width: null, height: null, x: 0, y: 0, capture: {} }]);
  });
});

describe('macOS: AVFoundation device lists', () => {
  it('separates cameras, screens and microphones (two screens)', () => {
    expect(parseAvfoundationDeviceList(fixture('macos/avfoundation-list-devices-two-screens.txt'))).toEqual({
      cameras: [{ index: 0, name: 'FaceTime HD Camera' }],
      screens: [
        { index: 1, name: 'Capture screen 0' },
        { index: 2, name: 'Capture screen 1' },
      ],
      audio: [{ index: 0, name: 'Built-in Microphone' }],
    });
  });

  it('reads the newer "indev" prefix and ignores plug-in NSLog noise and the closing error', () => {
    const list = parseAvfoundationDeviceList(fixture('macos/avfoundation-list-devices-indev-with-plugin-noise.txt'));
    expect(list.cameras.map((c) => c.name)).toEqual(['CamTwist', 'FaceTime HD Camera (Built-in)', 'CamTwist (2VUY)', 'DV-VCR']);
    expect(list.screens).toEqual([{ index: 4, name: 'Capture screen 0' }]);
    expect(list.audio.map((a) => `${a.index}:${a.name}`)).toEqual(['0:Description', '1:Jaybird Tarah Pro', '2:Built-in Microphone']);
  });

  it('copes with a header line that lost its prefix (ffmpeg 3.4 paste)', () => {
    const list = parseAvfoundationDeviceList(fixture('macos/avfoundation-list-devices-ffmpeg-3.4.txt'));
    expect(list.cameras.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(list.screens.map((s) => s.name)).toEqual(['Capture screen 0']);
    expect(list.audio).toHaveLength(4);
  });
});

describe('Linux: cameras (V4L2)', () => {
  it('groups v4l2-ctl --list-devices by device, nodes in order', () => {
    expect(parseV4l2CtlListDevices(fixture('linux/v4l2-ctl-list-devices-two-capture-cards.txt'))).toEqual([
      { name: 'USB3.0 HD VIDEO: USB3.0 HD VIDE', bus: 'usb-0000:00:14.0-3', nodes: ['/dev/video0', '/dev/video1', '/dev/media0'] },
      { name: 'USB Video: USB Video', bus: 'usb-0000:00:14.0-4', nodes: ['/dev/video2', '/dev/video3', '/dev/media1'] },
    ]);
    expect(parseV4l2CtlListDevices(fixture('linux/v4l2-ctl-list-devices-no-camera.txt'))).toEqual([]);
  });

  it('reads sizes and frame rates from v4l2-ctl --list-formats-ext, in ffmpeg format names', () => {
    const modes = parseV4l2CtlFormats(fixture('linux/v4l2-ctl-list-formats-ext-usb-camera.txt'));
    expect(modes.map((m) => `${m.width}x${m.height}@${m.fps.join('/')}`)).toEqual(['1280x720@10/7.5', '960x544@20/15/10/7.5', '800x448@30/20/15/10', '640x480@30/20/15/10/7.5']);
    expect(new Set(modes.map((m) => m.format))).toEqual(new Set(['yuyv422']));
  });

  it('reads the newer v4l-utils layout too (lines written here in its shape)', () => {
    // v4l-utils 1.20+ prints `[0]: 'MJPG' (Motion-JPEG, compressed)`; written inline, no camera to capture it from.
    const modes = parseV4l2CtlFormats("ioctl: VIDIOC_ENUM_FMT\n\tType: Video Capture\n\n\t[0]: 'MJPG' (Motion-JPEG, compressed)\n\t\tSize: Discrete 1920x1080\n\t\t\tInterval: Discrete 0.033s (30.000 fps)\n");
    expect(modes).toEqual([{ width: 1920, height: 1080, fps: [30], format: 'mjpeg' }]);
  });

  it("reads ffmpeg's own -list_formats rows (sizes, no rates)", () => {
    const formats = parseFfmpegV4l2Formats(fixture('linux/ffmpeg-v4l2-list-formats-usb-camera.txt'));
    expect(formats.notCapture).toBe(false);
    expect(formats.openError).toBeNull();
    expect(formats.modes).toHaveLength(18);
    expect(formats.modes[0]).toEqual({ width: 2592, height: 1944, fps: [], format: 'mjpeg' });
    expect(formats.modes.filter((m) => m.format === 'yuyv422')).toHaveLength(9);
  });

  it('reports a missing device as an open error, with no modes', () => {
    expect(parseFfmpegV4l2Formats(fixture('linux/ffmpeg-v4l2-list-formats-no-device.txt'))).toEqual({ modes: [], notCapture: false, openError: 'No such file or directory' });
  });
});

describe('Linux: X11 screens', () => {
  it('reads xrandr --listmonitors on Xvfb and on a two-monitor desk (primary, offsets)', () => {
    expect(parseXrandrMonitors(fixture('linux/xrandr-listmonitors-xvfb.txt'))).toEqual([{ index: 0, name: 'screen', primary: false, width: 1024, height: 768, x: 0, y: 0 }]);
    expect(parseXrandrMonitors(fixture('linux/xrandr-listmonitors-two-monitors.txt'))).toEqual([
      { index: 0, name: 'HDMI-0', primary: true, width: 3840, height: 2160, x: 1975, y: 0 },
      { index: 1, name: 'DVI-D-0', primary: false, width: 1482, height: 3512, x: 0, y: 0 },
    ]);
    expect(parseXrandrMonitors(fixture('linux/xrandr-query-xvfb.txt'))).toEqual([]); // --query is another format
  });

  it('reads every X screen of xdpyinfo', () => {
    expect(parseXdpyinfoScreens(fixture('linux/xdpyinfo-xvfb-two-screens.txt.gz'))).toEqual([
      { display: ':78', screen: 0, width: 1920, height: 1080 },
      { display: ':78', screen: 1, width: 800, height: 600 },
    ]);
  });
});

describe('Linux: audio inputs', () => {
  it('reads pactl JSON: descriptions, monitors flagged', () => {
    expect(parsePactlJsonSources(fixture('linux/pactl-json-sources.txt'))).toEqual([
      { id: 'srtc_null.monitor', name: 'Monitor of SRT_Companion_test_sink', monitor: true },
      { id: 'srtc_mic', name: 'Null Input' },
      { id: 'srtc_remap', name: 'Remapped_Test_Microphone' },
    ]);
    expect(parsePactlJsonSources('pactl: invalid option -- f')).toBeNull();
  });

  it('reads the short list of older pactl (names only)', () => {
    expect(parsePactlShortSources(fixture('linux/pactl-short-sources.txt'))).toEqual([
      { id: 'srtc_null.monitor', name: 'srtc_null.monitor', monitor: true },
      { id: 'srtc_mic', name: 'srtc_mic' },
      { id: 'srtc_remap', name: 'srtc_remap' },
    ]);
  });

  it('turns arecord -l cards into ALSA ids that survive a reboot', () => {
    expect(parseArecordList(fixture('linux/arecord-l-usb-audio.txt'))).toEqual([{ id: 'alsa:plughw:CARD=Device,DEV=0', name: 'USB Audio Device: USB Audio' }]);
    expect(parseArecordList(fixture('linux/arecord-l-no-soundcards.txt'))).toEqual([]);
  });
});

describe('Linux: session', () => {
  it.each([
    [{ DISPLAY: ':0' }, { display: ':0', wayland: false }, []],
    [{ DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0' }, { display: ':0', wayland: true }, [/sees only X11 windows.*PipeWire screen-cast portal/]],
    [{ XDG_SESSION_TYPE: 'wayland' }, { display: null, wayland: true }, [/without XWayland.*not available/]],
    [{}, { display: null, wayland: false }, [/No X display/]],
  ])('%o', (env, session, notes) => {
    expect(linuxSession(env)).toEqual(session);
    const said = linuxSessionNotes(linuxSession(env));
    expect(said).toHaveLength(notes.length);
    notes.forEach((pattern, i) => expect(said[i]).toMatch(pattern));
  });

  it('finds the local socket of a display, not of a remote one', () => {
    expect(x11SocketPath(':99')).toBe('/tmp/.X11-unix/X99');
    expect(x11SocketPath(':1.0', '/x')).toBe('/x/X1');
    expect(x11SocketPath('otherhost:0')).toBeNull();
  });
});
