// The broadcast's encoder supervisor wired to its fan-out: the encoder's MPEG-TS goes to the fan-out (and to the
// measurement hook), the end of a stream flushes it, a restarted encoder's stream starts on a keyframe.

import type { EncodeSettings } from '../ffmpeg/args/encodeSettings';
import type { TsFanout } from '../mpegts/tsFanout';
import type { BroadcastDeps } from './broadcastOptions';
import type { DisposableStore } from './disposables';
import { DEFAULT_ENCODER_RESTART, EncoderSupervisor, type EncoderSupervisorOptions } from './encoderSupervisor';

export function createBroadcastEncoder(
  deps: BroadcastDeps,
  setup: { encode: EncodeSettings; fanout: TsFanout; store: DisposableStore; now: () => number; stopTimeoutMs: number },
  hooks: Pick<EncoderSupervisorOptions, 'onEvent' | 'onFailed' | 'onInputEnded' | 'onLog'>,
): EncoderSupervisor {
  const { fanout } = setup;
  const observe = deps.observe?.encoderOutput;
  return new EncoderSupervisor({
    ffmpegPath: deps.probe.path,
    encode: setup.encode,
    stopTimeoutMs: setup.stopTimeoutMs,
    restart: { ...DEFAULT_ENCODER_RESTART, ...deps.tuning?.encoderRestart },
    store: setup.store,
    now: setup.now,
    random: deps.random ?? Math.random,
    onOutput: observe
      ? (chunk) => {
          observe(chunk);
          fanout.push(chunk);
        }
      : (chunk) => fanout.push(chunk),
    onStreamEnd: () => fanout.flush(),
    onNewStream: () => fanout.restartInput(),
    ...hooks,
  });
}
