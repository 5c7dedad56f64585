// A push URL shown masked, with "Copy with key…": main asks the user, then writes the real URL to the clipboard itself
// (the key never reaches this window); the line below confirms what was copied, key masked.

import { useState, type JSX } from 'react';
import type { IngestRole } from '../../../shared/broadcastTypes';
import type { PushUrlCopy } from '../../../shared/ipcContract';
import type { Result } from '../../../shared/result';

export interface PushUrlFieldProps {
  label: string;
  role: IngestRole;
  /** The URL with its key masked, or null when the platform gave none. */
  masked: string | null;
  copy(role: IngestRole): Promise<Result<PushUrlCopy>>;
}

type CopyOutcome = { kind: 'copied'; masked: string } | { kind: 'cancelled' } | { kind: 'failed'; message: string } | null;

function outcomeText(outcome: CopyOutcome): string {
  if (outcome === null) return '';
  if (outcome.kind === 'copied') return `Copied ${outcome.masked} with its real key: paste it into your encoder.`;
  if (outcome.kind === 'cancelled') return 'Not copied.';
  return outcome.message;
}

export function PushUrlField({ label, role, masked, copy }: PushUrlFieldProps): JSX.Element {
  const [outcome, setOutcome] = useState<CopyOutcome>(null);
  const [busy, setBusy] = useState(false);
  const onCopy = async (): Promise<void> => {
    setBusy(true);
    try {
      const r = await copy(role);
      if (!r.ok) setOutcome({ kind: 'failed', message: r.message });
      else setOutcome(r.value.status === 'copied' ? { kind: 'copied', masked: r.value.masked } : { kind: 'cancelled' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="copy-field">
      <span className="field-label">{label}</span>
      <code className="copy-value">{masked ?? 'not provided by the platform'}</code>
      <button type="button" onClick={() => void onCopy()} disabled={masked === null || busy} aria-label={`Copy ${label} with key`}>
        Copy with key…
      </button>
      <span role="status" className={`copy-status${outcome?.kind === 'failed' ? ' bad' : ''}`}>
        {outcomeText(outcome)}
      </span>
    </div>
  );
}
