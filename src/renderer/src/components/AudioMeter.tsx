// The audio as sent: a bar per channel with its held peak, red when clipping, a "silent" badge, the loudness in LUFS.

import type { JSX } from 'react';
import type { AudioLevels } from '../../../shared/broadcastTypes';
import { channelLabel, meterShare, type HeldPeak } from '../logic/audioMeter';

export interface AudioMeterProps {
  levels: AudioLevels | null;
  /** Held peak per channel (holdPeaks); the bar's level when absent. */
  held?: readonly HeldPeak[];
}

function dbText(db: number | null): string {
  return db === null || db <= -120 ? '−∞' : db.toFixed(1);
}

export function AudioMeter({ levels, held = [] }: AudioMeterProps): JSX.Element {
  if (levels === null) {
    return (
      <div className="audio-meter audio-meter-empty" role="group" aria-label="Audio sent">
        <span className="audio-meter-note">No audio measured yet</span>
      </div>
    );
  }
  if (!levels.hasTrack) {
    return (
      <div className="audio-meter" role="group" aria-label="Audio sent">
        <span className="badge badge-silent">No audio track</span>
      </div>
    );
  }
  return (
    <div className={`audio-meter${levels.clipping ? ' audio-meter-clipping' : ''}`} role="group" aria-label="Audio sent">
      {levels.peakDbfs.map((peak, i) => {
        const hold = held[i]?.dbfs ?? peak;
        const name = channelLabel(i, levels.peakDbfs.length);
        return (
          <div key={i} className="audio-channel">
            <span className="audio-channel-name">{name}</span>
            <div
              className="audio-bar"
              role="meter"
              aria-label={`Channel ${name} peak`}
              aria-valuemin={-60}
              aria-valuemax={0}
              aria-valuenow={Math.max(-60, peak)}
              aria-valuetext={`${dbText(peak)} dBFS`}
            >
              <div className="audio-bar-fill" style={{ width: `${(meterShare(peak) * 100).toFixed(1)}%` }} />
              <div className="audio-bar-hold" data-testid={`peak-hold-${i}`} style={{ left: `${(meterShare(hold) * 100).toFixed(1)}%` }} />
            </div>
            <span className="audio-channel-db">{dbText(peak)}</span>
          </div>
        );
      })}
      <div className="audio-meter-footer">
        <span>Loudness {dbText(levels.loudnessLufs)} LUFS</span>
        {levels.clipping ? <span className="badge badge-clipping">Clipping</span> : null}
        {levels.silent ? <span className="badge badge-silent">Silent</span> : null}
      </div>
    </div>
  );
}
