// While a broadcast runs the settings fold away behind one line (they are locked anyway), so the live panel is what
// the screen shows at any width; they can still be opened to read.

import type { JSX, ReactNode } from 'react';

export interface SettingsFoldProps {
  folded: boolean;
  children: ReactNode;
}

export function SettingsFold({ folded, children }: SettingsFoldProps): JSX.Element {
  if (!folded) return <>{children}</>;
  return (
    <details className="settings-fold">
      <summary>Settings (locked while the broadcast runs)</summary>
      {children}
    </details>
  );
}
