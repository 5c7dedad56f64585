// Managing the picked stream: enable/disable, reset the key, set or remove the SRT passphrase, delete; each
// destructive action asks first, saying so when this app is broadcasting to the stream. A new key or passphrase reaches
// a running broadcast at once (main reconnects its uplinks). The passphrase typed here goes to main once and is dropped.

import { useState, type FormEvent, type JSX } from 'react';
import type { SrtCompanionApi } from '../../../shared/ipcContract';
import type { StreamView } from '../../../shared/streams';
import { ConfirmBox } from '../components/ConfirmBox';
import { Notice } from '../components/Notice';

export interface StreamActionsProps {
  api: SrtCompanionApi;
  stream: StreamView;
  onUpdate(stream: StreamView): void;
  onDeleted(id: number): void;
}

type Pending = 'disable' | 'reset' | 'set-passphrase' | 'clear-passphrase' | 'delete' | null;

interface Outcome {
  kind: 'success' | 'warning' | 'error';
  lines: string[];
}

const RESTART_KEY = 'A broadcast to this stream is running with the old key: stop it and go live again to use the new one.';
const RESTART_PASSPHRASE = 'A broadcast to this stream is running with the old passphrase setting: stop it and go live again to use the new one.';
const RUNNING_STATES = new Set(['starting', 'live', 'notOnAir']);

export function StreamActions({ api, stream, onUpdate, onDeleted }: StreamActionsProps): JSX.Element {
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [passphrase, setPassphrase] = useState('');
  /** This app is broadcasting to the stream (asked when a destructive action is asked for). */
  const [liveHere, setLiveHere] = useState(false);

  /** Runs one call; `done` turns its value into what the user is told. */
  async function run<T>(call: () => Promise<{ ok: true; value: T } | { ok: false; message: string }>, done: (value: T) => Outcome): Promise<void> {
    setBusy(true);
    try {
      const r = await call();
      setOutcome(r.ok ? done(r.value) : { kind: 'error', lines: [r.message] });
    } finally {
      setBusy(false);
      setPending(null);
    }
  }

  const setActive = (active: boolean): Promise<void> =>
    run(
      () => api.setStreamActive(stream.id, active),
      (s) => {
        onUpdate(s);
        return { kind: 'success', lines: [active ? 'The stream is active: its ingest accepts pushes.' : 'The stream is inactive: pushes are rejected and pulling has stopped.'] };
      },
    );

  const resetKey = (): Promise<void> =>
    run(
      () => api.resetStreamKey(stream.id),
      (r) => {
        if (r.stream) onUpdate(r.stream);
        const lines = ['The stream has a new key; the old one stopped working.'];
        if (r.ingestStillRunning) {
          const said = r.platformMessage ? ` (Gcore said: ${r.platformMessage.replace(/[.\s]+$/, '')})` : '';
          lines.push(`Gcore could not end the live ingest that still uses the old key${said}; restart the encoder with the new key.`);
        } else lines.push('Gcore ended the connections that used the old key.');
        if (r.broadcastNote) lines.push(r.broadcastNote);
        else if (r.restartBroadcast) lines.push(RESTART_KEY);
        return { kind: r.ingestStillRunning || r.restartBroadcast ? 'warning' : 'success', lines };
      },
    );

  const sendPassphrase = (value: string | null): Promise<void> =>
    run(
      () => api.setStreamPassphrase(stream.id, value),
      (r) => {
        if (r.stream) onUpdate(r.stream);
        const lines = [value === null ? 'The stream no longer uses an SRT passphrase.' : 'The SRT passphrase is set; the app sends it when it goes live.'];
        if (r.broadcastNote) lines.push(r.broadcastNote);
        else if (r.restartBroadcast) lines.push(RESTART_PASSPHRASE);
        return { kind: r.restartBroadcast ? 'warning' : 'success', lines };
      },
    ).finally(() => setPassphrase(''));

  const remove = (): Promise<void> =>
    run(
      () => api.deleteStream(stream.id),
      (r) => {
        onDeleted(r.id);
        return { kind: 'success', lines: ['The stream was deleted.'] };
      },
    );

  const askPassphrase = (e: FormEvent): void => {
    e.preventDefault();
    setOutcome(null);
    if (passphrase === '') setOutcome({ kind: 'error', lines: ['Type the new passphrase first.'] });
    else setPending('set-passphrase');
  };

  const ask = (what: Pending): void => {
    setOutcome(null);
    setLiveHere(false);
    setPending(what);
    void api.broadcastStatus().then((r) => {
      const target = r.ok ? r.value.config?.target : undefined;
      setLiveHere(r.ok && RUNNING_STATES.has(r.value.state) && target?.kind === 'stream' && target.gcoreStreamId === stream.id);
    });
  };
  const cancel = (): void => setPending(null);
  const live = stream.live || stream.backupLive;

  return (
    <section className="stream-actions" aria-labelledby="stream-actions-title">
      <h3 id="stream-actions-title">Manage</h3>
      <div className="actions">
        {stream.active ? (
          <button type="button" onClick={() => ask('disable')} disabled={busy || pending !== null}>
            Disable stream
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => void setActive(true)} disabled={busy || pending !== null}>
            Enable stream
          </button>
        )}
        <button type="button" onClick={() => ask('reset')} disabled={busy || pending !== null}>
          Reset stream key
        </button>
        <button type="button" className="danger" onClick={() => ask('delete')} disabled={busy || pending !== null}>
          Delete stream
        </button>
      </div>
      <form className="form inline-form" onSubmit={askPassphrase}>
        <label htmlFor="new-passphrase">New SRT passphrase</label>
        <input
          id="new-passphrase"
          type="password"
          autoComplete="new-password"
          spellCheck={false}
          maxLength={79}
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          disabled={busy || pending !== null}
        />
        <button type="submit" disabled={busy || pending !== null}>
          Set passphrase
        </button>
      </form>
      <p className="hint">
        10–79 printable characters, no spaces. {stream.hasPassphrase ? 'This stream has one now.' : 'This stream has none now.'}{' '}
        {stream.hasPassphrase ? (
          <button type="button" onClick={() => ask('clear-passphrase')} disabled={busy || pending !== null}>
            Remove passphrase
          </button>
        ) : null}
      </p>
      {pending === 'disable' ? (
        <ConfirmBox title={`Disable “${stream.name}”?`} confirmLabel="Disable" busy={busy} onConfirm={() => void setActive(false)} onCancel={cancel}>
          <p>Its ingest will reject pushes and pulling stops{live ? '; the live ingest is dropped now' : ''}.</p>
          {liveHere ? (
            <p>
              This app is broadcasting to this stream: the broadcast goes off air (“the stream was disabled”) until you enable the stream again.
            </p>
          ) : null}
        </ConfirmBox>
      ) : null}
      {pending === 'reset' ? (
        <ConfirmBox title={`Reset the key of “${stream.name}”?`} confirmLabel="Reset key" busy={busy} onConfirm={() => void resetKey()} onCancel={cancel}>
          <p>The old key stops working at once and encoders using it are cut off; they must push with the new key.</p>
          {liveHere ? <p>This app’s broadcast to this stream reconnects with the new key by itself; the encoder keeps running.</p> : null}
        </ConfirmBox>
      ) : null}
      {pending === 'set-passphrase' ? (
        <ConfirmBox title={`Set a new SRT passphrase on “${stream.name}”?`} confirmLabel="Set passphrase" busy={busy} onConfirm={() => void sendPassphrase(passphrase)} onCancel={cancel}>
          <p>Encoders must send the same passphrase, or the ingest refuses them.</p>
        </ConfirmBox>
      ) : null}
      {pending === 'clear-passphrase' ? (
        <ConfirmBox title={`Remove the SRT passphrase of “${stream.name}”?`} confirmLabel="Remove passphrase" busy={busy} onConfirm={() => void sendPassphrase(null)} onCancel={cancel}>
          <p>Encoders then push unencrypted; one that still sends a passphrase is refused.</p>
        </ConfirmBox>
      ) : null}
      {pending === 'delete' ? (
        <ConfirmBox title={`Delete “${stream.name}” for good?`} confirmLabel="Delete" typeToConfirm={stream.name} busy={busy} onConfirm={() => void remove()} onCancel={cancel}>
          <p>Its settings, push and playback links are removed; recordings stay as Videos.{live ? ' It is live right now.' : ''}</p>
          {liveHere ? <p>This app is broadcasting to this stream: the broadcast goes off air for good.</p> : null}
        </ConfirmBox>
      ) : null}
      {outcome !== null ? (
        <Notice kind={outcome.kind}>
          {outcome.lines.map((line) => (
            <span key={line} className="notice-line">
              {line}
            </span>
          ))}
        </Notice>
      ) : null}
    </section>
  );
}
