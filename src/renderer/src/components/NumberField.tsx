// A labelled number input with a hint and an error line, announced to assistive technology through aria attributes.

import type { JSX, ReactNode } from 'react';

export interface NumberFieldProps {
  id: string;
  label: string;
  step: number;
  /** NaN while the input holds something that is not a number; shown as empty. */
  value: number;
  hint: ReactNode;
  problem: string | undefined;
  onChange(value: number): void;
}

export function NumberField({ id, label, step, value, hint, problem, onChange }: NumberFieldProps): JSX.Element {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        step={step}
        value={Number.isNaN(value) ? '' : value}
        aria-invalid={problem !== undefined}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(e.target.value.trim() === '' ? Number.NaN : Number(e.target.value))}
      />
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
      {problem !== undefined ? <p className="field-error">{problem}</p> : null}
    </div>
  );
}
