// The one IPC contract between renderer and main: channel names, payload schemas and the API the preload exposes.

import type { BroadcastConfig, BroadcastEvent, BroadcastState, IngestRole, MonitorFrame, StatsSnapshot } from './broadcastTypes';
import type { CaptureDevices } from './captureDevices';
import type { FfmpegProbe } from './ffmpegCapabilities';
import type { FileSourceInfo } from './fileSourceTypes';
import type { RehearsalFault, ViewerStory } from './rehearsalTypes';
import type { Result } from './result';
import type { ReportFormat, SessionReport } from './sessionReportTypes';
import type { SettingsPatch } from './settingsSchemas';
import type { StreamChange, StreamKeyResetChange, StreamView } from './streams';

export interface AccountStatus {
  signedIn: boolean;
  apiBaseUrl: string;
}

export interface DoctorReport {
  ffmpeg: Result<FfmpegProbe>;
  keychain: Result<{ tokenStored: boolean }>;
  api: Result<{ reachable: true; streams: number }> | null;
  /** Cameras, screens and audio inputs found, with notes on what does not work here. Always set by runDoctor. */
  devices?: CaptureDevices;
}

/** What the window reads of the settings: its broadcast choices, and a notice when the settings file was reset. */
export interface SettingsView {
  /** The saved broadcast choices as stored (the renderer reads them tolerantly); absent before the first save. */
  broadcast?: unknown;
  /** Set when an invalid settings file was replaced by the defaults: one sentence naming where the old one was kept. */
  notice?: string;
}

/** The outcome of chooseSourceFile: the user cancelled the dialog, or the file was checked and remembered. */
export type SourceFileChoice = { status: 'cancelled' } | { status: 'chosen'; file: FileSourceInfo };

/** The outcome of chooseFfmpegPath: the user cancelled the file dialog, or the chosen ffmpeg was probed and saved. */
export type FfmpegChoice = { status: 'cancelled' } | { status: 'saved'; path: string; version: string };

/** The outcome of setApiBaseUrl: `cancelled` when the user declined in the confirmation dialog. */
export interface ApiBaseUrlChange {
  status: 'saved' | 'cancelled';
  account: AccountStatus;
}

/**
 * The outcome of copyPushUrl: `cancelled` when the user declined in main's confirmation dialog; `copied` when main put
 * the real URL (key included) on the system clipboard itself. `masked` is what was copied, with the key masked.
 */
export type PushUrlCopy = { status: 'cancelled' } | { status: 'copied'; masked: string };

export interface PullSetup {
  stream: StreamView;
  retryPolicy: string[];
}

export interface BroadcastStatus {
  state: BroadcastState;
  /** Why it is not on air, failed or stopped (one sentence); null while live or idle. */
  reason: string | null;
  startedAtMs: number | null;
  config: BroadcastConfig | null;
  /**
   * The video bitrate aimed at, kbps, when it is not `config.bitrateKbps`: a file sent as it is goes at its own
   * bitrate (null when the file does not say). Absent: the configured bitrate.
   */
  targetKbps?: number | null;
  /** Rehearsal only: what viewers would have seen so far (frozen at the stop); null for a real broadcast. */
  viewerStory: ViewerStory | null;
}

/** The current (or last) broadcast as a reloaded window needs it: its status, the last 5 minutes of stats, every event. */
export interface BroadcastHistory {
  status: BroadcastStatus;
  stats: StatsSnapshot[];
  events: BroadcastEvent[];
}

/** A session report as a file to save: the suggested name and the content. */
export interface ReportFile {
  fileName: string;
  text: string;
}

/** What `window.srtCompanion` offers the renderer. Every call resolves to a Result; subscriptions return an unsubscribe. */
export interface SrtCompanionApi {
  accountStatus(): Promise<Result<AccountStatus>>;
  /** Checks the token against the API, then stores it in the OS keychain. The renderer must drop it afterwards. */
  signIn(token: string): Promise<Result<AccountStatus>>;
  signOut(): Promise<Result<AccountStatus>>;
  listStreams(): Promise<Result<StreamView[]>>;
  getStream(id: number): Promise<Result<StreamView>>;
  createStream(name: string): Promise<Result<StreamView>>;
  setPull(id: number, urls: string[]): Promise<Result<PullSetup>>;
  pullOff(id: number): Promise<Result<StreamView>>;
  /** Switches the stream on (pushes accepted) or off (pushes rejected, pulling stopped, the live ingest dropped). */
  setStreamActive(id: number, active: boolean): Promise<Result<StreamView>>;
  /** New push key; the old one dies at once. The new URLs come back masked. */
  resetStreamKey(id: number): Promise<Result<StreamKeyResetChange>>;
  /**
   * Sets the SRT passphrase the user just typed (10–79 printable ASCII characters), or clears it with null. The
   * passphrase is never sent back: the stream says only `hasPassphrase`.
   */
  setStreamPassphrase(id: number, passphrase: string | null): Promise<Result<StreamChange>>;
  /**
   * Reveal step for an encoder's push URL: main asks the user in a native dialog, then writes the real URL (stream key
   * included) to the system clipboard itself, so the key never enters the window. Returns the masked URL copied.
   */
  copyPushUrl(id: number, role: IngestRole): Promise<Result<PushUrlCopy>>;
  /** Deletes the stream for good (recordings stay as Videos). */
  deleteStream(id: number): Promise<Result<{ id: number }>>;
  doctor(): Promise<Result<DoctorReport>>;
  /** Redacted logs of the current or last broadcast, as text for the user to save. */
  exportLogs(): Promise<Result<string>>;
  loadSettings(): Promise<Result<SettingsView>>;
  /** Saves the broadcast choices only; a patch with `apiBaseUrl` or `ffmpegPath` is refused (`setting_not_allowed`). */
  saveSettings(patch: SettingsPatch): Promise<Result<SettingsView>>;
  /**
   * Main opens a native file dialog, probes the chosen program and saves it only if it can broadcast (SRT, HEVC, AAC,
   * MPEG-TS); otherwise fails with the probe's sentence. The window never supplies the path.
   */
  chooseFfmpegPath(): Promise<Result<FfmpegChoice>>;
  /** main's file dialog for a video file to broadcast; the file is checked and remembered (the only one the window may play). */
  chooseSourceFile(): Promise<Result<SourceFileChoice>>;
  /** The remembered source file, checked again now (it may have changed or gone); null when none was chosen. */
  describeSourceFile(): Promise<Result<FileSourceInfo | null>>;
  /**
   * Checks the address (https, or http only on 127.0.0.1/localhost/[::1]) and asks the user in a native dialog, naming
   * the host the API token will be sent to, before saving it.
   */
  setApiBaseUrl(url: string): Promise<Result<ApiBaseUrlChange>>;
  /** Back to GCORE_API_URL or Gcore's own API (no confirmation needed). */
  resetApiBaseUrl(): Promise<Result<AccountStatus>>;
  startBroadcast(config: BroadcastConfig): Promise<Result<BroadcastStatus>>;
  stopBroadcast(): Promise<Result<BroadcastStatus>>;
  /** Rehearsal only: breaks a local ingest (glitch, outage, refused key, loss burst); refused for a real broadcast. */
  simulateFault(fault: RehearsalFault): Promise<Result<BroadcastStatus>>;
  broadcastStatus(): Promise<Result<BroadcastStatus>>;
  /** The status with the last 5 minutes of stats and every event, for a window that was (re)loaded. */
  broadcastHistory(): Promise<Result<BroadcastHistory>>;
  /** The report of the current or last broadcast (duration, time on air, per ingest figures, events, recordings). */
  sessionReport(): Promise<Result<SessionReport>>;
  /** The same report as a file: the whole report as JSON, or one row per stats second as CSV. */
  exportSessionReport(format: ReportFormat): Promise<Result<ReportFile>>;
  openExternal(url: string): Promise<Result<boolean>>;
  onStats(listener: (snapshot: StatsSnapshot) => void): () => void;
  onBroadcastEvent(listener: (event: BroadcastEvent) => void): () => void;
  /** What viewers get while a broadcast runs: keyframe thumbnails (about every 2 s) and audio levels (10 a second). */
  onMonitor(listener: (frame: MonitorFrame) => void): () => void;
}
