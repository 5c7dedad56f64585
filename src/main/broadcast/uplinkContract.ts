// What one uplink (the SRT session toward one ingest) is to the broadcast, whichever sender speaks SRT, and how the
// session's telemetry states become the broadcast's uplink events.

import type { IngestRole, UplinkDownReason } from '../../shared/broadcastTypes';
import { maskStreamId } from '../redact';
import { isPermanentRejection } from '../srt/packets/rejection';
import type { TapSnapshot, TapState, TapStateChange } from '../srt/tapTypes';

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
  /** Every redacted stderr line of the sender (an ffmpeg sender; the engine's own logs nothing per packet). */
  log(line: string): void;
}

/** Who speaks SRT to the ingest: the engine itself (default), or a libsrt sender ffmpeg behind the tap. */
export type SrtSenderKind = 'engine' | 'ffmpeg';

export interface UplinkOptions {
  ffmpegPath: string;
  target: UplinkTarget;
  latencyMs: number;
  silenceMs: number;
  connectTimeoutMs: number;
  stopTimeoutMs: number;
  /** Default 'engine'. */
  sender?: SrtSenderKind;
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
   * Ends the session. Idempotent. A connected session ends cleanly: with `deliverTail` (the end of the show) it first
   * delivers its tail (its last message, then the SRT latency for the ingest to play out what it holds); then it says
   * SHUTDOWN, so the ingest frees the URL at once. One whose session never came up is dropped at once, so it cannot
   * reach the ingest after it was given up (stale credentials, a parked hedge).
   */
  stop(options?: { deliverTail?: boolean }): Promise<void>;
}

/** What {@link reportSession} needs of a session: the SRT tap or the engine's own sender. */
export interface SessionTelemetry {
  on(event: 'state', listener: (change: TapStateChange) => void): unknown;
  on(event: 'ioError', listener: (error: Error) => void): unknown;
  snapshot(): TapSnapshot;
}

/** Reports the uplink down once (the first reason wins); returned by {@link reportSession}. */
export type ReportDown = (reason: UplinkDownReason, detail: string, permanent?: boolean) => void;

/**
 * Wires a session to the uplink callbacks: its state changes, its socket errors (as rate-limited warnings), and a
 * `down` that reports once. Everything is muted while `stopping()` (a stop on purpose is no failure).
 */
export function reportSession(session: SessionTelemetry, target: UplinkTarget, callbacks: UplinkCallbacks, what: string, stopping: () => boolean): ReportDown {
  let reportedDown = false;
  const down: ReportDown = (reason, detail, permanent = false) => {
    if (stopping() || reportedDown) return;
    reportedDown = true;
    callbacks.down(reason, detail, permanent);
  };
  followSessionState(session, target, callbacks, () => stopping() || reportedDown, down);
  const socketError = socketErrorWarnings(target.role, what, callbacks.warning, () => performance.now());
  session.on('ioError', (err) => {
    if (!stopping()) socketError(err);
  });
  return down;
}

const DOWN_STATES: Partial<Record<TapState, UplinkDownReason>> = { closed: 'closed', rejected: 'rejected' };

/** One warning per kind of socket error in this window; the ones in between are counted into the next. */
const SOCKET_WARNING_WINDOW_MS = 10_000;

/**
 * Socket errors of an uplink as warnings a streamer can read: an ingest that stopped listening answers every datagram
 * with an ICMP error (hundreds a second at broadcast bitrates), so each kind of error is said once per 10 s, with how
 * many came since.
 */
export function socketErrorWarnings(role: IngestRole, what: string, warn: (detail: string) => void, now: () => number): (err: Error) => void {
  const last = new Map<string, { atMs: number; since: number }>();
  return (err) => {
    const kind = (err as NodeJS.ErrnoException).code ?? err.message;
    const seen = last.get(kind);
    const nowMs = now();
    if (seen && nowMs - seen.atMs < SOCKET_WARNING_WINDOW_MS) {
      seen.since++;
      return;
    }
    const more = seen && seen.since > 0 ? `; ${seen.since} more since the last warning` : '';
    const why = kind === 'ECONNREFUSED' ? ' (the ingest is not listening on that port: restarting, or the wrong port)' : '';
    last.set(kind, { atMs: nowMs, since: 0 });
    warn(`the ${role} ${what} had a socket error (${err.message})${why}${more}; packets may have been lost`);
  };
}

/** Turns the session's state changes into the uplink callbacks; `quiet()` true mutes them (stopping, already down). */
function followSessionState(
  session: SessionTelemetry, target: UplinkTarget, callbacks: UplinkCallbacks, quiet: () => boolean,
  down: (reason: UplinkDownReason, detail: string, permanent: boolean) => void,
): void {
  session.on('state', (change) => {
    if (quiet()) return;
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
      const seen = session.snapshot().streamIdSeen;
      // The ingest must receive the id byte for byte (`#key` included); a mismatch means the URL was mangled.
      if (target.srtStreamId !== null && seen !== null && seen !== target.srtStreamId) {
        callbacks.warning(`the ${target.role} ingest received stream id "${maskStreamId(seen)}" instead of "${maskStreamId(target.srtStreamId)}"`);
      }
      callbacks.live(change.detail);
      return;
    }
    const reason = DOWN_STATES[change.to];
    const rejection = session.snapshot().rejection;
    if (reason) down(reason, change.detail, reason === 'rejected' && rejection !== null && isPermanentRejection(rejection.code));
  });
}
