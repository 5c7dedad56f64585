// Plain data of a broadcast shared by engine, CLI JSON lines, IPC and renderer: config, 1 Hz stats, events.

import type { ViewerSummary } from './rehearsalTypes';

/** Which ingest an uplink pushes to: the stream's `push_url_srt` or `backup_push_url_srt`. */
export const INGEST_ROLES = ['primary', 'backup'] as const;
export type IngestRole = (typeof INGEST_ROLES)[number];

/** What the broadcast wants for one uplink right now (the failover policy's view, shown as is). */
export type UplinkState =
  | 'stopped' // not running and not wanted (before start, after stop or give-up)
  | 'connecting' // a sender was started, its SRT session is not up yet
  | 'live' // the tap saw the session up
  | 'suspect' // live, but the ingest stopped answering: its session is kept for a grace time (SRT may ride it out)
  | 'down' // failed; a retry is scheduled
  | 'refused' // the ingest refused the stream id, key or passphrase twice: not tried again
  | 'standby'; // backup in failover mode while the primary carries the stream

/** `failover`: one uplink at a time, backup only while the primary is out. `redundant`: both at all times. */
export const BROADCAST_MODES = ['failover', 'redundant'] as const;
export type BroadcastMode = (typeof BROADCAST_MODES)[number];

/** Why an uplink was declared down (from its SRT tap, its sender process, or the policy's connect timer). */
export type UplinkDownReason = 'silent' | 'closed' | 'rejected' | 'process-exit' | 'connect-timeout';

/**
 * What the engine reports. `encoder-fallback`: a hardware encoder failed at start and libx265 took over;
 * `encoder-stalled` / `encoder-restarted`: the encoder stopped producing (or died) and was started again while the
 * uplinks kept their SRT sessions; `retry`: a new attempt on an ingest; `state`: the broadcast's own state changed;
 * `suspect`: an ingest stopped answering (the backup is started as a hedge, the session kept); `recovered`: it
 * answered again within the grace time (the hedge is stopped: viewers never noticed); `failover`: a real switch;
 * `targets-changed`: the stream's key or passphrase changed during the broadcast and the uplinks reconnect with the new
 * ones (the encoder keeps running), or the stream can be pushed to again after it was disabled. Rehearsal only: `fault`:
 * a fault was injected on a local ingest; `viewers`: the model of Gcore's ingest decided something viewers see (a start,
 * a switch between ingests, a restart), with what it costs them. `source`: what the source does (a file sent as it is or
 * encoded, and why).
 */
export type BroadcastEventKind =
  | 'connected'
  | 'suspect'
  | 'recovered'
  | 'failover'
  | 'failback'
  | 'down'
  | 'retry'
  | 'error'
  | 'stopped'
  | 'encoder-fallback'
  | 'encoder-stalled'
  | 'encoder-restarted'
  | 'targets-changed'
  | 'fault'
  | 'viewers'
  | 'source'
  | 'state';

/** A native camera mode to capture in (one fps picked from what the device lists). */
export interface CaptureMode {
  /** Pixels. */
  width: number;
  /** Pixels. */
  height: number;
  /** Frames per second. */
  fps: number;
  /** Pixel format or compression as the device list names it (`mjpeg`, `yuyv422`). USB 2 cameras give 1080p30 only as mjpeg. */
  format?: string;
}

/**
 * A rectangle of the desktop, pixels from the top-left of the (virtual) screen. On Windows the origin is the primary
 * monitor's top-left corner, so monitors to its left or above have negative x or y (gdigrab takes them as they are).
 */
export interface CaptureRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Corners a picture-in-picture camera can sit in. */
export const OVERLAY_CORNERS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;
export type OverlayCorner = (typeof OVERLAY_CORNERS)[number];

/** A camera drawn over the desktop capture (picture-in-picture), composed in the same encoder process. */
export interface OverlayCamera {
  /** As for a camera source. */
  device: string;
  captureMode?: CaptureMode;
  /** Default bottom-right. */
  corner?: OverlayCorner;
  /** Camera width as a percentage of the output width, 10–50. Default 25. */
  widthPercent?: number;
}

/** The video source; a `ScreenDevice.capture` of the device list fills `display` and `region` for one screen. */
export type InputSource =
  /** ffmpeg's testsrc2 pattern; `clockOverlay` (the broadcast turns it on) draws local time and the stream clock. */
  | { kind: 'testsrc'; clockOverlay?: boolean; fontFile?: string }
  /**
   * Screen capture. Linux: X11 display such as `:0.0` (a bare number `1` means `:1`; none = the session's own display).
   * macOS: avfoundation screen index or name. Windows: ignored (gdigrab captures the virtual desktop; `region` picks one monitor).
   */
  | { kind: 'desktop'; display?: string; region?: CaptureRegion; showCursor?: boolean; overlayCamera?: OverlayCamera }
  /**
   * Camera: `/dev/videoN` (Linux), the avfoundation device name or index (macOS), the DirectShow name (Windows).
   * `captureMode` asks the device for a native mode; without it the device default is scaled to the output size.
   */
  | { kind: 'camera'; device: string; captureMode?: CaptureMode }
  /** A pre-recorded file played in real time; `loop` repeats it without end (a "starting soon" loop), otherwise the broadcast ends with the file. HEVC + AAC within Gcore's rules is sent as it is (no re-encoding); anything else is encoded with the chosen encoder. */
  | { kind: 'file'; path: string; loop: boolean };

export type AudioSource =
  | { kind: 'none' }
  /** Digital silence: keeps Gcore's recommended single AAC track present without any sound. */
  | { kind: 'silence' }
  /** A 440 Hz tone with a short higher beep every second (useful to check A/V sync). */
  | { kind: 'tone' }
  /**
   * PulseAudio/PipeWire source name (Linux, e.g. `default`, or `alsa:plughw:CARD=…,DEV=0` for an ALSA device),
   * AVFoundation audio index or name (macOS), DirectShow name (Windows).
   */
  | { kind: 'device'; device: string };

/**
 * Where to push: a Gcore stream (URLs resolved in main from the API), explicit SRT URLs, or the two local rehearsal
 * ingests. `gcoreStreamId` is the stream's number in the Gcore API, not the SRT stream id (`123#key`) of a push URL.
 */
export type BroadcastTarget =
  | { kind: 'stream'; gcoreStreamId: number }
  | { kind: 'urls'; primary: string; backup?: string }
  | { kind: 'local' };

export interface BroadcastConfig {
  target: BroadcastTarget;
  input: InputSource;
  audio: AudioSource;
  width: number;
  height: number;
  fps: number;
  bitrateKbps: number;
  keyintSeconds: number;
  /** 'auto' = the best encoder the probe found working (hardware first). */
  encoder: string;
  latencyMs: number;
  mode: BroadcastMode;
}

export interface UplinkStats {
  role: IngestRole;
  state: UplinkState;
  rttMs: number | null;
  sendKbps: number;
  /** Packets sent again, percent of those sent over the last 5 s (what the path does now). */
  retransPct: number;
  /** The same over the whole SRT session. */
  retransPctTotal: number;
  /** Packets the ingest reported lost, percent of those sent over the last 5 s. */
  lossPct: number;
  /** Packets the ingest reported lost in this SRT session. */
  lostPkts: number;
  linkCapacityKbps: number | null;
  /** Data sent but not yet acknowledged, in ms of stream; compare with the SRT latency. */
  sendBufferMs: number | null;
}

/** The encoder now. fps, kbps and speed read 0 when it sent no progress for the stall time (it is not encoding). */
export interface EncoderStats {
  fps: number;
  kbps: number;
  /** 1 = real time. */
  speed: number;
  /** Frames dropped / duplicated by the running encoder process. */
  dropped: number;
  duplicated: number;
  /** Times the encoder was restarted in this broadcast (after a stall, a crash or a hardware fallback). */
  restarts: number;
}

/** What a warning is about; stable, for programs reading `push --json` and for the renderer's styling. */
export type WarningCode =
  | 'uplink-down'
  | 'rtt-high'
  | 'send-buffer-filling'
  | 'retransmissions-high'
  | 'encoder-slow'
  | 'encoder-stalled'
  | 'fanout-congested'
  | 'fanout-dropping'
  | 'platform-not-live'
  | 'platform-fps-mismatch'
  | 'platform-resolution-mismatch'
  | 'platform-transcoding-slow'
  | 'audio-clipping'
  | 'audio-silent';

/** `critical`: viewers are (or are about to be) affected; `warning`: act soon; `info`: worth knowing. */
export type WarningSeverity = 'info' | 'warning' | 'critical';

/** Something the streamer should know now, computed in main from the broadcast's own measurements. */
export interface BroadcastWarning {
  code: WarningCode;
  severity: WarningSeverity;
  /** One plain sentence saying what is wrong and what to do. */
  message: string;
  role?: IngestRole;
}

/** One snapshot per second. `t` is unix seconds. */
export interface StatsSnapshot {
  type: 'stats';
  t: number;
  /** The broadcast's own state at this moment. */
  state: BroadcastState;
  /** True only while the active ingest is acknowledging our data (its ACKs moved forward within the last second). */
  onAir: boolean;
  /** Why not on air (one sentence); null while on air. */
  onAirReason: string | null;
  encoder: EncoderStats;
  active: IngestRole | null;
  uplinks: UplinkStats[];
  /** What needs the streamer's attention now (empty when all is well). */
  warnings: BroadcastWarning[];
  /** Local rehearsal only: what viewers would see under Gcore's switching rules (the local ingest model's verdict). */
  viewers?: ViewerSummary;
  /** Broadcast to a Gcore stream: what the platform last said it receives (polled every 5 s); absent before the first answer. */
  platform?: PlatformView;
  /** Only while the backup carries the stream in failover mode: the policy's countdowns back to the primary. */
  failback?: FailbackCountdown;
  /** The audio as sent, over the last second (decoded from the outgoing MPEG-TS); absent while nothing was measured. */
  audio?: AudioLevels;
}

/** Whole seconds from this snapshot; null when that step is not scheduled. */
export interface FailbackCountdown {
  /** Until the next attempt on the primary (it is down and a retry is pending). */
  primaryRetryInS: number | null;
  /** Until the backup is stopped (the primary is back and the platform is being given time to switch back). */
  backToPrimaryInS: number | null;
}

/** What Gcore's API says it receives from us (its Stream object's live state and source metrics; null = not reported). */
export interface PlatformView {
  /** The primary ingest is receiving and transcoding. */
  live: boolean;
  /** The backup ingest is receiving. */
  backupLive: boolean;
  /** Ingest region receiving the primary (e.g. `ed1`), and the backup's. */
  region: string | null;
  backupRegion: string | null;
  /** Protocol of the current transcoding (`srt`, `rtmp`…). */
  sourceType: string | null;
  /** Pixels of the source as the platform sees it. */
  width: number | null;
  height: number | null;
  /** Frames per second of the source as the platform sees it. */
  fps: number | null;
  /** 1.0 = real time; below 1 the platform does not get the stream fast enough. */
  transcodingSpeed: number | null;
  /** The platform's last JPEG of the stream (https), refreshed about every 10 s. */
  screenshotUrl: string | null;
  /** The hosted player page viewers watch (https). */
  viewerPageUrl: string | null;
  /** When the API answered, ms since the epoch. */
  checkedAtMs: number;
}

/** Audio levels measured from what is actually sent. dB values are floored at AUDIO_FLOOR_DB (JSON has no −∞). */
export interface AudioLevels {
  /** False when the broadcast sends no audio track at all. */
  hasTrack: boolean;
  /** Peak per channel (true peak over the last second; the latest 100 ms in a levels frame), dBFS (0 = full scale). */
  peakDbfs: number[];
  /** Momentary loudness (EBU R128, 400 ms), LUFS; null without a track. */
  loudnessLufs: number | null;
  /** A peak reached the clipping threshold within the last few seconds. */
  clipping: boolean;
  /** Nothing above the silence threshold for a few seconds (or no track). */
  silent: boolean;
}

/** The lowest level reported, dB: digital silence reads as this. */
export const AUDIO_FLOOR_DB = -120;

/** Main → renderer at up to 10 Hz: what viewers get (a keyframe thumbnail or the latest audio levels). */
export type MonitorFrame =
  | { kind: 'thumbnail'; /** `data:image/jpeg;base64,…` */ dataUrl: string; /** When it was decoded, unix ms. */ atMs: number }
  | { kind: 'levels'; levels: AudioLevels; atMs: number };

export interface BroadcastEvent {
  type: 'event';
  t: number;
  kind: BroadcastEventKind;
  role?: IngestRole;
  /** For kind `state`: the broadcast's new state. */
  state?: BroadcastState;
  detail: string;
}

/**
 * The broadcast as a whole: `live` while an ingest carries the stream, `notOnAir` while the broadcast runs but no
 * ingest carries it (connecting, every uplink down or refused), `failed` when it ended by itself or could not start.
 */
export type BroadcastState = 'idle' | 'starting' | 'live' | 'notOnAir' | 'stopping' | 'stopped' | 'failed';
