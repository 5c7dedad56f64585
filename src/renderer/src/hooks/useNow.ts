// The wall clock as state, refreshed every `intervalMs` while `active` (drives the elapsed-time display).

import { useEffect, useState } from 'react';

export function useNow(intervalMs: number, active: boolean): number {
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    setNowMs(Date.now());
    const timer = setInterval(() => setNowMs(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
  return nowMs;
}
