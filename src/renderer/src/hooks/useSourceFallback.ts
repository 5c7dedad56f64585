// Replaces saved source choices whose device is gone once the device list arrives, and keeps the notices saying so.

import { useCallback, useEffect, useState } from 'react';
import type { CaptureDevices } from '../../../shared/captureDevices';
import type { BroadcastSettings } from '../logic/broadcastSettings';
import { sourceFallback } from '../logic/sourceFallback';

export interface SourceFallbackState {
  /** What was replaced, one sentence each, until the user picks a source themselves. */
  notices: string[];
  dismiss(): void;
}

/**
 * While `enabled` (no broadcast running) and `devices` is known, a saved camera, screen or audio device that this
 * machine no longer lists is replaced by the first one available, through `update` (so the fix is saved too).
 */
export function useSourceFallback(
  settings: BroadcastSettings,
  devices: CaptureDevices | null,
  update: (patch: Partial<BroadcastSettings>) => void,
  enabled: boolean,
): SourceFallbackState {
  const [notices, setNotices] = useState<string[]>([]);
  const { input, audio } = settings;

  useEffect(() => {
    if (!enabled || devices === null) return;
    const fallback = sourceFallback(input, audio, devices);
    if (fallback === null) return;
    if (fallback.notices.length > 0) setNotices((prev) => [...prev, ...fallback.notices]);
    update({ input: fallback.input, audio: fallback.audio });
  }, [input, audio, devices, update, enabled]);

  const dismiss = useCallback(() => setNotices([]), []);
  return { notices, dismiss };
}
