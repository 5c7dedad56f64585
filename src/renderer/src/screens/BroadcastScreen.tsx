// Broadcast: source and encoder settings plus the live panel, pushing to the stream picked under Streams.

import type { JSX } from 'react';
import type { CaptureDevices } from '../../../shared/captureDevices';
import type { FfmpegProbe } from '../../../shared/ffmpegCapabilities';
import type { StreamView } from '../../../shared/streams';
import { isBroadcastRunning, type BroadcastControl } from '../hooks/useBroadcast';
import type { BroadcastSettings } from '../logic/broadcastSettings';
import { LivePanel } from './LivePanel';
import { SourceEncoderForm } from './SourceEncoderForm';

export interface BroadcastScreenProps {
  broadcast: BroadcastControl;
  settings: BroadcastSettings;
  updateSettings(patch: Partial<BroadcastSettings>): void;
  probe: FfmpegProbe | null;
  devices: CaptureDevices | null;
  signedIn: boolean;
  stream: StreamView | null;
}

export function BroadcastScreen(p: BroadcastScreenProps): JSX.Element {
  const running = isBroadcastRunning(p.broadcast.status);
  const blockedReason = !p.signedIn
    ? 'Sign in under Account to go live on Gcore, or try the Rehearsal screen without an account.'
    : p.stream === null
      ? 'Pick or create a stream under Streams first.'
      : null;
  const target = blockedReason === null && p.stream !== null ? { kind: 'stream' as const, gcoreStreamId: p.stream.id } : null;
  return (
    <section className="screen" aria-labelledby="broadcast-title">
      <h1 id="broadcast-title">Broadcast</h1>
      <p className="status-line">
        {p.stream !== null ? (
          <>
            Stream: <strong>{p.stream.name}</strong> <span className="muted">#{p.stream.id}</span>
          </>
        ) : (
          'No stream picked.'
        )}
      </p>
      <div className="two-col wide-right">
        <div className="col">
          <SourceEncoderForm settings={p.settings} update={p.updateSettings} probe={p.probe} devices={p.devices} disabled={running} refusal={{ field: p.broadcast.errorField, message: p.broadcast.error }} />
        </div>
        <div className="col">
          <LivePanel
            broadcast={p.broadcast}
            settings={p.settings}
            target={target}
            blockedReason={blockedReason}
            showSimulateOutage={false}
          />
        </div>
      </div>
    </section>
  );
}
