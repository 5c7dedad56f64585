// The non-secret source/encoder choices: defaults (Gcore's recommendations), tolerant parsing of saved values, validation.

import { parseAlertSwitches, type AlertSwitches } from '../../../shared/alerts';
import type { BroadcastConfig, BroadcastTarget } from '../../../shared/broadcastTypes';
import { parseAudioChoice, parseInputChoice } from './sourceSettings';

/**
 * What the Broadcast form edits and what is saved under the `broadcast` settings key: a config minus its target, plus
 * the alert switches (absent until the user changes one: every alert is on).
 */
export type BroadcastSettings = Omit<BroadcastConfig, 'target'> & { alerts?: AlertSwitches };

export interface SizePreset {
  label: string;
  width: number;
  height: number;
}

export const SIZE_PRESETS: readonly SizePreset[] = [
  { label: '640 × 360', width: 640, height: 360 },
  { label: '1280 × 720', width: 1280, height: 720 },
  { label: '1920 × 1080', width: 1920, height: 1080 },
];
export const FPS_CHOICES: readonly number[] = [25, 30, 50, 60];
export const KEYINT_CHOICES_S: readonly number[] = [1, 2];
/** Gcore: the ingest drops a connection after 3 s without data, so latency must stay below this. */
export const MAX_LATENCY_MS = 3000;
export const MIN_LATENCY_MS = 20;
export const MIN_BITRATE_KBPS = 100;
export const MAX_BITRATE_KBPS = 50_000;

/**
 * Gcore's guidance at 30 fps: 1080p ~4500 kbps (3–6 Mbps), 720p ~2500, 360p ~800. 50/60 fps get 1.5× that
 * (1080p60 6750, inside Gcore's 4.5–9 Mbps).
 */
export function recommendedBitrateKbps(height: number, fps: number): number {
  const base = height >= 1080 ? 4500 : height >= 720 ? 2500 : 800;
  return fps > 30 ? Math.round(base * 1.5) : base;
}

export const DEFAULT_BROADCAST_SETTINGS: BroadcastSettings = {
  input: { kind: 'testsrc' },
  audio: { kind: 'tone' },
  width: 1280,
  height: 720,
  fps: 30,
  bitrateKbps: recommendedBitrateKbps(720, 30),
  keyintSeconds: 2,
  encoder: 'auto',
  latencyMs: 2000,
  mode: 'failover',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** Reads a saved `broadcast` value; anything missing or malformed falls back to its default (never throws). */
export function parseBroadcastSettings(raw: unknown): BroadcastSettings {
  const d = DEFAULT_BROADCAST_SETTINGS;
  if (!isRecord(raw)) return { ...d };
  const preset = SIZE_PRESETS.find((p) => p.width === raw.width && p.height === raw.height);
  return {
    input: parseInputChoice(raw.input) ?? d.input,
    audio: parseAudioChoice(raw.audio) ?? d.audio,
    width: preset?.width ?? d.width,
    height: preset?.height ?? d.height,
    fps: FPS_CHOICES.includes(num(raw.fps, -1)) ? num(raw.fps, d.fps) : d.fps,
    bitrateKbps: num(raw.bitrateKbps, d.bitrateKbps),
    keyintSeconds: KEYINT_CHOICES_S.includes(num(raw.keyintSeconds, -1)) ? num(raw.keyintSeconds, 2) : d.keyintSeconds,
    encoder: typeof raw.encoder === 'string' && raw.encoder !== '' ? raw.encoder : d.encoder,
    latencyMs: num(raw.latencyMs, d.latencyMs),
    mode: raw.mode === 'redundant' || raw.mode === 'failover' ? raw.mode : d.mode,
    ...(raw.alerts !== undefined ? { alerts: parseAlertSwitches(raw.alerts) } : {}),
  };
}

export type SettingsField = 'input' | 'audio' | 'bitrateKbps' | 'latencyMs';

export interface SettingsProblem {
  field: SettingsField;
  message: string;
}

/** Every reason these settings cannot go live, one plain sentence each; empty when they can. */
export function validateBroadcastSettings(s: BroadcastSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  if (!Number.isInteger(s.latencyMs)) {
    problems.push({ field: 'latencyMs', message: 'Enter the SRT latency as a whole number of milliseconds.' });
  } else if (s.latencyMs >= MAX_LATENCY_MS) {
    problems.push({
      field: 'latencyMs',
      message: `SRT latency must stay below ${MAX_LATENCY_MS} ms: Gcore's ingest drops a connection after 3 s without data. Use 2000–2500 ms on the public internet.`,
    });
  } else if (s.latencyMs < MIN_LATENCY_MS) {
    problems.push({ field: 'latencyMs', message: `SRT latency must be at least ${MIN_LATENCY_MS} ms.` });
  }
  if (!Number.isInteger(s.bitrateKbps) || s.bitrateKbps < MIN_BITRATE_KBPS || s.bitrateKbps > MAX_BITRATE_KBPS) {
    problems.push({
      field: 'bitrateKbps',
      message: `Enter a video bitrate between ${MIN_BITRATE_KBPS} and ${MAX_BITRATE_KBPS} kbps.`,
    });
  }
  if (s.input.kind === 'camera' && s.input.device.trim() === '') {
    problems.push({ field: 'input', message: 'Enter the camera device (for example /dev/video0).' });
  }
  if (s.input.kind === 'desktop' && s.input.overlayCamera !== undefined && s.input.overlayCamera.device.trim() === '') {
    problems.push({ field: 'input', message: 'Choose the camera to show over the desktop, or turn picture-in-picture off.' });
  }
  if (s.input.kind === 'file' && s.input.path === '') {
    problems.push({ field: 'input', message: 'Choose the video file to play.' });
  }
  if (s.audio.kind === 'device' && s.audio.device.trim() === '') {
    problems.push({ field: 'audio', message: 'Enter the audio device name, or choose no audio or a test tone.' });
  }
  return problems;
}

/** The config startBroadcast takes: these settings pushed to `target`. */
export function toBroadcastConfig(s: BroadcastSettings, target: BroadcastTarget): BroadcastConfig {
  return {
    target,
    input: s.input,
    audio: s.audio,
    width: s.width,
    height: s.height,
    fps: s.fps,
    bitrateKbps: s.bitrateKbps,
    keyintSeconds: s.keyintSeconds,
    encoder: s.encoder,
    latencyMs: s.latencyMs,
    mode: s.mode,
  };
}
