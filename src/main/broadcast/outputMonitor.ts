// The monitor of what viewers get: one low-priority ffmpeg fed from its own fan-out sink decodes the outgoing keyframes
// to thumbnails and measures the audio; it restarts with back-off when it dies and can never slow the uplinks.

import { setPriority } from 'node:os';
import { type AudioLevels, type MonitorFrame } from '../../shared/broadcastTypes';
import { nextRetryDelayMs, type RetryBackoff } from '../failover/backoff';
import { buildMonitorArgs } from '../ffmpeg/args/monitorArgs';
import { parseEbur128Line } from '../ffmpeg/ebur128Parser';
import { JpegSplitter } from '../ffmpeg/jpegSplitter';
import type { TsFanout } from '../mpegts/tsFanout';
import { startManagedProcess, type ManagedProcess } from '../process/managedProcess';
import { AudioLevelMeter, NO_AUDIO_TRACK } from './audioLevels';
import type { DisposableStore } from './disposables';

/** The fan-out sink's name (never an ingest role). */
export const MONITOR_SINK = 'monitor';

export interface OutputMonitorOptions {
  ffmpegPath: string;
  /** The broadcast sends an audio track. */
  hasAudio: boolean;
  fanout: TsFanout;
  store: DisposableStore;
  now: () => number;
  onFrame(frame: MonitorFrame): void;
  onLog(line: string): void;
  /** Thumbnails closer together than this are skipped (keyframes every 1–2 s give one every 1.5–2 s). Default 1500 ms. */
  minThumbnailIntervalMs?: number;
  /** Restart delays after the monitor died. Default 1 s doubling to 30 s. */
  restartBackoff?: RetryBackoff;
  /** A run at least this long resets the back-off. Default 30 s. */
  stableRunMs?: number;
  /** OS priority of the monitor (19 lowest; Windows maps it to a priority class). Default 15. */
  niceness?: number;
  random?: () => number;
}

const DEFAULT_BACKOFF: RetryBackoff = { initialMs: 1_000, factor: 2, maxMs: 30_000, jitterRatio: 0.1 };

/** A running monitor: the latest audio levels for the stats line, and how often it had to be restarted. */
export class OutputMonitor {
  private readonly meter = new AudioLevelMeter();
  private process: ManagedProcess | null = null;
  private failures = 0;
  private lastThumbnailAtMs = -Infinity;
  private stopped = false;
  restarts = 0;

  constructor(private readonly options: OutputMonitorOptions) {
    options.store.add(() => this.stop());
  }

  /** Audio over the last second for the stats line; null before the first measurement or while the monitor is down. */
  levels(nowMs: number): AudioLevels | null {
    return this.options.hasAudio ? this.meter.levels(nowMs) : NO_AUDIO_TRACK;
  }

  start(): void {
    if (this.stopped) return;
    const o = this.options;
    const proc = startManagedProcess({
      command: o.ffmpegPath,
      args: buildMonitorArgs({ hasAudio: o.hasAudio }),
      name: 'monitor',
      stdin: 'pipe',
      stdout: 'pipe',
      redactSecrets: [], // it reads the encoder's output, which carries no key
      stopTimeoutMs: 500,
      logLines: 50,
    });
    this.process = proc;
    if (proc.pid !== undefined) {
      try {
        setPriority(proc.pid, o.niceness ?? 15);
      } catch {
        // Not permitted on this OS or already gone: it still runs, only without the lower priority.
      }
    }
    const splitter = new JpegSplitter();
    proc.stdout?.on('data', (chunk: Buffer) => {
      for (const jpeg of splitter.push(chunk)) this.thumbnail(jpeg);
    });
    proc.onStderrLine((line) => {
      const reading = parseEbur128Line(line);
      if (!reading) {
        if (/error|invalid|failed/i.test(line)) o.onLog(`monitor: ${line}`);
        return;
      }
      const atMs = o.now();
      this.meter.add(reading, atMs);
      const levels = this.meter.levels(atMs, 0);
      if (levels) o.onFrame({ kind: 'levels', levels, atMs });
    });
    const stdin = proc.stdin;
    stdin?.on('error', () => undefined); // EPIPE after the monitor died: its exit handler restarts it
    stdin?.on('drain', () => o.fanout.sinkDrained(MONITOR_SINK));
    o.fanout.addSink(MONITOR_SINK, (buf) => (stdin && !stdin.destroyed ? stdin.write(buf) : true), { fromGop: true });
    void proc.exited.then((exit) => {
      o.fanout.removeSink(MONITOR_SINK);
      if (this.stopped || this.process !== proc) return;
      this.process = null;
      this.meter.reset();
      this.failures = exit.runtimeMs >= (o.stableRunMs ?? 30_000) ? 1 : this.failures + 1;
      const delayMs = nextRetryDelayMs(this.failures, o.restartBackoff ?? DEFAULT_BACKOFF, o.random ?? Math.random);
      o.onLog(`monitor: ffmpeg exited (${exit.reason}${exit.code !== null ? `, code ${exit.code}` : ''}); restarting in ${delayMs} ms`);
      o.store.setTimeout(() => {
        this.restarts += 1;
        this.start();
      }, delayMs);
    });
  }

  /** Ends the monitor (the uplinks are not touched). Idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.options.fanout.removeSink(MONITOR_SINK);
    await this.process?.kill();
  }

  private thumbnail(jpeg: Buffer): void {
    const atMs = this.options.now();
    if (atMs - this.lastThumbnailAtMs < (this.options.minThumbnailIntervalMs ?? 1_500)) return;
    this.lastThumbnailAtMs = atMs;
    this.options.onFrame({ kind: 'thumbnail', dataUrl: `data:image/jpeg;base64,${jpeg.toString('base64')}`, atMs });
  }
}
