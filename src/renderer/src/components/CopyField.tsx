// A read-only, already-masked value with a Copy button (the raw push URL never reaches the renderer).

import { useState, type JSX } from 'react';

export interface CopyFieldProps {
  label: string;
  value: string | null;
}

export function CopyField({ label, value }: CopyFieldProps): JSX.Element {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async (): Promise<void> => {
    if (value === null) return;
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="copy-field">
      <span className="field-label">{label}</span>
      <code className="copy-value">{value ?? 'not provided by the platform'}</code>
      <button type="button" onClick={() => void copy()} disabled={value === null} aria-label={`Copy ${label}`}>
        Copy
      </button>
      <span role="status" className="copy-status">
        {copied === 'yes' ? 'Copied (key masked)' : copied === 'failed' ? 'Copy failed' : ''}
      </span>
    </div>
  );
}
