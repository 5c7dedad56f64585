// Loads the saved source/encoder choices (settings key `broadcast`) and saves valid edits shortly after they are made.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { SrtCompanionApi } from '../../../shared/ipcContract';
import {
  DEFAULT_BROADCAST_SETTINGS,
  parseBroadcastSettings,
  validateBroadcastSettings,
  type BroadcastSettings,
} from '../logic/broadcastSettings';

/** Typing in a number field should not write the settings file on every keystroke. */
export const SETTINGS_SAVE_DELAY_MS = 500;

export interface BroadcastSettingsState {
  settings: BroadcastSettings;
  update(patch: Partial<BroadcastSettings>): void;
  /** Why loading or saving failed (Result.message), or null. */
  error: string | null;
  /** Main's notice that an invalid settings file was replaced by the defaults (and where the old one is), or null. */
  notice: string | null;
}

export function useBroadcastSettings(api: SrtCompanionApi): BroadcastSettingsState {
  const [settings, setSettings] = useState<BroadcastSettings>(DEFAULT_BROADCAST_SETTINGS);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const latest = useRef<BroadcastSettings>(DEFAULT_BROADCAST_SETTINGS);
  const edited = useRef(false);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    let mounted = true;
    void api.loadSettings().then((r) => {
      if (!mounted) return;
      if (!r.ok) {
        setError(r.message);
        return;
      }
      setNotice(r.value.notice ?? null);
      // An edit made before the load finished wins over the saved value.
      if (!edited.current) {
        latest.current = parseBroadcastSettings(r.value.broadcast);
        setSettings(latest.current);
      }
    });
    return () => {
      mounted = false;
      // Closing the window within the save delay must not lose the last edit.
      if (saveTimer.current !== null) {
        clearTimeout(saveTimer.current);
        saveTimer.current = null;
        void api.saveSettings({ broadcast: latest.current });
      }
    };
  }, [api]);

  const update = useCallback(
    (patch: Partial<BroadcastSettings>) => {
      edited.current = true;
      const next = { ...latest.current, ...patch };
      latest.current = next;
      setSettings(next);
      if (saveTimer.current !== null) clearTimeout(saveTimer.current);
      saveTimer.current = null;
      if (validateBroadcastSettings(next).length > 0) return;
      saveTimer.current = setTimeout(() => {
        saveTimer.current = null;
        void api.saveSettings({ broadcast: next }).then((r) => setError(r.ok ? null : r.message));
      }, SETTINGS_SAVE_DELAY_MS);
    },
    [api],
  );

  return { settings, update, error, notice };
}
