// Encoder, size, frame rate, bitrate, keyframe interval, SRT latency and failover mode, with Gcore's recommendations inline.

import type { JSX } from 'react';
import { NumberField } from '../components/NumberField';
import type { HevcEncoderStatus } from '../../../shared/ffmpegCapabilities';
import {
  FPS_CHOICES,
  KEYINT_CHOICES_S,
  SIZE_PRESETS,
  recommendedBitrateKbps,
  type BroadcastSettings,
} from '../logic/broadcastSettings';

export interface EncoderPickerProps {
  settings: BroadcastSettings;
  /** Working encoders, hardware first (encoderOptions()). */
  encoders: HevcEncoderStatus[];
  update(patch: Partial<BroadcastSettings>): void;
  bitrateProblem?: string;
  latencyProblem?: string;
}

/** Upload of `uplinks` uplinks together, in Mbps: video plus 128 kbps AAC when audio is on, per uplink. */
function uploadMbps(s: BroadcastSettings, uplinks: number): number {
  const audioKbps = s.audio.kind === 'none' ? 0 : 128;
  return Math.round((uplinks * (s.bitrateKbps + audioKbps)) / 100) / 10;
}

export function EncoderPicker({ settings: s, encoders, update, bitrateProblem, latencyProblem }: EncoderPickerProps): JSX.Element {
  const savedEncoderMissing = s.encoder !== 'auto' && !encoders.some((e) => e.name === s.encoder);
  const sizeValue = `${s.width}x${s.height}`;
  return (
    <fieldset className="choice-group">
      <legend>Encoder</legend>
      <div className="field">
        <label htmlFor="encoder">HEVC encoder</label>
        <select id="encoder" value={s.encoder} onChange={(e) => update({ encoder: e.target.value })}>
          <option value="auto">Automatic (best working encoder, hardware first)</option>
          {encoders.map((e) => (
            <option key={e.name} value={e.name}>
              {e.name} {e.hardware ? '(hardware)' : '(software)'}
            </option>
          ))}
          {savedEncoderMissing ? <option value={s.encoder}>{s.encoder} (not working on this machine)</option> : null}
        </select>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="size">Size</label>
          <select
            id="size"
            value={sizeValue}
            onChange={(e) => {
              const p = SIZE_PRESETS.find((x) => `${x.width}x${x.height}` === e.target.value) ?? SIZE_PRESETS[0];
              update({ width: p.width, height: p.height, bitrateKbps: recommendedBitrateKbps(p.height, s.fps) });
            }}
          >
            {SIZE_PRESETS.map((p) => (
              <option key={p.label} value={`${p.width}x${p.height}`}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="fps">Frame rate (fps)</label>
          <select
            id="fps"
            value={s.fps}
            onChange={(e) => {
              const fps = Number(e.target.value);
              update({ fps, bitrateKbps: recommendedBitrateKbps(s.height, fps) });
            }}
          >
            {FPS_CHOICES.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="keyint">Keyframe interval</label>
          <select id="keyint" value={s.keyintSeconds} onChange={(e) => update({ keyintSeconds: Number(e.target.value) })}>
            {KEYINT_CHOICES_S.map((k) => (
              <option key={k} value={k}>
                {k} s
              </option>
            ))}
          </select>
        </div>
      </div>
      <NumberField
        id="bitrate"
        label="Video bitrate (kbps)"
        step={100}
        value={s.bitrateKbps}
        problem={bitrateProblem}
        hint={<>Gcore's guidance for this size and frame rate: about {recommendedBitrateKbps(s.height, s.fps)} kbps (CBR).</>}
        onChange={(bitrateKbps) => update({ bitrateKbps })}
      />
      <NumberField
        id="latency"
        label="SRT latency (ms)"
        step={100}
        value={s.latencyMs}
        problem={latencyProblem}
        hint="Gcore recommends 2000–2500 ms on the public internet and never 3000 ms or more."
        onChange={(latencyMs) => update({ latencyMs })}
      />
      <fieldset className="choice-group nested">
        <legend>When an ingest fails</legend>
        <label>
          <input type="radio" name="mode" checked={s.mode === 'failover'} onChange={() => update({ mode: 'failover' })} />
          Failover (recommended): push to the primary, switch to the backup when it breaks, come back when it recovers.
        </label>
        <label>
          <input type="radio" name="mode" checked={s.mode === 'redundant'} onChange={() => update({ mode: 'redundant' })} />
          Redundant: push to both ingests all the time. Costs twice the upload
          {Number.isFinite(s.bitrateKbps) ? ` (about ${uploadMbps(s, 2)} Mbps instead of ${uploadMbps(s, 1)} Mbps)` : ''}.
        </label>
      </fieldset>
    </fieldset>
  );
}
