// The outgoing picture: the latest keyframe thumbnail decoded from what is sent, with its age.

import type { JSX } from 'react';
import { ageText } from '../logic/audioMeter';

export interface PreviewProps {
  thumbnail: { dataUrl: string; atMs: number } | null;
  nowMs: number;
  /** A picture older than this is marked stale (the monitor or the encoder stopped giving keyframes). Default 6 s. */
  staleAfterMs?: number;
}

export function Preview({ thumbnail, nowMs, staleAfterMs = 6_000 }: PreviewProps): JSX.Element {
  if (thumbnail === null) {
    return (
      <figure className="preview preview-empty" aria-label="Picture sent">
        <div className="preview-placeholder">No picture yet</div>
      </figure>
    );
  }
  const ageMs = nowMs - thumbnail.atMs;
  const stale = ageMs > staleAfterMs;
  return (
    <figure className={`preview${stale ? ' preview-stale' : ''}`} aria-label="Picture sent">
      <img src={thumbnail.dataUrl} alt="The picture viewers get (latest keyframe sent)" />
      <figcaption>{stale ? `Picture from ${ageText(ageMs)}: no new keyframe since` : `Sent picture, ${ageText(ageMs)}`}</figcaption>
    </figure>
  );
}
