// One uplink over the engine's own SRT sender (srt/srtSender.ts): the fanned-out MPEG-TS goes straight from the engine
// to the ingest, with no sender process and no loopback hop; telemetry, stream id and encryption as through the tap.

import { setTimeout as delay } from 'node:timers/promises';
import { validateSrtStreamId } from '../ffmpeg/args/senderArgs';
import { createTapEncryption } from '../srt/crypto/tapEncryption';
import { validatePassphrase } from '../srt/packets/passphrase';
import { SrtSender } from '../srt/srtSender';
import { reportSession, type Uplink, type UplinkOptions } from './uplinkContract';

/** Bounds of the tail delivery at stop: the wait for the last ACK beyond the latency, the RTT share of it, a margin. */
const TAIL_RTT_CAP_MS = 500;
const TAIL_MARGIN_MS = 100;

export async function startEngineUplink(options: UplinkOptions): Promise<Uplink> {
  const { target, callbacks } = options;
  if (target.passphrase !== null) validatePassphrase(target.passphrase);
  if (target.srtStreamId !== null) validateSrtStreamId(target.srtStreamId);
  const encryption = target.passphrase !== null ? createTapEncryption({ passphrase: target.passphrase }) : undefined;
  const sender = await SrtSender.open({
    ingestHost: target.host, ingestPort: target.port, streamId: target.srtStreamId, latencyMs: options.latencyMs,
    connectTimeoutMs: options.connectTimeoutMs, silenceMs: options.silenceMs, ...(encryption ? { encryption } : {}),
  });
  let stopping = false;
  const down = reportSession(sender, target, callbacks, 'SRT sender', () => stopping);
  sender.on('ended', (end) => {
    callbacks.log(`SRT session ended: ${end.phase}${end.phase === 'rejected' ? ` (code ${end.code})` : ''}; ${JSON.stringify(sender.relayCounters())}`);
    // A refusal and the ingest's SHUTDOWN are already states ('rejected', 'closed'); these two are the sender's own rules.
    if (end.phase === 'timed-out') down('connect-timeout', `within ${(options.connectTimeoutMs / 1000).toFixed(1)} s`);
    else if (end.phase === 'broken') down('silent', `no answer from the ingest for ${(end.silentMs / 1000).toFixed(1)} s: the SRT session is over`);
  });
  sender.on('state', (change) => {
    if (change.to === 'connected' && change.reason !== 'ingest-answered') callbacks.log(`SRT session up with ${target.label}: latency ${sender.snapshot().latencyMs ?? options.latencyMs} ms`);
  });
  sender.connect();

  /**
   * The last bytes of a connected session reach viewers before it closes: what is pending goes out, the ingest
   * acknowledges it, and keeps the SRT latency to play it out (a receiver drops what it still holds at SHUTDOWN).
   */
  const deliverTail = async (): Promise<void> => {
    const rttMs = sender.snapshot().rttMs ?? 0;
    await sender.flush(sender.latencyMs + Math.min(TAIL_RTT_CAP_MS, 2 * rttMs) + TAIL_MARGIN_MS);
    const lastSent = sender.lastDataSentAtMs;
    if (lastSent !== null) await delay(Math.max(0, lastSent + sender.latencyMs + TAIL_MARGIN_MS - sender.now()));
  };

  let stopped: Promise<void> | null = null;
  return {
    role: target.role,
    write: (chunk) => (stopping ? true : sender.write(chunk)),
    onDrain(listener) {
      sender.on('drain', listener);
    },
    snapshot: () => sender.snapshot(),
    stop(stopOptions) {
      stopping = true;
      stopped ??= (async () => {
        if (sender.state === 'connected' && stopOptions?.deliverTail === true) await deliverTail();
        await sender.close();
      })();
      return stopped;
    },
  };
}
