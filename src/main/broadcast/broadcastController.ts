// Starts a broadcast from a BroadcastConfig: checks ffmpeg, picks the encoder, resolves ingests, runs the session.

import { join } from 'node:path';
import type { BroadcastConfig, IngestRole } from '../../shared/broadcastTypes';
import type { FfmpegProbe } from '../../shared/ffmpegCapabilities';
import { verifyCaptureSource } from '../capture/verifyCaptureSource';
import { assertCanBroadcast } from '../ffmpeg/probeFfmpeg';
import type { GcoreStream } from '../gcore/streamSchema';
import type { Settings } from '../settings/settingsStore';
import { BroadcastSession, type BroadcastSessionOptions } from './broadcastSession';
import { chooseEncoder } from '../ffmpeg/chooseEncoder';
import { validateEncodeSettings, type EncodePlatform, type EncodeSettings, type X265Preset } from '../ffmpeg/args/encodeSettings';
import { startLocalIngests, type LocalIngests } from '../rehearsal/localIngests';
import { targetsFromStream, targetsFromUrls, type ResolvedTargets } from './resolveTargets';
import { validateLatencyMs } from '../ffmpeg/args/senderArgs';

/** How long a simulated outage of a local rehearsal ingest lasts before its network path comes back. */
export const DEFAULT_REHEARSAL_OUTAGE_MS = 20_000;

export interface BroadcastDeps {
  probe: FfmpegProbe;
  platform: EncodePlatform;
  /** Needed for a `stream` target: fetches the stream through the API. */
  getStream?: (id: number) => Promise<GcoreStream>;
  /** Where local rehearsal ingests record what they receive. */
  recordDir: string;
  x265Preset?: X265Preset;
  /** Timing overrides (tests shorten them); defaults follow Gcore's ingest rules. */
  tuning?: Pick<BroadcastSessionOptions, 'failover' | 'silenceMs' | 'connectTimeoutMs' | 'stopTimeoutMs' | 'statsIntervalMs'>;
  /** How often the API is asked whether Gcore switched back to the primary during a failback overlap. Default 5 s. */
  platformPollMs?: number;
  /** How long a simulated outage of a local ingest lasts before its network comes back. Default 20 s. */
  rehearsalOutageMs?: number;
  /** Environment of the desktop session (DISPLAY, XDG_RUNTIME_DIR…) for the source check. Default: this process's. */
  env?: NodeJS.ProcessEnv;
  /** Checks the camera / display / audio input exist before anything starts. Default: verifyCaptureSource. */
  verifyInput?: (encode: EncodeSettings) => Promise<void>;
}

export interface BroadcastHandle {
  session: BroadcastSession;
  /** The encoder in use now (libx265 after a runtime fallback; the session emits `encoder-fallback` then). */
  readonly encoder: string;
  /** Things the user should know that did not stop the broadcast (e.g. a hardware encoder fallback). */
  notices: string[];
  targets: ResolvedTargets;
  local: LocalIngests | null;
  simulateOutage(role: IngestRole): void;
  stop(): Promise<void>;
}

/** Engine timings from the `engine` settings block (all optional; Gcore-based defaults otherwise). */
export function tuningFromSettings(engine: Settings['engine']): NonNullable<BroadcastDeps['tuning']> {
  if (!engine) return { failover: {} };
  const { silenceMs, ...failover } = engine;
  return { failover, ...(silenceMs !== undefined ? { silenceMs } : {}) };
}

/**
 * The engine's input for a config's source: the cursor is drawn unless switched off; modes and overlay pass through.
 * On Linux a bare display number (`desktop:1` on the command line) means the X display `:1`.
 */
function inputFrom(choice: BroadcastConfig['input'], platform: EncodePlatform): EncodeSettings['input'] {
  if (choice.kind === 'testsrc') return { kind: 'testsrc', clockOverlay: true };
  if (choice.kind === 'camera') return { kind: 'camera', device: choice.device, ...(choice.captureMode ? { captureMode: choice.captureMode } : {}) };
  const display = platform === 'linux' && choice.display !== undefined && /^\d+(\.\d+)?$/.test(choice.display) ? `:${choice.display}` : choice.display;
  return {
    kind: 'desktop',
    ...(display !== undefined ? { display } : {}),
    ...(choice.region ? { region: choice.region } : {}),
    showCursor: choice.showCursor ?? true,
    ...(choice.overlayCamera ? { overlayCamera: choice.overlayCamera } : {}),
  };
}

export function encodeSettingsFrom(config: BroadcastConfig, encoder: string, platform: EncodePlatform, preset: X265Preset): EncodeSettings {
  const input = inputFrom(config.input, platform);
  return {
    input,
    audio: config.audio,
    width: config.width,
    height: config.height,
    fps: config.fps,
    bitrateKbps: config.bitrateKbps,
    keyintSeconds: config.keyintSeconds,
    encoder,
    preset,
    platform,
  };
}

/**
 * While primary and backup are both pushed after a failover (the overlap), asks the API whether the platform has
 * switched back: `live` means the primary ingest is receiving and transcoding again. That ends the overlap before the
 * 60 s + margin timer. API errors are ignored here: the timer still ends the overlap.
 */
export function watchPlatformFailback(session: BroadcastSession, streamId: number, getStream: (id: number) => Promise<GcoreStream>, pollMs: number): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy || session.policyState().overlap === null) return;
    busy = true;
    getStream(streamId)
      .then((stream) => {
        if (stream.live === true && session.policyState().overlap !== null) session.platformSwitchedBack();
      })
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  }, pollMs);
  timer.unref();
  return () => clearInterval(timer);
}

export async function startBroadcast(config: BroadcastConfig, deps: BroadcastDeps): Promise<BroadcastHandle> {
  assertCanBroadcast(deps.probe);
  validateLatencyMs(config.latencyMs);
  const choice = chooseEncoder(config.encoder, deps.probe);
  let encode = encodeSettingsFrom(config, choice.encoder, deps.platform, deps.x265Preset ?? 'veryfast');
  const sessionDisplay = (deps.env ?? process.env).DISPLAY;
  if (encode.platform === 'linux' && encode.input.kind === 'desktop' && encode.input.display === undefined && sessionDisplay) {
    // "The desktop" is the session's own X display, not always :0 (a second login, XWayland, Xvfb).
    encode = { ...encode, input: { ...encode.input, display: sessionDisplay } };
  }
  validateEncodeSettings(encode); // before any ingest or process is started
  await (deps.verifyInput ?? ((e: EncodeSettings) => verifyCaptureSource(e, { ffmpegPath: deps.probe.path, ...(deps.env ? { env: deps.env } : {}) })))(encode);

  let local: LocalIngests | null = null;
  let targets: ResolvedTargets;
  if (config.target.kind === 'stream') {
    if (!deps.getStream) throw new Error('startBroadcast: getStream is required for a stream target');
    targets = targetsFromStream(await deps.getStream(config.target.streamId));
  } else if (config.target.kind === 'urls') {
    targets = targetsFromUrls(config.target.primary, config.target.backup);
  } else {
    local = await startLocalIngests({ ffmpegPath: deps.probe.path, recordDir: join(deps.recordDir, `rehearsal-${Date.now()}`), latencyMs: config.latencyMs });
    targets = targetsFromUrls(local.primary.url, local.backup.url);
  }

  const session = new BroadcastSession({
    ffmpegPath: deps.probe.path,
    encode,
    primary: targets.primary,
    backup: targets.backup,
    latencyMs: config.latencyMs,
    ...deps.tuning,
    failover: { mode: config.mode, ...deps.tuning?.failover },
  });
  try {
    session.start();
  } catch (err) {
    await local?.close();
    throw err;
  }
  const outageTimers = new Set<NodeJS.Timeout>();
  const stopWatching = config.target.kind === 'stream' && deps.getStream ? watchPlatformFailback(session, config.target.streamId, deps.getStream, deps.platformPollMs ?? 5000) : () => undefined;
  const stop = async (): Promise<void> => {
    stopWatching();
    for (const t of outageTimers) clearTimeout(t);
    await session.stop();
    await local?.close();
  };
  void session.ended.then(async () => {
    stopWatching();
    for (const t of outageTimers) clearTimeout(t);
    await local?.close();
  });
  return {
    session,
    // A getter: the session may switch a failing hardware encoder to libx265 after the start.
    get encoder() {
      return session.encoderName;
    },
    notices: choice.notice ? [choice.notice] : [],
    targets,
    local,
    simulateOutage(role) {
      if (!local) {
        session.simulateOutage(role);
        return;
      }
      // A real outage: the network path to the local ingest goes dark and the tap has to notice it by itself.
      const ingest = local[role];
      ingest.setOutage(true);
      const timer = setTimeout(() => {
        outageTimers.delete(timer);
        ingest.setOutage(false);
      }, deps.rehearsalOutageMs ?? DEFAULT_REHEARSAL_OUTAGE_MS);
      outageTimers.add(timer);
    },
    stop,
  };
}
