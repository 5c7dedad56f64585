// Pure parser of ffmpeg's AVFoundation listing (macOS): `ffmpeg -f avfoundation -list_devices true -i ""`.

import { splitLines, stripLogPrefix } from './parseHelpers';

/** One AVFoundation device: `index` is its position in ffmpeg's list, `name` what the user sees. */
export interface AvfoundationDevice {
  index: number;
  name: string;
}

export interface AvfoundationDeviceList {
  cameras: AvfoundationDevice[];
  /** AVFoundation lists screens among the video devices as `Capture screen N`, after the cameras. */
  screens: AvfoundationDevice[];
  audio: AvfoundationDevice[];
}

/**
 * Parses the stderr of the listing command. Log prefixes differ by version (`[AVFoundation input device @ …]` up to
 * 4.x, `[AVFoundation indev @ …]` since); lines that are neither headers nor `[N] name` entries (NSLog noise from
 * virtual-camera plug-ins, the final "Input/output error") are ignored.
 */
export function parseAvfoundationDeviceList(text: string): AvfoundationDeviceList {
  const list: AvfoundationDeviceList = { cameras: [], screens: [], audio: [] };
  let section: 'video' | 'audio' | null = null;
  for (const raw of splitLines(text)) {
    const line = stripLogPrefix(raw).trim();
    if (/^AVFoundation video devices:?$/.test(line)) {
      section = 'video';
      continue;
    }
    if (/^AVFoundation audio devices:?$/.test(line)) {
      section = 'audio';
      continue;
    }
    const entry = /^\[(\d+)\] (.+)$/.exec(line);
    if (!entry || !section) continue;
    const device = { index: Number(entry[1]), name: (entry[2] ?? '').trim() };
    if (section === 'audio') list.audio.push(device);
    else if (/^Capture screen \d+$/.test(device.name)) list.screens.push(device);
    else list.cameras.push(device);
  }
  return list;
}
