// Pull: have Gcore pull the picked stream from one or more source URLs (round robin), or turn pulling off.

import { useEffect, useState, type FormEvent, type JSX } from 'react';
import type { PullSetup, SrtCompanionApi } from '../../../shared/ipcContract';
import type { StreamView } from '../../../shared/streams';
import { Notice } from '../components/Notice';
import { parsePullUrls } from '../logic/pullUrls';
import { PullRetryPolicyView, PullSourceList } from './PullSettings';

export interface PullScreenProps {
  api: SrtCompanionApi;
  signedIn: boolean;
  stream: StreamView | null;
  onStreamChange(stream: StreamView): void;
}

export function PullScreen({ api, signedIn, stream, onStreamChange }: PullScreenProps): JSX.Element {
  const [text, setText] = useState('');
  const [setup, setSetup] = useState<PullSetup | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const streamId = stream?.id ?? null;

  useEffect(() => {
    // The picked stream may be minutes old: re-read its pull state when the screen opens.
    if (!signedIn || streamId === null) return undefined;
    let current = true;
    void api.getStream(streamId).then((r) => {
      if (!current) return;
      if (r.ok) onStreamChange(r.value);
      else setError(r.message);
    });
    return () => {
      current = false;
    };
    // onStreamChange is left out on purpose: it is App's state setter, and a new callback must not re-fetch.
  }, [api, signedIn, streamId]);

  if (!signedIn || stream === null) {
    return (
      <section className="screen" aria-labelledby="pull-title">
        <h1 id="pull-title">Pull</h1>
        <Notice kind="info">
          {signedIn ? 'Pick a stream under Streams first.' : 'Sign in under Account, then pick a stream under Streams.'}
        </Notice>
      </section>
    );
  }

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const urls = parsePullUrls(text);
    if (urls.length === 0) {
      setError('Enter at least one source URL.');
      return;
    }
    setBusy(true);
    setInfo(null);
    try {
      const r = await api.setPull(stream.id, urls);
      if (r.ok) {
        setSetup(r.value);
        setError(null);
        onStreamChange(r.value.stream);
      } else {
        setError(r.message);
      }
    } finally {
      setBusy(false);
    }
  };

  const turnOff = async (): Promise<void> => {
    setBusy(true);
    try {
      const r = await api.pullOff(stream.id);
      if (r.ok) {
        setSetup(null);
        setError(null);
        setInfo('Pull is off: the stream takes pushes again.');
        onStreamChange(r.value);
      } else {
        setError(r.message);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="screen" aria-labelledby="pull-title">
      <h1 id="pull-title">Pull</h1>
      <p className="status-line">
        Stream <strong>{stream.name}</strong> <span className="muted">#{stream.id}</span>:{' '}
        {stream.pull
          ? `Gcore pulls from ${stream.pullSources.length} source${stream.pullSources.length === 1 ? '' : 's'}.`
          : 'push (not pulling).'}
      </p>
      {stream.pull ? <PullSourceList stream={stream} /> : null}
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label htmlFor="pull-urls">Source URLs (one per line or separated by spaces)</label>
        <textarea
          id="pull-urls"
          rows={4}
          spellCheck={false}
          value={text}
          placeholder="srt://source.example.com:9000?streamid=cam1"
          onChange={(e) => setText(e.target.value)}
        />
        <p className="hint">Public addresses only; all URLs together at most 255 characters.</p>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            Set up pull
          </button>
          <button type="button" onClick={() => void turnOff()} disabled={busy || !stream.pull}>
            Turn pull off
          </button>
        </div>
      </form>
      {error !== null ? <Notice kind="error">{error}</Notice> : null}
      {info !== null ? <Notice kind="success">{info}</Notice> : null}
      {setup !== null ? (
        <section className="panel" aria-labelledby="pull-result-title">
          <h2 id="pull-result-title">Pull is set up</h2>
          <p className="big-line">
            Platform receiving: <strong>{setup.stream.live ? 'yes, live' : 'not yet'}</strong>
          </p>
        </section>
      ) : null}
      {stream.pull || setup !== null ? <PullRetryPolicyView /> : null}
    </section>
  );
}
