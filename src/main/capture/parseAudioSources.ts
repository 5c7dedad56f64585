// Pure parsers of Linux audio input listings: PulseAudio/PipeWire (`pactl`) and ALSA (`arecord -l`).

import type { MicrophoneDevice } from '../../shared/captureDevices';
import { splitLines } from './parseHelpers';

/**
 * Parses `pactl -f json list sources` (pactl 16+, also PipeWire's pipewire-pulse). A source whose `device.class` is
 * `monitor` (or that monitors a sink) is "what you hear" from an output, flagged `monitor`. Returns null when the
 * text is not the expected JSON (an older pactl without `-f json`), so the caller can fall back to the short list.
 */
export function parsePactlJsonSources(text: string): MicrophoneDevice[] | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(data)) return null;
  const sources: MicrophoneDevice[] = [];
  for (const item of data as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const source = item as { name?: unknown; description?: unknown; monitor_source?: unknown; properties?: Record<string, unknown> };
    if (typeof source.name !== 'string' || source.name === '') continue;
    const description = typeof source.description === 'string' && source.description !== '' ? source.description : source.name;
    const monitor = source.properties?.['device.class'] === 'monitor' || (typeof source.monitor_source === 'string' && source.monitor_source !== '');
    sources.push({ id: source.name, name: description, ...(monitor ? { monitor: true } : {}) });
  }
  return sources;
}

/** Parses `pactl list short sources`: tab-separated `index name driver spec state`; names only, no descriptions. */
export function parsePactlShortSources(text: string): MicrophoneDevice[] {
  const sources: MicrophoneDevice[] = [];
  for (const line of splitLines(text)) {
    const fields = line.split('\t');
    const name = fields[1]?.trim();
    if (!name || !/^\d+$/.test(fields[0] ?? '')) continue;
    sources.push({ id: name, name, ...(name.endsWith('.monitor') ? { monitor: true } : {}) });
  }
  return sources;
}

/**
 * Parses `arecord -l` into ALSA capture devices. The id is `alsa:plughw:CARD=<id>,DEV=<n>`: the card id survives
 * reboots (card numbers do not), and `plughw` converts rate and channels to what the encoder asks for.
 */
export function parseArecordList(text: string): MicrophoneDevice[] {
  const devices: MicrophoneDevice[] = [];
  for (const line of splitLines(text)) {
    // `card N: ID [Card name], device M: … [Device name]`. The bracketed device name runs from the first `[` after
    // `device M: ` to the last `]`; found by index, because a regex with `.*?\[(.*)\]` backtracked quadratically.
    const card = /^card (\d+): (\S+) \[(.*?)\], device (\d+): /.exec(line);
    if (!card) continue;
    const rest = line.slice(card[0].length).trimEnd();
    const open = rest.indexOf('[');
    if (open < 0 || !rest.endsWith(']')) continue;
    devices.push({ id: `alsa:plughw:CARD=${card[2]},DEV=${card[4]}`, name: `${card[3]}: ${rest.slice(open + 1, -1)}` });
  }
  return devices;
}
