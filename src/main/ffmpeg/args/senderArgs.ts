// Pure builder of a sender ffmpeg command line: MPEG-TS bytes from stdin, passed through unparsed in 1316-byte SRT
// messages over SRT (caller) to a tap.
// The real stream id never reaches this command line: the sender gets a placeholder that the tap replaces in the
// handshake (streamIdRewrite.ts); the passphrase travels as its own option, never in the URL (design.md "Stream ids").

import { AppError } from '../../appError';
import { validatePassphrase } from '../../srt/packets/passphrase';
import { MAX_STREAM_ID_BYTES, SENDER_STREAM_ID_PLACEHOLDER } from '../../srt/packets/streamIdRewrite';
import { srtCallerUrl } from '../../srt/srtUrl';

export interface SenderArgsInput {
  /** Where the tap listens, normally 127.0.0.1. */
  tapHost: string;
  tapPort: number;
  /** SRT passphrase (10..79 printable ASCII characters) or null for an unencrypted stream. */
  passphrase: string | null;
  /** SRT latency, milliseconds (Gcore: 2000–2500 on the public internet, never ≥ 3000). */
  latencyMs: number;
  /** How long the caller waits for the handshake, milliseconds. Default 3000 (libsrt's own default). */
  connectTimeoutMs?: number;
}

/** SRT's live-mode payload: 7 MPEG-TS packets of 188 bytes; the sender reads its input in packets of this size. */
export const SRT_TS_PAYLOAD_BYTES = 1316;

/**
 * Refuses an SRT latency Gcore's ingest cannot live with. Gcore drops a connection after 3 s without data, so
 * latency must stay below 3000 ms (it recommends 2000–2500 ms on the public internet). Below 20 ms SRT has no time
 * to retransmit even on a LAN (libsrt's own default is 120 ms), and ffmpeg would silently round sub-ms values to 0.
 */
export function validateLatencyMs(latencyMs: number): void {
  if (!Number.isInteger(latencyMs) || latencyMs < 20 || latencyMs >= 3000) {
    throw new AppError(
      'input',
      'bad_latency',
      `SRT latency ${latencyMs} ms is not allowed: use a whole number from 20 to 2999 ms; Gcore recommends 2000–2500 ms and drops connections at 3000 ms or more.`,
    );
  }
}

/** Checks an SRT stream id (`123#key`) without echoing it: 1..512 bytes in UTF-8 (libsrt's limit), no control character. */
export function validateSrtStreamId(srtStreamId: string, subject = 'The SRT stream id'): void {
  const bytes = Buffer.byteLength(srtStreamId, 'utf8');
  if (bytes === 0 || bytes > MAX_STREAM_ID_BYTES) {
    throw new AppError('input', 'bad_srt_stream_id', `${subject} must be 1 to ${MAX_STREAM_ID_BYTES} bytes long; copy it from the stream's SRT push URL.`);
  }
  // A control character (e.g. a pasted newline) would reach the ingest verbatim and be rejected as an unknown stream.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(srtStreamId)) {
    throw new AppError('input', 'bad_srt_stream_id', `${subject} contains a control character (a pasted line break?); copy it again from the push URL.`);
  }
}

function hostForUrl(host: string): string {
  if (host.trim() === '' || /[\s/?#@]/.test(host)) {
    throw new AppError('input', 'bad_tap_host', `"${host}" is not a valid host for the SRT tap.`);
  }
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Builds the sender's argument list (no executable). Throws AppError('input') for invalid values. Its stream id is
 * {@link SENDER_STREAM_ID_PLACEHOLDER}: the tap the sender talks to must be opened with the real one.
 */
export function buildSenderArgs(input: SenderArgsInput): string[] {
  validateLatencyMs(input.latencyMs);
  if (input.passphrase !== null) validatePassphrase(input.passphrase);
  const connectTimeoutMs = input.connectTimeoutMs ?? 3000;
  if (!Number.isInteger(connectTimeoutMs) || connectTimeoutMs < 100 || connectTimeoutMs > 60000) {
    throw new AppError('input', 'bad_connect_timeout', `SRT connect timeout ${connectTimeoutMs} ms is not valid: use 100 to 60000 ms.`);
  }
  if (!Number.isInteger(input.tapPort) || input.tapPort < 1 || input.tapPort > 65535) {
    throw new AppError('input', 'bad_tap_port', `Tap port ${input.tapPort} is not valid: use 1 to 65535.`);
  }
  const url = srtCallerUrl(
    { host: hostForUrl(input.tapHost), port: input.tapPort },
    {
      mode: 'caller',
      latency: input.latencyMs * 1000, // ffmpeg's libsrt takes microseconds
      pkt_size: SRT_TS_PAYLOAD_BYTES,
      connect_timeout: connectTimeoutMs, // milliseconds, passed straight to SRTO_CONNTIMEO
    },
  );
  return [
    '-hide_banner',
    '-loglevel', 'warning',
    '-nostats',
    // The sender only carries bytes: the fan-out hands it whole MPEG-TS packets from our own encoder, already complete
    // (PAT/PMT first, continuity counters stitched across encoder restarts), so nothing needs demuxing or remuxing. The
    // raw-video demuxer reads exactly SRT_TS_PAYLOAD_BYTES per packet (1316 = 7 TS packets; the "1316x1 gray frame"
    // is only a fixed-size byte packet) and the data muxer writes each one unchanged, so every SRT message is 7 whole
    // TS packets. Nothing is analysed (-nofind_stream_info: it would otherwise read ~20 packets to guess a frame
    // rate, 0.2–0.35 s of an 800 kbps stream); the MPEG-TS demuxer this replaces spent 0.5 s analysing the input
    // (measured: first byte at the listener 0.74 s → 0.11 s after the first input byte) and, with its 500 kB probe,
    // could not find the audio parameters at all at 50 Mbit/s.
    '-nofind_stream_info',
    '-f', 'rawvideo',
    '-video_size', `${SRT_TS_PAYLOAD_BYTES}x1`,
    '-pix_fmt', 'gray',
    '-framerate', '1000',
    '-i', 'pipe:0',
    '-map', '0',
    '-c', 'copy',
    '-f', 'data',
    // Any local user can read a command line (/proc/PID/cmdline): the tap writes the real id into the handshake.
    '-srt_streamid', SENDER_STREAM_ID_PLACEHOLDER,
    ...(input.passphrase !== null ? ['-passphrase', input.passphrase] : []),
    url,
  ];
}

/** The secrets a sender's logs must never show (for ManagedProcessOptions.redactSecrets). */
export function senderSecrets(input: { srtStreamId: string; passphrase: string | null }): string[] {
  const hash = input.srtStreamId.indexOf('#');
  const key = hash >= 0 ? input.srtStreamId.slice(hash + 1) : null;
  return [key, input.passphrase].filter((s): s is string => typeof s === 'string' && s.length > 0);
}
