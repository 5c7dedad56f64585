// Pure decision for a file source: refuse what cannot be broadcast (no picture), and pick between sending the file's
// HEVC as it is (stream copy) and encoding it, from Gcore's ingest rules (gcore-api.md §3 "Encoder settings").

import type { FileSummary } from '../../shared/fileSourceTypes';
import { AppError } from '../appError';
import type { FilePlayback } from '../ffmpeg/args/encodeSettings';
import type { MediaInfo, MediaVideoStream } from '../ffmpeg/parseMediaInfo';

/**
 * Longest keyframe interval sent as it is, seconds. Gcore recommends 1–2 s; up to 4 s still plays, but each second
 * more delays a viewer's first picture and a backup ingest's join (the failover replays the last GOP) by as much.
 */
export const MAX_COPY_KEYFRAME_INTERVAL_S = 4;
/** Gcore: "up to 60 fps". */
const MAX_COPY_FPS = 60;
/** Gcore accepts HEVC up to 8K. */
const MAX_COPY_WIDTH = 7680;
const MAX_COPY_HEIGHT = 4320;

/** The outcome of a file check: how it is played, and the sentences that say so (why it is encoded, what does not apply). */
export interface FileSourceCheck {
  summary: FileSummary;
  playback: FilePlayback;
  notes: string[];
}

/** Why the file's video cannot go out as it is; null when it can. */
function whyEncode(video: MediaVideoStream, keyframeIntervalS: number | null): string | null {
  if (video.codec !== 'hevc') return `its video is ${video.codec}, not HEVC`;
  if (video.interlaced) return 'its video is interlaced (Gcore takes progressive video)';
  if (video.fps !== null && video.fps > MAX_COPY_FPS) return `its ${video.fps} fps is above Gcore's 60 fps`;
  if (video.width > MAX_COPY_WIDTH || video.height > MAX_COPY_HEIGHT) return `its ${video.width}x${video.height} is above Gcore's 8K`;
  if (video.pixelFormat !== null && !/^yuvj?4(20|22|44)p/.test(video.pixelFormat)) return `its pixel format ${video.pixelFormat} is not one Gcore takes (4:2:0, 4:2:2 or 4:4:4)`;
  if (keyframeIntervalS === null) return 'no keyframe was found in its first seconds';
  if (keyframeIntervalS > MAX_COPY_KEYFRAME_INTERVAL_S + 0.05) {
    return `it has keyframes only every ${keyframeIntervalS.toFixed(1)} s (Gcore recommends 1–2 s; at most ${MAX_COPY_KEYFRAME_INTERVAL_S} s are sent as they are)`;
  }
  return null;
}

/** One line for the file's audio: copied when it is AAC mono/stereo at 44.1/48 kHz (Gcore's rules), else encoded to AAC. */
function audioPlayback(info: MediaInfo): FilePlayback['audio'] {
  const a = info.audio;
  if (!a) return 'none';
  const rateOk = a.sampleRateHz === 44_100 || a.sampleRateHz === 48_000;
  return a.codec === 'aac' && rateOk && a.channels !== null && a.channels <= 2 ? 'copy' : 'encode';
}

/** A command that re-encodes the file once so that it goes out as it is (shown when it would be encoded live). */
export function passThroughFixCommand(path: string): string {
  const out = path.replace(/(\.[^./\\]+)?$/, '-gcore.mp4');
  return `ffmpeg -i "${path}" -c:v libx265 -preset medium -x265-params keyint=60:min-keyint=60:scenecut=0:bframes=0 -pix_fmt yuv420p -c:a aac -b:a 128k -ar 48000 -ac 2 "${out}"`;
}

/**
 * Decides how a file is played. `keyframeIntervalS` is the longest measured in its first seconds (null when not
 * measured). Returns an AppError('input') value for a file with no picture (Gcore takes no audio-only live stream).
 */
export function planFileSource(path: string, info: MediaInfo, keyframeIntervalS: number | null): FileSourceCheck | AppError {
  const video = info.video;
  if (!video) {
    const what = info.audio ? 'only sound' : 'no video or sound ffmpeg can read';
    return new AppError('input', 'file_no_video', `${path} has ${what}, no video stream: Gcore takes no audio-only live stream; pick a video file.`, { field: 'input' });
  }
  const why = whyEncode(video, video.codec === 'hevc' ? keyframeIntervalS : null);
  const audio = audioPlayback(info);
  const summary: FileSummary = {
    path,
    container: info.container,
    durationS: info.durationS,
    videoCodec: video.codec,
    width: video.width,
    height: video.height,
    fps: video.fps,
    bitrateKbps: video.bitrateKbps ?? info.bitrateKbps,
    audioCodec: info.audio?.codec ?? null,
    keyframeIntervalS: video.codec === 'hevc' ? keyframeIntervalS : null,
  };
  const notes: string[] = [];
  if (why === null) {
    notes.push(`The file's HEVC video is sent as it is (no re-encoding): the size, frame rate, bitrate and keyframe settings do not apply.`);
    if (keyframeIntervalS !== null && keyframeIntervalS > 2.05) notes.push(`Its keyframes come every ${keyframeIntervalS.toFixed(1)} s; Gcore recommends 1–2 s (viewers and a backup ingest wait up to that long for a first picture).`);
  } else {
    notes.push(`The file is encoded with the chosen encoder because ${why}.`);
    if (video.codec === 'hevc') notes.push(`To send it as it is, re-encode it once: ${passThroughFixCommand(path)}`);
  }
  if (audio === 'encode') notes.push(`Its sound (${info.audio?.codec ?? 'unknown'}) is encoded to AAC 128 kbps stereo 48 kHz.`);
  if (audio === 'none') notes.push('The file has no sound: the chosen audio source is sent with it.');
  return { summary, playback: { copyVideo: why === null, audio }, notes };
}
