// Rehearsal only: the buttons that break a local ingest (glitch, outage, loss burst, refused key) while it runs.

import { useState, type JSX } from 'react';
import { describeFault, type FaultTarget, type RehearsalFault, type RehearsalFaultKind } from '../../../shared/rehearsalTypes';
import { useShortcuts } from '../hooks/useShortcuts';

export interface RehearsalFaultsProps {
  /** Injects the fault (main refuses it unless a rehearsal runs). */
  inject(fault: RehearsalFault): void;
  disabled: boolean;
}

const BUTTONS: ReadonlyArray<{ kind: RehearsalFaultKind; label: string }> = [
  { kind: 'glitch', label: 'Glitch 1.5 s' },
  { kind: 'outage', label: 'Outage 20 s' },
  { kind: 'loss', label: 'Loss 15 % for 20 s' },
  { kind: 'refuse-key', label: 'Refuse the key' },
];

const TARGETS: ReadonlyArray<{ value: FaultTarget; label: string }> = [
  { value: 'primary', label: 'Primary' },
  { value: 'backup', label: 'Backup' },
  { value: 'both', label: 'Both' },
];

export function RehearsalFaults({ inject, disabled }: RehearsalFaultsProps): JSX.Element {
  const [target, setTarget] = useState<FaultTarget>('primary');
  // Keys 1–4 break the chosen ingest(s) like the buttons, in their order.
  useShortcuts(Object.fromEntries(BUTTONS.map((b, i) => [String(i + 1), disabled ? null : () => inject({ kind: b.kind, target })])));
  return (
    <fieldset className="rehearsal-faults" disabled={disabled}>
      <legend>Break the {target === 'both' ? 'ingests' : `${target} ingest`}</legend>
      <div className="actions">
        {TARGETS.map((t) => (
          <label key={t.value} className="inline">
            <input type="radio" name="fault-target" value={t.value} checked={target === t.value} onChange={() => setTarget(t.value)} />
            {t.label}
          </label>
        ))}
      </div>
      <div className="actions">
        {BUTTONS.map((b, i) => {
          const fault: RehearsalFault = { kind: b.kind, target };
          return (
            <button key={b.kind} type="button" title={`${describeFault(fault)} (key ${i + 1})`} aria-keyshortcuts={String(i + 1)} onClick={() => inject(fault)}>
              {b.label}
            </button>
          );
        })}
      </div>
      <p className="hint">Keys 1–4: the buttons above, in order, on the chosen ingest.</p>
    </fieldset>
  );
}
