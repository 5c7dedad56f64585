// Plain data of a broadcast shared by engine, CLI JSON lines, IPC and renderer: config, 1 Hz stats, events.

export type IngestRole = 'primary' | 'backup';
export type UplinkState = 'connecting' | 'live' | 'down' | 'standby' | 'stopped';
export type BroadcastMode = 'failover' | 'redundant';
/** `encoder-fallback`: the chosen hardware encoder failed at start and the broadcast went on with libx265. */
export type BroadcastEventKind = 'connected' | 'failover' | 'failback' | 'down' | 'retry' | 'error' | 'stopped' | 'encoder-fallback';

/** A native camera mode, as `CaptureDevices` lists it (one fps picked). */
export interface CaptureModeChoice {
  width: number;
  height: number;
  fps: number;
  /** Pixel format or compression, e.g. `mjpeg`. */
  format?: string;
}

/** A rectangle of the desktop, pixels (Windows: relative to the primary monitor, may be negative). */
export interface RegionChoice {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A camera over the desktop (picture-in-picture). */
export interface OverlayCameraChoice {
  device: string;
  captureMode?: CaptureModeChoice;
  corner?: 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
  /** Camera width in percent of the picture width, 10–50 (default 25). */
  widthPercent?: number;
}

/** The video source; a `ScreenDevice.capture` of the device list fills `display` and `region` for one screen. */
export type InputChoice =
  | { kind: 'testsrc' }
  | { kind: 'desktop'; display?: string; region?: RegionChoice; showCursor?: boolean; overlayCamera?: OverlayCameraChoice }
  | { kind: 'camera'; device: string; captureMode?: CaptureModeChoice };

export type AudioChoice = { kind: 'none' } | { kind: 'tone' } | { kind: 'device'; device: string };

/** Where to push: a Gcore stream (URLs resolved in main), explicit SRT URLs, or the two local rehearsal ingests. */
export type BroadcastTarget =
  | { kind: 'stream'; streamId: number }
  | { kind: 'urls'; primary: string; backup?: string }
  | { kind: 'local' };

export interface BroadcastConfig {
  target: BroadcastTarget;
  input: InputChoice;
  audio: AudioChoice;
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
  retransPct: number;
  lostPkts: number;
  linkCapacityKbps: number | null;
  /** Data sent but not yet acknowledged, in ms of stream; compare with the SRT latency. */
  sendBufferMs: number | null;
}

export interface EncoderStats {
  fps: number;
  kbps: number;
  speed: number;
  dropped: number;
  duplicated: number;
}

/** One snapshot per second. `t` is unix seconds. */
export interface StatsSnapshot {
  type: 'stats';
  t: number;
  encoder: EncoderStats;
  active: IngestRole | null;
  uplinks: UplinkStats[];
}

export interface BroadcastEvent {
  type: 'event';
  t: number;
  kind: BroadcastEventKind;
  role?: IngestRole;
  detail: string;
}

export type BroadcastState = 'idle' | 'starting' | 'live' | 'stopping' | 'stopped' | 'failed';
