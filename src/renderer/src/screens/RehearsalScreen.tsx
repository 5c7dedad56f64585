// Rehearsal: go live to two local ingests on this computer (no account needed) and break the primary to watch failover.

import type { JSX } from 'react';
import type { CaptureDevices } from '../../../shared/captureDevices';
import type { FfmpegProbe } from '../../../shared/ffmpegCapabilities';
import { isBroadcastRunning, type BroadcastControl } from '../hooks/useBroadcast';
import type { BroadcastSettings } from '../logic/broadcastSettings';
import { SettingsFold } from '../components/SettingsFold';
import { AlertSettings } from './AlertSettings';
import { LivePanel } from './LivePanel';
import { SourceEncoderForm } from './SourceEncoderForm';
import type { FileSourceApi } from './FileSourceFields';

export interface RehearsalScreenProps {
  broadcast: BroadcastControl;
  settings: BroadcastSettings;
  updateSettings(patch: Partial<BroadcastSettings>): void;
  probe: FfmpegProbe | null;
  devices: CaptureDevices | null;
  /** main's file dialog and check, for a video file as the source. */
  files?: FileSourceApi;
}

const LOCAL_TARGET = { kind: 'local' } as const;

export function RehearsalScreen(p: RehearsalScreenProps): JSX.Element {
  const running = isBroadcastRunning(p.broadcast.status);
  return (
    <section className="screen" aria-labelledby="rehearsal-title">
      <h1 id="rehearsal-title">Local rehearsal</h1>
      <p>
        Pushes to a primary and a backup ingest running on this computer that follow Gcore's ingest rules, with the same
        encoder and failover as a real broadcast. While live, break an ingest (a short glitch, an outage, packet loss, a
        refused key) and watch what the engine does and what viewers would see.
      </p>
      <div className={`two-col wide-right${running ? ' while-live' : ''}`}>
        <div className="col settings-col">
          <SettingsFold folded={running}><SourceEncoderForm settings={p.settings} update={p.updateSettings} probe={p.probe} devices={p.devices} disabled={running} refusal={{ field: p.broadcast.errorField, message: p.broadcast.error }} {...(p.files ? { files: p.files } : {})} /></SettingsFold>
        </div>
        <div className="col">
          <LivePanel broadcast={p.broadcast} settings={p.settings} target={LOCAL_TARGET} blockedReason={null} rehearsal />
          <AlertSettings settings={p.settings} update={p.updateSettings} />
        </div>
      </div>
    </section>
  );
}
