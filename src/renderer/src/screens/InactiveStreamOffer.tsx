// Going live on an inactive stream: instead of sending the user to the Gcore portal, offer to enable it and go live.

import { useState, type JSX } from 'react';
import type { SrtCompanionApi } from '../../../shared/ipcContract';
import type { StreamView } from '../../../shared/streams';
import { Notice } from '../components/Notice';

export interface InactiveStreamOfferProps {
  api: SrtCompanionApi;
  stream: StreamView;
  /** False while the settings have problems: the stream is then only enabled, not started. */
  canGoLive: boolean;
  onStreamChange(stream: StreamView): void;
  /** Starts the broadcast once the stream is active. */
  goLive(): void;
}

export function InactiveStreamOffer({ api, stream, canGoLive, onStreamChange, goLive }: InactiveStreamOfferProps): JSX.Element {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const enable = async (): Promise<void> => {
    setBusy(true);
    try {
      const r = await api.setStreamActive(stream.id, true);
      if (!r.ok) {
        setError(r.message);
        return;
      }
      setError(null);
      onStreamChange(r.value);
      if (canGoLive) goLive();
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Notice kind="warning">
        Stream “{stream.name}” is inactive, so its ingest rejects pushes.{' '}
        <button type="button" className="primary" onClick={() => void enable()} disabled={busy}>
          {canGoLive ? 'Enable stream and go live' : 'Enable stream'}
        </button>
      </Notice>
      {error !== null ? <Notice kind="error">{error}</Notice> : null}
    </>
  );
}
