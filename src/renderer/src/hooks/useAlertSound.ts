// A short sound in the window on failover, failback, off air and a refused key (each switchable): WebAudio tones, no
// sound file. Follows the broadcast's events through the preload API, the same moments main notifies.

import { useEffect, useRef } from 'react';
import { alertForEvent, DEFAULT_ALERT_SWITCHES, NEW_ALERT_WATCH, type AlertKind, type AlertSwitches } from '../../../shared/alerts';
import type { SrtCompanionApi } from '../../../shared/ipcContract';

/** Each moment has its own pattern: frequencies in Hz, each tone this long. Down for bad news, up for good. */
export const ALERT_TONES_HZ: Record<AlertKind, readonly number[]> = {
  failover: [880, 660],
  failback: [660, 880],
  notOnAir: [440, 440, 440],
  refused: [330, 247],
};
const TONE_S = 0.16;

/** Plays one pattern; a window where WebAudio is missing or blocked stays silent (the notification still comes). */
export function playAlertTone(kind: AlertKind, makeContext: () => AudioContext | null = defaultContext): void {
  const ctx = makeContext();
  if (ctx === null) return;
  const start = ctx.currentTime;
  ALERT_TONES_HZ[kind].forEach((hz, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = hz;
    gain.gain.setValueAtTime(0.25, start + i * TONE_S);
    gain.gain.exponentialRampToValueAtTime(0.001, start + (i + 1) * TONE_S);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start + i * TONE_S);
    osc.stop(start + (i + 1) * TONE_S);
  });
  const end = ALERT_TONES_HZ[kind].length * TONE_S * 1000 + 100;
  setTimeout(() => void ctx.close().catch(() => undefined), end);
}

function defaultContext(): AudioContext | null {
  return typeof AudioContext === 'function' ? new AudioContext() : null;
}

/** Subscribes for the window's lifetime; the switches are read at each event, so a change applies at once. */
export function useAlertSound(api: SrtCompanionApi, switches: AlertSwitches | undefined): void {
  const current = useRef(switches ?? DEFAULT_ALERT_SWITCHES);
  current.current = switches ?? DEFAULT_ALERT_SWITCHES;
  useEffect(() => {
    let watch = NEW_ALERT_WATCH;
    return api.onBroadcastEvent((event) => {
      const next = alertForEvent(watch, event);
      watch = next.watch;
      if (next.alert !== null && current.current.sound[next.alert.kind]) playAlertTone(next.alert.kind);
    });
  }, [api]);
}
