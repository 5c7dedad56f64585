// What a checked file source is, for the engine, the CLI and the app alike: the file's summary, whether it goes out as
// it is, the sentences that say why, and one line describing it.

/** What the file check found in a file. */
export interface FileSummary {
  path: string;
  container: string;
  durationS: number | null;
  videoCodec: string;
  /** Pixels. */
  width: number;
  height: number;
  fps: number | null;
  /** The file's video bitrate (else the whole file's), kilobits per second; null when the file does not say. */
  bitrateKbps: number | null;
  /** Null when the file has no sound. */
  audioCodec: string | null;
  /** Longest keyframe interval in the first seconds, seconds; null when not measured (not HEVC, so encoded anyway). */
  keyframeIntervalS: number | null;
}

/** A file as the app shows it once picked: what it holds, and how it would be broadcast. */
export interface FileSourceInfo {
  summary: FileSummary;
  /** True: its HEVC video is sent as it is (no re-encoding); false: it is encoded with the chosen encoder. */
  sentAsIs: boolean;
  /** Why it is encoded, what does not apply, what happens to its sound. */
  notes: string[];
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const hms = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  return hms[0] ? `${hms[0]}:${String(hms[1]).padStart(2, '0')}:${String(hms[2]).padStart(2, '0')}` : `${hms[1]}:${String(hms[2]).padStart(2, '0')}`;
}

/** "HEVC 1920x1080, 30 fps, 0:30, 6000 kbps, AAC sound, keyframes every 2.0 s" (what is known). Pure. */
export function describeFileSummary(s: FileSummary): string {
  return [
    `${s.videoCodec.toUpperCase()} ${s.width}x${s.height}`,
    ...(s.fps !== null ? [`${s.fps} fps`] : []),
    ...(s.durationS !== null ? [clock(s.durationS)] : []),
    ...(s.bitrateKbps !== null ? [`${s.bitrateKbps} kbps`] : []),
    s.audioCodec !== null ? `${s.audioCodec.toUpperCase()} sound` : 'no sound',
    ...(s.keyframeIntervalS !== null ? [`keyframes every ${s.keyframeIntervalS.toFixed(1)} s`] : []),
  ].join(', ');
}
