// Go live (offered only while nothing runs), Stop (asks first: viewers lose the picture) and their keys: L, S.

import { useState, type JSX } from 'react';
import { ConfirmBox } from '../components/ConfirmBox';
import { useShortcuts } from '../hooks/useShortcuts';

export interface LiveActionsProps {
  running: boolean;
  busy: boolean;
  /** Go live can be pressed now (a target, valid settings). */
  canGoLive: boolean;
  goLive(): void;
  stop(): void;
  /** The state badge beside the buttons. */
  badge: string;
}

export const GO_LIVE_KEY = 'l';
export const STOP_KEY = 's';

export function LiveActions({ running, busy, canGoLive, goLive, stop, badge }: LiveActionsProps): JSX.Element {
  const [confirming, setConfirming] = useState(false);
  const canStop = running && !busy;
  useShortcuts({
    [GO_LIVE_KEY]: !running && !busy && canGoLive ? goLive : null,
    [STOP_KEY]: canStop ? () => setConfirming(true) : null,
  });
  return (
    <>
      <div className="actions live-actions">
        {!running ? (
          <button type="button" className="primary go-live" onClick={goLive} disabled={busy || !canGoLive} aria-keyshortcuts="L" title="Go live (key L)">
            Go live
          </button>
        ) : null}
        <button type="button" className="danger" onClick={() => setConfirming(true)} disabled={!canStop || confirming} aria-keyshortcuts="S" title="Stop the broadcast (key S; asks first)">
          Stop
        </button>
        <span className="state-badge" role="status">
          {badge}
        </span>
        <span className="hint">Keys: L go live · S stop</span>
      </div>
      {confirming && running ? (
        <ConfirmBox
          title="Stop the broadcast?"
          confirmLabel="Stop the broadcast"
          busy={busy}
          onConfirm={() => {
            setConfirming(false);
            stop();
          }}
          onCancel={() => setConfirming(false)}
        >
          <p>Viewers lose the picture at once; the encoder and both uplinks are stopped.</p>
        </ConfirmBox>
      ) : null}
    </>
  );
}
