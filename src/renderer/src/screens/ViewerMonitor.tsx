// "What viewers get" on the live panel: the thumbnail of the outgoing picture and the audio meter, fed by main's monitor.

import { useEffect, useState, type JSX } from 'react';
import type { AudioLevels } from '../../../shared/broadcastTypes';
import type { SrtCompanionApi } from '../../../shared/ipcContract';
import { AudioMeter } from '../components/AudioMeter';
import { Preview } from '../components/Preview';
import { useNow } from '../hooks/useNow';
import { holdPeaks, type HeldPeak } from '../logic/audioMeter';

export interface ViewerMonitorProps {
  onMonitor: SrtCompanionApi['onMonitor'] | undefined;
  running: boolean;
}

export function ViewerMonitor({ onMonitor, running }: ViewerMonitorProps): JSX.Element {
  const [thumbnail, setThumbnail] = useState<{ dataUrl: string; atMs: number } | null>(null);
  const [levels, setLevels] = useState<AudioLevels | null>(null);
  const [held, setHeld] = useState<HeldPeak[]>([]);
  const nowMs = useNow(1000, running);

  useEffect(() => {
    if (!onMonitor) return undefined;
    return onMonitor((frame) => {
      if (frame.kind === 'thumbnail') {
        setThumbnail({ dataUrl: frame.dataUrl, atMs: frame.atMs });
      } else {
        setLevels(frame.levels);
        setHeld((prev) => holdPeaks(prev, frame.levels.peakDbfs, frame.atMs));
      }
    });
  }, [onMonitor]);

  return (
    <section className="viewer-monitor" aria-label="What viewers get">
      <Preview thumbnail={thumbnail} nowMs={nowMs} />
      <AudioMeter levels={running ? levels : null} held={held} />
    </section>
  );
}
