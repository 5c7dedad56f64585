// One uplink over libsrt: an SRT tap toward one ingest plus a sender ffmpeg that pushes the fanned-out MPEG-TS through it
// (`--srt-sender ffmpeg`; the engine's own sender, engineUplink.ts, is the default).

import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { buildSenderArgs, senderSecrets, SRT_TS_PAYLOAD_BYTES, validateSrtStreamId } from '../ffmpeg/args/senderArgs';
import { tsNullPadding } from '../mpegts/tsNullPadding';
import { createTapEncryption } from '../srt/crypto/tapEncryption';
import { udpPortOwnedBy } from '../srt/socketOwner';
import { validatePassphrase } from '../srt/packets/passphrase';
import { startManagedProcess } from '../process/managedProcess';
import { SrtTap } from '../srt/srtTap';
import { reportSession, type Uplink, type UplinkOptions } from './uplinkContract';

/** Bounds of the tail delivery at stop: the pipe's emptying, the round trip added to the SRT latency, a margin. */
const TAIL_PIPE_WAIT_MS = 1000;
const TAIL_RTT_CAP_MS = 500;
const TAIL_MARGIN_MS = 100;

export async function startFfmpegUplink(options: UplinkOptions): Promise<Uplink> {
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
  const down = reportSession(tap, target, callbacks, 'SRT tap', () => stopping);
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
