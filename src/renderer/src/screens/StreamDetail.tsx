// The picked stream: masked SRT endpoints with a reveal-and-copy (or, for a pull stream, its pull settings), live on
// primary/backup (re-read every 5 s while open), playback link, and its management (enable, key reset, passphrase, delete).

import { useState, type JSX } from 'react';
import type { IngestRole } from '../../../shared/broadcastTypes';
import type { SrtCompanionApi } from '../../../shared/ipcContract';
import type { StreamView } from '../../../shared/streams';
import { Notice } from '../components/Notice';
import { PushUrlField } from '../components/PushUrlField';
import { usePolling } from '../hooks/usePolling';
import { PullSettings } from './PullSettings';
import { StreamActions } from './StreamActions';

/** How often the platform's live flags are re-read while the panel is open. */
export const STREAM_POLL_MS = 5000;

export interface StreamDetailProps {
  api: SrtCompanionApi;
  stream: StreamView;
  onUpdate(stream: StreamView): void;
  onClose(): void;
  /** The stream was deleted: the panel goes away. */
  onDeleted(id: number): void;
}

function LiveFlag({ label, live }: { label: string; live: boolean }): JSX.Element {
  return (
    <div className={`live-flag ${live ? 'is-live' : 'is-idle'}`}>
      <span className="field-label">{label}</span>
      <span className="live-flag-value">{live ? '● Live' : '○ Not receiving'}</span>
    </div>
  );
}

export function StreamDetail({ api, stream, onUpdate, onClose, onDeleted }: StreamDetailProps): JSX.Element {
  const [pollError, setPollError] = useState<string | null>(null);
  const [linkError, setLinkError] = useState<string | null>(null);

  usePolling(
    async (isCurrent) => {
      const r = await api.getStream(stream.id);
      if (!isCurrent()) return;
      if (r.ok) {
        setPollError(null);
        onUpdate(r.value);
      } else {
        setPollError(r.message);
      }
    },
    STREAM_POLL_MS,
    true,
    stream.id,
  );

  const copyUrl = (role: IngestRole) => api.copyPushUrl(stream.id, role);

  const openPlayback = async (): Promise<void> => {
    if (stream.playbackUrl === null) return;
    const r = await api.openExternal(stream.playbackUrl);
    setLinkError(r.ok ? null : r.message);
  };

  return (
    <section className="panel stream-detail" aria-labelledby="stream-detail-title">
      <div className="panel-head">
        <h2 id="stream-detail-title">
          {stream.name} <span className="muted">#{stream.id}</span>
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {!stream.active ? (
        <Notice kind="warning">This stream is switched off on the platform: pushes to it are rejected. Enable it under Manage.</Notice>
      ) : null}
      <div className="flag-row">
        <LiveFlag label="Platform sees primary" live={stream.live} />
        <LiveFlag label="Platform sees backup" live={stream.backupLive} />
      </div>
      <p className="hint">Checked with the platform every {STREAM_POLL_MS / 1000} s while this panel is open.</p>
      {pollError !== null ? <Notice kind="error">{pollError}</Notice> : null}
      {stream.pull ? (
        <PullSettings stream={stream} />
      ) : (
        <>
          <h3>SRT push endpoints</h3>
          <PushUrlField label="Primary SRT URL" role="primary" masked={stream.pushUrlSrt} copy={copyUrl} />
          <PushUrlField label="Backup SRT URL" role="backup" masked={stream.backupPushUrlSrt} copy={copyUrl} />
          <p className="hint">
            The stream key after “#” is masked here; the app fills it in itself when it goes live. For another encoder,
            “Copy with key…” asks you first, then puts the real URL on the clipboard.
            {stream.hasPassphrase ? ' This stream requires an SRT passphrase, which the app also supplies.' : ''}
          </p>
        </>
      )}
      <h3>Playback</h3>
      {stream.playbackUrl === null ? (
        <p>The platform gave no playback link for this stream.</p>
      ) : (
        <div className="actions">
          <code className="copy-value">{stream.playbackUrl}</code>
          <button type="button" onClick={() => void openPlayback()}>
            Open playback
          </button>
        </div>
      )}
      {linkError !== null ? <Notice kind="error">{linkError}</Notice> : null}
      <StreamActions api={api} stream={stream} onUpdate={onUpdate} onDeleted={onDeleted} />
    </section>
  );
}
