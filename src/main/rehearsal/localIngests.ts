// The local rehearsal's model of Gcore's ingest: a primary and a backup URL on 127.0.0.1, each an ingest front (the
// platform's connection rules, faults on demand) before an ffmpeg listener that records what it receives; one model
// of the platform says what viewers would see.

import { createSocket } from 'node:dgram';
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { IngestRole } from '../../shared/broadcastTypes';
import type { ResolvedFault, ViewerStory, ViewerSummary } from '../../shared/rehearsalTypes';
import { GcoreIngestModel } from '../ingestModel/gcoreIngestModel';
import type { GcoreIngestRules } from '../ingestModel/gcoreIngestRules';
import type { ViewerReport } from '../ingestModel/ingestModelTypes';
import { describeViewerEvent, viewerStory, viewerSummary } from '../ingestModel/viewerSummary';
import { startManagedProcess, type ManagedProcess } from '../process/managedProcess';
import { IngestFront } from './ingestFront';

export interface LocalIngest {
  role: IngestRole;
  /** What the sender pushes to: the front of this ingest. */
  url: string;
  /** Files written so far, one per SRT session the listener accepted. */
  recordings(): string[];
  bytesReceived(): Promise<number>;
}

export interface LocalIngests {
  primary: LocalIngest;
  backup: LocalIngest;
  /** Breaks something now; a fault with a duration ends by itself. */
  inject(fault: ResolvedFault): void;
  /** What viewers would see now, under the platform's rules. */
  viewers(): ViewerSummary;
  /** The platform's decisions since the last call, one sentence each. */
  takeViewerEvents(): string[];
  /** The model's whole report up to now (or, projected, to a later monotonic time). */
  report(atMs?: number): ViewerReport;
  /** What viewers saw so far, and what the platform would still do if the stream went on as it is (the next 90 s). */
  story(): ViewerStory;
  /** Monotonic clock of the model, ms. */
  clock(): number;
  close(): Promise<void>;
}

export interface LocalIngestOptions {
  ffmpegPath: string;
  /** This rehearsal's folder (created 0700, its parent too); recordings are written 0600. */
  recordDir: string;
  latencyMs: number;
  /** Platform figures; Gcore's documented values by default. Tests shorten them. */
  rules?: Partial<GcoreIngestRules>;
  /** Aborting it (the broadcast stopped while starting) ends the start: what it made is closed, the promise rejects. */
  signal?: AbortSignal;
}

/** How long an ffmpeg listener may take to bind its port (seconds on a loaded machine). */
const LISTENER_START_TIMEOUT_MS = 15_000;

/** How far past the stop the story looks for what the platform would still have done: its 60 s switch back and more. */
const STORY_HORIZON_MS = 90_000;

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** The listener's argument list (pure): accept one SRT caller, copy its MPEG-TS into `file`. */
export function localListenerArgs(port: number, latencyMs: number, file: string): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'warning',
    '-f', 'mpegts', '-i', `srt://127.0.0.1:${port}?mode=listener&latency=${latencyMs * 1000}`,
    '-map', '0', '-c', 'copy', '-f', 'mpegts', '-y', file,
  ];
}

/** An ffmpeg SRT listener on a fixed port, started again (with a new file) after each session it served. */
class RecordingListener {
  readonly files: string[] = [];
  private current: ManagedProcess | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private quickExits = 0;
  private closed = false;

  constructor(readonly role: IngestRole, readonly port: number, private readonly options: LocalIngestOptions) {}

  /**
   * Resolves once the listener holds its port (a real ingest is always listening: a caller admitted before the listener
   * is up would be counted as an attempt and get no answer). Probes by binding the port: taken means ffmpeg has it.
   */
  async ready(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!this.closed && !(await portTaken(this.port))) {
      signal?.throwIfAborted();
      if (performance.now() > deadline) throw new Error(`the local ${this.role} ingest (ffmpeg listener) did not start within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async listen(): Promise<void> {
    if (this.closed) return;
    const file = join(this.options.recordDir, `rehearsal-${this.role}-${this.files.length + 1}.ts`);
    this.files.push(file);
    // ffmpeg keeps the mode of a file that exists: created 0600 first, the recording is readable by this user only.
    await writeFile(file, '', { mode: 0o600 });
    if (this.closed) return;
    const proc = startManagedProcess({
      command: this.options.ffmpegPath,
      args: localListenerArgs(this.port, this.options.latencyMs, file),
      name: `local-ingest-${this.role}`,
      stdin: 'ignore',
      stdout: 'ignore',
      redactSecrets: [],
    });
    this.current = proc;
    void proc.exited.then((exit) => {
      if (this.current !== proc || this.closed) return;
      // A listener that keeps failing at once (port taken, bad input) must not respawn in a tight loop.
      this.quickExits = exit.runtimeMs < 2000 ? this.quickExits + 1 : 0;
      this.restartTimer = setTimeout(() => void this.listen(), Math.min(200 * 2 ** this.quickExits, 5000));
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.current?.stop();
  }
}

/** Whether a UDP port on 127.0.0.1 is bound by someone (binding it fails with EADDRINUSE). */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createSocket('udp4');
    probe.once('error', () => {
      try {
        probe.close();
      } catch {
        // never bound
      }
      resolve(true);
    });
    probe.bind(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

async function privateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  await chmod(path, 0o700); // an existing folder keeps its mode otherwise
}

export async function startLocalIngests(options: LocalIngestOptions): Promise<LocalIngests> {
  await privateDir(dirname(options.recordDir));
  await privateDir(options.recordDir);
  const clock = (): number => performance.now();
  const model = new GcoreIngestModel({ clock, ...(options.rules ? { rules: options.rules } : {}) });
  const timers = new Set<NodeJS.Timeout>();
  const parts: Array<{ front: IngestFront; listener: RecordingListener }> = [];
  const start = async (role: IngestRole): Promise<{ front: IngestFront; listener: RecordingListener }> => {
    options.signal?.throwIfAborted();
    const listener = new RecordingListener(role, await freeUdpPort(), options);
    const front = await IngestFront.bind({ role, model, clock, upstreamPort: () => listener.port });
    const part = { front, listener };
    parts.push(part);
    await listener.listen();
    await listener.ready(LISTENER_START_TIMEOUT_MS, options.signal);
    return part;
  };
  const close = async (): Promise<void> => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
    await Promise.all(parts.map(async ({ front, listener }) => {
      await front.close();
      await listener.close();
    }));
  };
  try {
    const primary = await start('primary');
    const backup = await start('backup');
    return localIngests(model, { primary, backup }, timers, close);
  } catch (err) {
    await close();
    throw err;
  }
}

function localIngests(
  model: GcoreIngestModel,
  parts: Record<IngestRole, { front: IngestFront; listener: RecordingListener }>,
  timers: Set<NodeJS.Timeout>,
  close: () => Promise<void>,
): LocalIngests {
  let eventsSeen = 0;
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const ingest = (role: IngestRole): LocalIngest => {
    const { front, listener } = parts[role];
    return {
      role,
      url: `srt://127.0.0.1:${front.port}?streamid=rehearsal-${role}`,
      recordings: () => [...listener.files],
      async bytesReceived() {
        let total = 0;
        for (const f of listener.files) total += await stat(f).then((s) => s.size, () => 0);
        return total;
      },
    };
  };
  const hit = (front: IngestFront, fault: ResolvedFault): void => {
    const { durationMs } = fault;
    switch (fault.kind) {
      case 'glitch':
        front.blackhole(durationMs ?? 0);
        break;
      case 'outage':
        front.outage(true);
        if (durationMs !== null) later(durationMs, () => front.outage(false));
        break;
      case 'refuse-key':
        front.refuseKey();
        front.dropConnection();
        if (durationMs !== null) later(durationMs, () => front.refuseKey(null));
        break;
      case 'loss':
        front.lossBurst({ durationMs: durationMs ?? 0, lossRate: (fault.lossPct ?? 0) / 100 });
        break;
    }
  };
  return {
    primary: ingest('primary'),
    backup: ingest('backup'),
    inject(fault) {
      const roles: IngestRole[] = fault.target === 'both' ? ['primary', 'backup'] : [fault.target];
      for (const role of roles) hit(parts[role].front, fault);
    },
    viewers: () => viewerSummary(model.report()),
    takeViewerEvents() {
      const { events } = model.report();
      const fresh = events.slice(eventsSeen);
      eventsSeen = events.length;
      return fresh.map((e) => describeViewerEvent(e, model.rules));
    },
    report: (atMs) => model.report(atMs),
    story() {
      const nowMs = performance.now();
      return viewerStory(model.report(nowMs), model.report(nowMs + STORY_HORIZON_MS), model.rules);
    },
    clock: () => performance.now(),
    close,
  };
}
