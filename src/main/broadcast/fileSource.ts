// A file source at the broadcast's start: the file is checked (checkMediaFile), and its verdict (stream copy or encode,
// the file's own sound or the configured one) becomes part of the encoder's settings, with the sentences that say so.

import { checkMediaFile } from '../capture/checkMediaFile';
import type { FileSourceCheck } from '../capture/fileSourcePlan';
import type { EncodeSettings } from '../ffmpeg/args/encodeSettings';

export interface PreparedSource {
  encode: EncodeSettings;
  /** The file check's verdict; null for every other source. */
  file: FileSourceCheck | null;
}

/** Checks a file source and settles how it is played; other sources pass through untouched. Throws AppError('input'). */
export async function prepareSource(encode: EncodeSettings, check: ((path: string) => Promise<FileSourceCheck>) | undefined, ffmpegPath: string): Promise<PreparedSource> {
  if (encode.input.kind !== 'file') return { encode, file: null };
  const file = await (check ?? ((path: string) => checkMediaFile(path, { ffmpegPath })))(encode.input.path);
  return { encode: { ...encode, file: file.playback }, file };
}

/**
 * The video bitrate the broadcast aims at, kilobits per second: the configured one when encoding; the file's own when
 * its video is sent as it is (the bitrate setting does not apply then), null when the file does not say.
 */
export function targetKbpsOf(configuredKbps: number, file: FileSourceCheck | null): number | null {
  return file?.playback.copyVideo ? file.summary.bitrateKbps : configuredKbps;
}
