// A message box: errors are announced to screen readers (role=alert), information politely (role=status).

import type { JSX, ReactNode } from 'react';

export interface NoticeProps {
  kind: 'error' | 'warning' | 'info' | 'success';
  children: ReactNode;
}

export function Notice({ kind, children }: NoticeProps): JSX.Element {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' || kind === 'warning' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
