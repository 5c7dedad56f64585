// Two SRT ingests on 127.0.0.1 for rehearsing without an account: ffmpeg listeners recording to files, behind gates.

import { createSocket } from 'node:dgram';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { IngestRole } from '../../shared/broadcastTypes';
import { startManagedProcess, type ManagedProcess } from '../process/managedProcess';
import { startUdpGate, type UdpGate } from './udpGate';

export interface LocalIngest {
  role: IngestRole;
  /** What the sender pushes to: the gate in front of the listener. */
  url: string;
  /** Files written so far, one per SRT session the listener accepted. */
  recordings(): string[];
  bytesReceived(): Promise<number>;
  /** Simulates the network path to this ingest dying (and coming back with `false`). */
  setOutage(down: boolean): void;
}

export interface LocalIngests {
  primary: LocalIngest;
  backup: LocalIngest;
  close(): Promise<void>;
}

export interface LocalIngestOptions {
  ffmpegPath: string;
  recordDir: string;
  latencyMs: number;
}

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

async function startLocalIngest(role: IngestRole, options: LocalIngestOptions, closing: () => boolean): Promise<LocalIngest & { close(): Promise<void> }> {
  const port = await freeUdpPort();
  const gate: UdpGate = await startUdpGate(port);
  const files: string[] = [];
  let current: ManagedProcess | null = null;
  let restartTimer: NodeJS.Timeout | null = null;
  let quickExits = 0;

  // A listener ffmpeg ends with its caller's session; start a fresh one (and a fresh file) each time.
  function listen(): void {
    if (closing()) return;
    const file = join(options.recordDir, `rehearsal-${role}-${files.length + 1}.ts`);
    files.push(file);
    const proc = startManagedProcess({
      command: options.ffmpegPath,
      args: localListenerArgs(port, options.latencyMs, file),
      name: `local-ingest-${role}`,
      stdin: 'ignore',
      stdout: 'ignore',
      redactSecrets: [],
    });
    current = proc;
    void proc.exited.then((exit) => {
      if (current !== proc || closing()) return;
      // A listener that keeps failing at once (port taken, bad input) must not respawn in a tight loop.
      quickExits = exit.runtimeMs < 2000 ? quickExits + 1 : 0;
      restartTimer = setTimeout(listen, Math.min(200 * 2 ** quickExits, 5000));
    });
  }
  listen();

  return {
    role,
    url: `srt://127.0.0.1:${gate.port}?streamid=rehearsal-${role}`,
    recordings: () => [...files],
    async bytesReceived() {
      let total = 0;
      for (const f of files) total += await stat(f).then((s) => s.size, () => 0);
      return total;
    },
    setOutage(down) {
      gate.setOpen(!down);
    },
    async close() {
      if (restartTimer) clearTimeout(restartTimer);
      await current?.stop();
      await gate.close();
    },
  };
}

export async function startLocalIngests(options: LocalIngestOptions): Promise<LocalIngests> {
  await mkdir(options.recordDir, { recursive: true });
  let closing = false;
  const isClosing = () => closing;
  const primary = await startLocalIngest('primary', options, isClosing);
  const backup = await startLocalIngest('backup', options, isClosing);
  return {
    primary,
    backup,
    async close() {
      closing = true;
      await Promise.all([primary.close(), backup.close()]);
    },
  };
}
