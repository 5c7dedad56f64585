// Single-key shortcuts for the live screens (go live, stop, the rehearsal's faults): never while typing in a field,
// never with Ctrl/Alt/Cmd held (those belong to the system), never from a held-down key's repeats.

import { useEffect, useRef } from 'react';

/** Key (as `KeyboardEvent.key`, lower case) → action; null leaves the key alone (the action is not available now). */
export type ShortcutMap = Readonly<Record<string, (() => void) | null>>;

/** True when a key press belongs to what the user is typing into. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  // Buttons-as-inputs take no text; checkboxes and radios neither (Space is theirs, letters are free).
  return !['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color'].includes((target as HTMLInputElement).type);
}

export function useShortcuts(shortcuts: ShortcutMap): void {
  const current = useRef(shortcuts);
  current.current = shortcuts;
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.repeat || e.ctrlKey || e.altKey || e.metaKey || isTypingTarget(e.target)) return;
      const action = current.current[e.key.toLowerCase()];
      if (!action) return;
      e.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
