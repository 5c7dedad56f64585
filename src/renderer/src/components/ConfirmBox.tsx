// An inline confirmation for a destructive action: what will happen, Confirm / Cancel, optionally a name to type back.

import { useId, useState, type JSX, type ReactNode } from 'react';

export interface ConfirmBoxProps {
  title: string;
  /** What happens when confirmed, in plain words. */
  children: ReactNode;
  confirmLabel: string;
  /** The confirm button stays disabled until exactly this text is typed (e.g. the stream's name before a delete). */
  typeToConfirm?: string;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmBox({ title, children, confirmLabel, typeToConfirm, busy = false, onConfirm, onCancel }: ConfirmBoxProps): JSX.Element {
  const id = useId();
  const [typed, setTyped] = useState('');
  const matches = typeToConfirm === undefined || typed.trim() === typeToConfirm.trim();
  return (
    <div className="confirm-box" role="alertdialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`}>
      <p id={`${id}-title`} className="confirm-title">
        {title}
      </p>
      <div id={`${id}-body`}>{children}</div>
      {typeToConfirm !== undefined ? (
        <div className="field">
          <label htmlFor={`${id}-typed`}>Type “{typeToConfirm}” to confirm</label>
          <input id={`${id}-typed`} value={typed} autoComplete="off" spellCheck={false} onChange={(e) => setTyped(e.target.value)} />
        </div>
      ) : null}
      <div className="actions">
        <button type="button" className="danger" onClick={onConfirm} disabled={busy || !matches}>
          {confirmLabel}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}
