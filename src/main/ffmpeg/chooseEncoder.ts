// Picks the HEVC encoder for a broadcast from what the probe proved works: hardware first, libx265 as the fallback.

import { type FfmpegProbe, HEVC_ENCODERS, isHevcEncoder } from '../../shared/ffmpegCapabilities';
import { AppError } from '../appError';

export interface EncoderChoice {
  encoder: string;
  /** Set when the requested encoder could not be used and libx265 was taken instead: say why. */
  notice: string | null;
}

/**
 * `auto`: the first working hardware encoder, else libx265. A named encoder that the probe found unusable falls back
 * to libx265 with a notice (a broken GPU driver must never stop a broadcast); an unknown name is an input error.
 */
export function chooseEncoder(requested: string, probe: Pick<FfmpegProbe, 'hevcEncoders' | 'path'>): EncoderChoice {
  const working = probe.hevcEncoders.filter((e) => e.works);
  const software = working.find((e) => e.name === 'libx265');
  if (requested === 'auto') {
    const hardware = working.find((e) => e.hardware);
    if (hardware) return { encoder: hardware.name, notice: null };
    if (software) return { encoder: 'libx265', notice: null };
    throw new AppError('ffmpeg', 'ffmpeg_no_hevc', `No HEVC encoder works in ${probe.path}; install an ffmpeg built with libx265.`);
  }
  if (!isHevcEncoder(requested)) {
    throw new AppError('input', 'unknown_encoder', `Unknown encoder "${requested}"; use auto or one of ${HEVC_ENCODERS.join(', ')}.`);
  }
  if (working.some((e) => e.name === requested)) return { encoder: requested, notice: null };
  if (!software) {
    throw new AppError('ffmpeg', 'encoder_unusable', `The encoder ${requested} does not work in ${probe.path} and libx265 is not available either.`);
  }
  const status = probe.hevcEncoders.find((e) => e.name === requested);
  const why = status ? (status.reason ?? 'its test encode failed') : 'this ffmpeg does not have it';
  return { encoder: 'libx265', notice: `${requested} cannot be used (${why}); encoding with libx265 instead.` };
}
