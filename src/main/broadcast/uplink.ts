// One uplink: an SRT tap toward one ingest plus the sender ffmpeg that pushes the fanned-out MPEG-TS through it.

import type { IngestRole } from '../../shared/broadcastTypes';
import { redact } from '../redact';
import { startManagedProcess, type ManagedProcess } from '../process/managedProcess';
import { SrtTap } from '../srt/srtTap';
import type { TapSnapshot, TapStateChange } from '../srt/tapTypes';
import type { UplinkDownReason } from '../failover/failoverTypes';
import { buildSenderArgs, senderSecrets } from '../ffmpeg/args/senderArgs';

/** Where one ingest is and what the handshake must carry. */
export interface UplinkTarget {
  role: IngestRole;
  host: string;
  port: number;
  /** Stream id verbatim (`123#key`), or null. Secret: never logged unredacted. */
  streamId: string | null;
  passphrase: string | null;
  /** For display and logs: the push URL with the key masked. */
  label: string;
}

export interface UplinkCallbacks {
  live(detail: string): void;
  down(reason: UplinkDownReason, detail: string): void;
  /** Something worth telling the user that is not a state change (e.g. the ingest saw another stream id). */
  warning(detail: string): void;
}

export interface UplinkOptions {
  ffmpegPath: string;
  target: UplinkTarget;
  latencyMs: number;
  silenceMs: number;
  connectTimeoutMs: number;
  stopTimeoutMs: number;
  callbacks: UplinkCallbacks;
}

/** A running uplink. Its `write` is the fan-out sink; `false` means back-pressure. */
export interface Uplink {
  readonly role: IngestRole;
  readonly sender: ManagedProcess;
  write(chunk: Buffer): boolean;
  snapshot(): TapSnapshot;
  /** Stops the sender (interrupt, then kill) and closes the tap. Idempotent. */
  stop(): Promise<void>;
}

const DOWN_STATES: Partial<Record<TapStateChange['to'], UplinkDownReason>> = { silent: 'silent', closed: 'closed', rejected: 'rejected' };

export async function startUplink(options: UplinkOptions): Promise<Uplink> {
  const { target, callbacks } = options;
  const tap = await SrtTap.open({ ingestHost: target.host, ingestPort: target.port, silenceMs: options.silenceMs });
  const streamId = target.streamId ?? '';
  const sender = startManagedProcess({
    command: options.ffmpegPath,
    args: buildSenderArgs({ tapHost: '127.0.0.1', tapPort: tap.port, streamId, passphrase: target.passphrase, latencyMs: options.latencyMs, connectTimeoutMs: options.connectTimeoutMs }),
    name: `sender-${target.role}`,
    stdin: 'pipe',
    stdout: 'ignore',
    redactSecrets: senderSecrets({ streamId, passphrase: target.passphrase }),
    // Closing stdin lets ffmpeg flush and send SRT SHUTDOWN on every OS; a stuck sender is killed after stopTimeoutMs.
    interrupt: 'close-stdin',
    stopTimeoutMs: options.stopTimeoutMs,
  });
  let stopping = false;
  let reportedDown = false;
  const down = (reason: UplinkDownReason, detail: string): void => {
    if (stopping || reportedDown) return;
    reportedDown = true;
    callbacks.down(reason, detail);
  };

  tap.on('state', (change) => {
    if (change.to === 'connected') {
      const seen = tap.snapshot().streamIdSeen;
      // The ingest must receive the id byte for byte (`#key` included); a mismatch means the URL was mangled.
      if (target.streamId !== null && seen !== null && seen !== target.streamId) {
        callbacks.warning(`the ${target.role} ingest received stream id "${redact(seen)}" instead of "${redact(target.streamId)}"`);
      }
      callbacks.live(change.detail);
      return;
    }
    const reason = DOWN_STATES[change.to];
    if (reason) down(reason, change.detail);
  });
  void sender.exited.then((exit) => {
    const last = exit.recentLog.at(-1);
    down('process-exit', `the ${target.role} sender ffmpeg exited (${exit.reason}${exit.code !== null ? `, code ${exit.code}` : ''})${last ? `: ${last}` : ''}`);
  });

  let stopped: Promise<void> | null = null;
  return {
    role: target.role,
    sender,
    write(chunk) {
      const stdin = sender.stdin;
      if (!stdin || stdin.destroyed || stopping) return true;
      return stdin.write(chunk);
    },
    snapshot: () => tap.snapshot(),
    stop() {
      stopping = true;
      stopped ??= (async () => {
        await sender.stop();
        await tap.close();
      })();
      return stopped;
    },
  };
}
