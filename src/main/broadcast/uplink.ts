// One uplink: an SRT tap toward one ingest plus the sender ffmpeg that pushes the fanned-out MPEG-TS through it.

import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { IngestRole, UplinkDownReason } from '../../shared/broadcastTypes';
import { buildSenderArgs, senderSecrets, SRT_TS_PAYLOAD_BYTES, validateSrtStreamId } from '../ffmpeg/args/senderArgs';
import { tsNullPadding } from '../mpegts/tsNullPadding';
import { createTapEncryption } from '../srt/crypto/tapEncryption';
import { udpPortOwnedBy } from '../srt/socketOwner';
import { validatePassphrase } from '../srt/packets/passphrase';
import { startManagedProcess } from '../process/managedProcess';
import { maskStreamId } from '../redact';
import { isPermanentRejection } from '../srt/packets/rejection';
import { SrtTap } from '../srt/srtTap';
import type { TapSnapshot, TapStateChange } from '../srt/tapTypes';

/** Where one ingest is and what the handshake must carry; checked at the door (resolveTargets) before any start. */
export interface UplinkTarget {
  role: IngestRole;
  host: string;
  port: number;
  /** SRT stream id verbatim (`123#key`), or null. Secret: never logged unredacted. */
  srtStreamId: string | null;
  passphrase: string | null;
  /** For display and logs: the push URL with the key masked. */
  label: string;
}

export interface UplinkCallbacks {
  /** The sender's first SRT handshake packet left (the ingest's rate limiter counts the attempt from here). */
  attempted(): void;
  live(detail: string): void;
  /** The ingest stopped answering while data is sent; the session is still up (SRT may ride it out). */
  suspect(detail: string): void;
  /** A suspected ingest answered again. */
  recovered(detail: string): void;
  /** `permanent`: the ingest refused the stream id, key or passphrase (retrying cannot help). */
  down(reason: UplinkDownReason, detail: string, permanent: boolean): void;
  /** Something worth telling the user that is not a state change (the ingest saw another stream id, a socket error). */
  warning(detail: string): void;
  /** Every redacted stderr line of the sender. */
  log(line: string): void;
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

/** A running uplink: what the broadcast needs of it, and nothing of its process. */
export interface Uplink {
  readonly role: IngestRole;
  /** The fan-out sink: `false` means back-pressure (the chunk was still taken). */
  write(chunk: Buffer): boolean;
  /** Called when the sender can take data again after a `false` from write. */
  onDrain(listener: () => void): void;
  snapshot(): TapSnapshot;
  /**
   * Stops the sender and closes the tap. Idempotent. A sender with an SRT session ends it cleanly: with `deliverTail`
   * (the end of the show) a connected one first delivers its tail (its last message, then the SRT latency for the
   * ingest to play out what it holds); then its input ends (ffmpeg flushes and sends SHUTDOWN, so the ingest frees
   * the URL at once). One whose session never came up has nothing to flush and is killed, so it cannot reach the
   * ingest after it was given up (stale credentials, a parked hedge).
   */
  stop(options?: { deliverTail?: boolean }): Promise<void>;
}

/** Bounds of the tail delivery at stop: the pipe's emptying, the round trip added to the SRT latency, a margin. */
const TAIL_PIPE_WAIT_MS = 1000;
const TAIL_RTT_CAP_MS = 500;
const TAIL_MARGIN_MS = 100;

const DOWN_STATES: Partial<Record<TapStateChange['to'], UplinkDownReason>> = { closed: 'closed', rejected: 'rejected' };

export async function startUplink(options: UplinkOptions): Promise<Uplink> {
  const { target, callbacks } = options;
  const srtStreamId = target.srtStreamId ?? '';
  // Neither secret reaches the sender's command line: it gets a placeholder stream id, which the tap replaces with the
  // real one (the key) in the handshake, and no passphrase: the tap does the SRT encryption itself.
  if (target.passphrase !== null) validatePassphrase(target.passphrase);
  const encryption = target.passphrase !== null ? createTapEncryption({ passphrase: target.passphrase }) : undefined;
  const tap = await SrtTap.open({
    ingestHost: target.host, ingestPort: target.port, silenceMs: options.silenceMs, streamId: target.srtStreamId, ...(encryption ? { encryption } : {}),
  });
  let args: string[];
  try {
    validateSrtStreamId(srtStreamId);
    args = buildSenderArgs({ tapHost: '127.0.0.1', tapPort: tap.port, passphrase: null, latencyMs: options.latencyMs, connectTimeoutMs: options.connectTimeoutMs });
  } catch (err) {
    await tap.close(); // values are checked at the door; should one still be refused here, the tap must not leak
    throw err;
  }
  const sender = startManagedProcess({
    command: options.ffmpegPath,
    args,
    name: `sender-${target.role}`,
    stdin: 'pipe',
    stdout: 'ignore',
    redactSecrets: senderSecrets({ srtStreamId, passphrase: target.passphrase }),
    // Closing stdin lets ffmpeg flush and send SRT SHUTDOWN on every OS; a stuck sender is killed after stopTimeoutMs.
    interrupt: 'close-stdin',
    stopTimeoutMs: options.stopTimeoutMs,
  });
  sender.onStderrLine(callbacks.log);
  // The tap binds only to a socket of this sender process ('unknown' where /proc cannot tell: other OSes).
  const senderPid = sender.pid;
  if (senderPid !== undefined) tap.expectSender(async (port) => (await udpPortOwnedBy(senderPid, port)) !== 'no');
  let stopping = false;
  let reportedDown = false;
  const down = (reason: UplinkDownReason, detail: string, permanent = false): void => {
    if (stopping || reportedDown) return;
    reportedDown = true;
    callbacks.down(reason, detail, permanent);
  };

  tap.on('state', (change) => {
    if (stopping || reportedDown) return;
    if (change.to === 'handshaking') {
      callbacks.attempted();
      return;
    }
    if (change.to === 'silent') {
      callbacks.suspect(change.detail);
      return;
    }
    if (change.to === 'connected' && change.reason === 'ingest-answered') {
      callbacks.recovered(change.detail);
      return;
    }
    if (change.to === 'connected') {
      const seen = tap.snapshot().streamIdSeen;
      // The ingest must receive the id byte for byte (`#key` included); a mismatch means the URL was mangled.
      if (target.srtStreamId !== null && seen !== null && seen !== target.srtStreamId) {
        callbacks.warning(`the ${target.role} ingest received stream id "${maskStreamId(seen)}" instead of "${maskStreamId(target.srtStreamId)}"`);
      }
      callbacks.live(change.detail);
      return;
    }
    const reason = DOWN_STATES[change.to];
    const rejection = tap.snapshot().rejection;
    if (reason) down(reason, change.detail, reason === 'rejected' && rejection !== null && isPermanentRejection(rejection.code));
  });
  tap.on('ioError', (err) => {
    if (!stopping) callbacks.warning(`the ${target.role} SRT tap had a socket error (${err.message}); packets may have been lost`);
  });
  void sender.exited.then((exit) => {
    // libsrt gives up on a handshake nobody answers after the connect timeout, and ffmpeg then exits: that is
    // an unreachable ingest, not a crash.
    if (tap.snapshot().lastIngestPacketAgoMs === null && exit.runtimeMs >= options.connectTimeoutMs * 0.9) {
      down('connect-timeout', `within ${(options.connectTimeoutMs / 1000).toFixed(1)} s`);
      return;
    }
    const last = exit.recentLog.at(-1);
    down('process-exit', `the ${target.role} sender ffmpeg exited (${exit.reason}${exit.code !== null ? `, code ${exit.code}` : ''})${last ? `: ${last}` : ''}`);
  });

  let bytesToSender = 0;
  /**
   * The last bytes of a connected session reach viewers before it closes: the sender gets its last whole message
   * (null-packet padding: it reads 1316-byte messages), its pipe empties, and the ingest gets the SRT latency to
   * deliver what it holds; a receiver drops what it still holds when SHUTDOWN comes (measured: the last
   * latency-worth of the stream was lost at every stop).
   */
  const deliverTail = async (): Promise<void> => {
    const stdin = sender.stdin;
    if (!stdin || stdin.destroyed) return;
    stdin.write(tsNullPadding(bytesToSender, SRT_TS_PAYLOAD_BYTES));
    if (stdin.writableLength > 0) await Promise.race([once(stdin, 'drain'), delay(TAIL_PIPE_WAIT_MS)]);
    await delay(options.latencyMs + Math.min(TAIL_RTT_CAP_MS, 2 * (tap.snapshot().rttMs ?? 0)) + TAIL_MARGIN_MS);
  };

  let stopped: Promise<void> | null = null;
  return {
    role: target.role,
    write(chunk) {
      const stdin = sender.stdin;
      if (!stdin || stdin.destroyed || stopping) return true;
      bytesToSender += chunk.length;
      return stdin.write(chunk);
    },
    onDrain(listener) {
      sender.stdin?.on('drain', listener);
    },
    snapshot: () => tap.snapshot(),
    stop(stopOptions) {
      stopping = true;
      stopped ??= (async () => {
        const state = tap.snapshot().state;
        if (state === 'idle' || state === 'handshaking') await sender.kill();
        else {
          if (state === 'connected' && stopOptions?.deliverTail === true) await deliverTail();
          await sender.stop();
        }
        await tap.close();
      })();
      return stopped;
    },
  };
}
