// Account: paste a Gcore API token to sign in (main checks it and stores it in the OS keychain), or sign out.

import { useState, type FormEvent, type JSX } from 'react';
import type { AccountStatus, SrtCompanionApi } from '../../../shared/ipcContract';
import { Notice } from '../components/Notice';

export interface AccountScreenProps {
  api: SrtCompanionApi;
  account: AccountStatus | null;
  onAccountChange(status: AccountStatus): void;
}

export function AccountScreen({ api, account, onAccountChange }: AccountScreenProps): JSX.Element {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const signIn = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (token.trim() === '') {
      setError('Paste your Gcore API token first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await api.signIn(token.trim());
      if (r.ok) onAccountChange(r.value);
      else setError(r.message);
    } finally {
      // The window must not keep the token once main has it (or refused it).
      setToken('');
      setBusy(false);
    }
  };

  const signOut = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.signOut();
      if (r.ok) onAccountChange(r.value);
      else setError(r.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="screen" aria-labelledby="account-title">
      <h1 id="account-title">Account</h1>
      {account === null ? <p>Checking the keychain…</p> : null}
      {account?.signedIn === true ? (
        <>
          <p className="status-line">
            Signed in to <code>{account.apiBaseUrl}</code>. The token is kept in your OS keychain.
          </p>
          <button type="button" onClick={() => void signOut()} disabled={busy}>
            Sign out
          </button>
        </>
      ) : null}
      {account?.signedIn === false ? (
        <form onSubmit={(e) => void signIn(e)} className="form">
          <p>
            Create a permanent API token with a Streaming role in the Gcore Customer Portal (Profile → API tokens). It
            is checked against the API and stored in your OS keychain; this window does not keep it.
          </p>
          <label htmlFor="api-token">Gcore API token</label>
          <input
            id="api-token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Checking…' : 'Sign in'}
            </button>
          </div>
          <p className="hint">No account yet? The Rehearsal screen works without one.</p>
        </form>
      ) : null}
      {error !== null ? <Notice kind="error">{error}</Notice> : null}
    </section>
  );
}
