// What a Broadcast is made from and what it ends with: its dependencies, engine timings, measurement hooks, end reasons.

import type { IngestRole } from '../../shared/broadcastTypes';
import type { DesktopPlatform, FfmpegProbe } from '../../shared/ffmpegCapabilities';
import type { FailoverConfigInput } from '../failover/failoverTypes';
import type { FileSourceCheck } from '../capture/fileSourcePlan';
import type { EncodeSettings, X265Preset } from '../ffmpeg/args/encodeSettings';
import type { GcoreStream } from '../gcore/streamSchema';
import type { GcoreIngestRules } from '../ingestModel/gcoreIngestRules';
import type { EncoderRestartPolicy } from './encoderSupervisor';
import type { SrtSenderKind } from './uplinkContract';

/** Engine timings (tests and the `engine` settings shorten them); defaults follow Gcore's ingest rules. */
export interface BroadcastTuning {
  failover?: Omit<FailoverConfigInput, 'hasBackup' | 'mode'>;
  /** No packet back from an ingest for this long while sending → suspect. Default DEFAULT_SILENCE_MS (300 ms). */
  silenceMs?: number;
  /** SRT handshake timeout of each sender, ms. Default 3000. */
  connectTimeoutMs?: number;
  /** How long a process gets after an interrupt before it is killed. Default 1500 ms. */
  stopTimeoutMs?: number;
  statsIntervalMs?: number;
  /**
   * How often the stream is read back from the API while a broadcast to it runs (disabled, deleted, new key, the failback,
   * what the platform receives): one poll serves all. Default `platformPollMs`, else 5 s.
   */
  streamPollMs?: number;
  encoderRestart?: Partial<EncoderRestartPolicy>;
  /** After a file played once has ended, how long the senders get to deliver its last packets before the end. Default 1000 ms. */
  inputEndDrainMs?: number;
  /**
   * Who speaks SRT to the ingests: the engine's own sender ('engine', default), or one libsrt sender ffmpeg per ingest
   * behind the SRT tap ('ffmpeg': a process and a loopback hop more per ingest, for comparison or an ingest that needs it).
   */
  srtSender?: SrtSenderKind;
}

export interface BroadcastDeps {
  probe: FfmpegProbe;
  platform: DesktopPlatform;
  /** Needed for a `stream` target: fetches the stream through the API. */
  getStream?: (id: number) => Promise<GcoreStream>;
  /** Where local rehearsal ingests record what they receive. */
  recordDir: string;
  x265Preset?: X265Preset;
  tuning?: BroadcastTuning;
  /** How often the API is polled while a broadcast to a Gcore stream runs (see `tuning.streamPollMs`). Default 5 s. */
  platformPollMs?: number;
  /** How long a rehearsal `outage` fault lasts when the request names no duration. Default REHEARSAL_FAULT_DEFAULTS (20 s). */
  rehearsalOutageMs?: number;
  /** The rehearsal's platform figures (the model of Gcore's ingest); Gcore's documented values by default. Tests shorten them. */
  rehearsalRules?: Partial<GcoreIngestRules>;
  /** Environment of the desktop session (DISPLAY, XDG_RUNTIME_DIR…) for the source check. Default: this process's. */
  env?: NodeJS.ProcessEnv;
  /** Checks a file source (exists, has a picture, its keyframes) and decides copy or encode. Default: checkMediaFile. */
  checkFile?: (path: string) => Promise<FileSourceCheck>;
  /** Checks the camera / display / audio input exist before anything starts. Default: verifyCaptureSource. */
  verifyInput?: (encode: EncodeSettings) => Promise<void>;
  /** Wall clock, ms since the epoch. */
  now?: () => number;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Run the monitor of what viewers get (thumbnails, audio levels; one low-priority ffmpeg). Default true. */
  monitorOutput?: boolean;
  /** Measurement hooks (the benchmark times bytes through the engine with them); they must not keep the chunks' memory busy. */
  observe?: WireObserver;
}

/** Sees every chunk the encoder writes and every chunk handed to a sender, the moment it passes. */
export interface WireObserver {
  encoderOutput?(chunk: Buffer): void;
  senderInput?(role: IngestRole, chunk: Buffer): void;
}

/**
 * Why a broadcast ended: the user stopped it, no ingest answered for the retry budget, every ingest refused the stream
 * (wrong id, key or passphrase), the encoder could not be kept running, it never started, or the file it played (once)
 * has ended.
 */
export type EndReason = 'stopped' | 'unreachable' | 'refused' | 'encoder-failed' | 'start-failed' | 'input-ended';

export interface BroadcastEnd {
  state: 'stopped' | 'failed';
  reason: EndReason;
  /** One sentence for a failure; null after the user's stop. */
  detail: string | null;
}
