// The two sensitive settings: "Choose ffmpeg…" (main opens the file dialog and checks the program) and the API address
// (main checks it and asks the user to confirm the host the token goes to). The window never writes either directly.

import { useState, type FormEvent, type JSX } from 'react';
import type { AccountStatus, SrtCompanionApi } from '../../../shared/ipcContract';
import { Notice } from '../components/Notice';

export interface SettingsSectionProps {
  api: SrtCompanionApi;
  account: AccountStatus | null;
  onAccountChange(status: AccountStatus): void;
  /** Called after a new ffmpeg was saved, so the checks run again on it. */
  onFfmpegChanged(): void;
}

interface Outcome {
  kind: 'error' | 'success' | 'info';
  text: string;
}

function ChooseFfmpeg({ api, onFfmpegChanged }: Pick<SettingsSectionProps, 'api' | 'onFfmpegChanged'>): JSX.Element {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const choose = async (): Promise<void> => {
    setBusy(true);
    setOutcome(null);
    try {
      const r = await api.chooseFfmpegPath();
      if (!r.ok) setOutcome({ kind: 'error', text: r.message });
      else if (r.value.status === 'saved') {
        setOutcome({ kind: 'success', text: `Now using ffmpeg ${r.value.version} at ${r.value.path}.` });
        onFfmpegChanged();
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h3>ffmpeg program</h3>
      <p className="hint">The app opens a file dialog and checks the program (SRT output, an H.265 encoder) before it uses it.</p>
      <div className="actions">
        <button type="button" onClick={() => void choose()} disabled={busy}>
          {busy ? 'Checking ffmpeg…' : 'Choose ffmpeg…'}
        </button>
      </div>
      {outcome !== null ? <Notice kind={outcome.kind}>{outcome.text}</Notice> : null}
    </>
  );
}

function ApiAddress({ api, account, onAccountChange }: Pick<SettingsSectionProps, 'api' | 'account' | 'onAccountChange'>): JSX.Element {
  // null: show the address main uses now; a string: what the user is typing.
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const address = draft ?? account?.apiBaseUrl ?? '';

  const run = async (call: () => Promise<Outcome | null>): Promise<void> => {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome(await call());
    } finally {
      setBusy(false);
    }
  };

  const save = (e: FormEvent): void => {
    e.preventDefault();
    void run(async () => {
      const r = await api.setApiBaseUrl(address);
      if (!r.ok) return { kind: 'error', text: r.message };
      onAccountChange(r.value.account);
      if (r.value.status === 'cancelled') return { kind: 'info', text: 'Not changed: the change was cancelled in the confirmation dialog.' };
      setDraft(null);
      return { kind: 'success', text: `The app now uses ${r.value.account.apiBaseUrl}.` };
    });
  };

  const reset = (): void => {
    void run(async () => {
      const r = await api.resetApiBaseUrl();
      if (!r.ok) return { kind: 'error', text: r.message };
      onAccountChange(r.value);
      setDraft(null);
      return { kind: 'success', text: `Back to ${r.value.apiBaseUrl}.` };
    });
  };

  return (
    <form className="form" onSubmit={save}>
      <h3>Gcore API address</h3>
      <label htmlFor="api-address">API address</label>
      <input id="api-address" type="text" inputMode="url" spellCheck={false} autoComplete="off" value={address} onChange={(e) => setDraft(e.target.value)} />
      <p className="hint">
        Only https, or http on this computer (127.0.0.1, localhost). The app asks you to confirm the host your API token will be sent to.
      </p>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save
        </button>
        <button type="button" onClick={reset} disabled={busy}>
          Reset
        </button>
      </div>
      {outcome !== null ? <Notice kind={outcome.kind}>{outcome.text}</Notice> : null}
    </form>
  );
}

export function SettingsSection(props: SettingsSectionProps): JSX.Element {
  return (
    <>
      <h2>Settings</h2>
      <ChooseFfmpeg api={props.api} onFfmpegChanged={props.onFfmpegChanged} />
      <ApiAddress api={props.api} account={props.account} onAccountChange={props.onAccountChange} />
    </>
  );
}
