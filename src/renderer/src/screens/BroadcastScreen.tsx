// Broadcast: source and encoder settings plus the live panel, pushing to the stream picked under Streams.

import type { JSX } from 'react';
import type { CaptureDevices } from '../../../shared/captureDevices';
import type { SrtCompanionApi } from '../../../shared/ipcContract';
import type { FfmpegProbe } from '../../../shared/ffmpegCapabilities';
import type { StreamView } from '../../../shared/streams';
import { isBroadcastRunning, type BroadcastControl } from '../hooks/useBroadcast';
import { toBroadcastConfig, validateBroadcastSettings, type BroadcastSettings } from '../logic/broadcastSettings';
import { InactiveStreamOffer } from './InactiveStreamOffer';
import { SettingsFold } from '../components/SettingsFold';
import { AlertSettings } from './AlertSettings';
import { LivePanel } from './LivePanel';
import { SourceEncoderForm } from './SourceEncoderForm';

export interface BroadcastScreenProps {
  api: SrtCompanionApi;
  broadcast: BroadcastControl;
  settings: BroadcastSettings;
  updateSettings(patch: Partial<BroadcastSettings>): void;
  probe: FfmpegProbe | null;
  devices: CaptureDevices | null;
  signedIn: boolean;
  stream: StreamView | null;
  onStreamChange(stream: StreamView): void;
}

export function BroadcastScreen(p: BroadcastScreenProps): JSX.Element {
  const running = isBroadcastRunning(p.broadcast.status);
  const blockedReason = !p.signedIn
    ? 'Sign in under Account to go live on Gcore, or try the Rehearsal screen without an account.'
    : p.stream === null
      ? 'Pick or create a stream under Streams first.'
      : null;
  const target = blockedReason === null && p.stream !== null ? { kind: 'stream' as const, gcoreStreamId: p.stream.id } : null;
  // Known inactive (the picked stream says so), or refused as inactive by main (the picked view was stale).
  const inactive = target !== null && p.stream !== null && !running && (!p.stream.active || p.broadcast.errorCode === 'stream_inactive');
  // main's refusal names CLI commands; the offer below says it the app's way instead.
  const broadcast = inactive && p.broadcast.errorCode === 'stream_inactive' ? { ...p.broadcast, error: null } : p.broadcast;
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
      <div className={`two-col wide-right${running ? ' while-live' : ''}`}>
        <div className="col settings-col">
          <SettingsFold folded={running}><SourceEncoderForm settings={p.settings} update={p.updateSettings} probe={p.probe} devices={p.devices} disabled={running} refusal={{ field: p.broadcast.errorField, message: p.broadcast.error }} files={p.api} /></SettingsFold>
        </div>
        <div className="col">
          {inactive && p.stream !== null && target !== null ? (
            <InactiveStreamOffer
              api={p.api}
              stream={p.stream}
              canGoLive={validateBroadcastSettings(p.settings).length === 0}
              onStreamChange={p.onStreamChange}
              goLive={() => void p.broadcast.start(toBroadcastConfig(p.settings, target))}
            />
          ) : null}
          <LivePanel
            broadcast={broadcast}
            settings={p.settings}
            target={target}
            blockedReason={blockedReason}
            rehearsal={false}
            openExternal={(url) => p.api.openExternal(url)}
          />
          <AlertSettings settings={p.settings} update={p.updateSettings} />
        </div>
      </div>
    </section>
  );
}
