// The left navigation: one real button per screen, the current one marked with aria-current.

import type { JSX } from 'react';

export type ScreenId = 'account' | 'streams' | 'broadcast' | 'rehearsal' | 'pull' | 'diagnostics';

export const SCREENS: readonly { id: ScreenId; label: string }[] = [
  { id: 'account', label: 'Account' },
  { id: 'streams', label: 'Streams' },
  { id: 'broadcast', label: 'Broadcast' },
  { id: 'rehearsal', label: 'Rehearsal' },
  { id: 'pull', label: 'Pull' },
  { id: 'diagnostics', label: 'Diagnostics' },
];

export interface SideNavProps {
  current: ScreenId;
  onSelect(screen: ScreenId): void;
  /** Shown under the menu so the state is visible from any screen. */
  signedIn: boolean | null;
  /** The screen whose broadcast is running (Broadcast or Rehearsal), marked in the menu. */
  liveScreen: ScreenId | null;
  /** The running broadcast is on air (an ingest acknowledges our data): "● live"; else "● not on air". */
  onAir?: boolean;
}

export function SideNav({ current, onSelect, signedIn, liveScreen, onAir = false }: SideNavProps): JSX.Element {
  return (
    <nav className="side-nav" aria-label="Main">
      <p className="brand">SRT Companion</p>
      <ul>
        {SCREENS.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className="nav-button"
              aria-current={current === s.id ? 'page' : undefined}
              onClick={() => onSelect(s.id)}
            >
              {s.label}
              {s.id === liveScreen ? <span className={onAir ? 'live-dot' : 'live-dot off-air'}>{onAir ? ' ● live' : ' ● not on air'}</span> : null}
            </button>
          </li>
        ))}
      </ul>
      <p className="nav-status">
        {signedIn === null ? 'Checking account…' : signedIn ? 'Signed in' : 'Not signed in'}
      </p>
    </nav>
  );
}
