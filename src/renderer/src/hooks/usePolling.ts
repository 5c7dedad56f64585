// Runs a task now and then every `intervalMs` while enabled and mounted; stops on disable, key change or unmount.

import { useEffect, useRef } from 'react';

/**
 * `task` may change on every render (the latest one is used); `key` restarts the schedule (e.g. another stream id).
 * The task receives `isCurrent()` so it can drop results that arrive after the schedule was stopped.
 */
export function usePolling(
  task: (isCurrent: () => boolean) => Promise<void>,
  intervalMs: number,
  enabled: boolean,
  key: unknown,
): void {
  const taskRef = useRef(task);
  taskRef.current = task;
  useEffect(() => {
    if (!enabled) return undefined;
    let current = true;
    const isCurrent = (): boolean => current;
    const run = (): void => {
      void taskRef.current(isCurrent);
    };
    run();
    const timer = setInterval(run, intervalMs);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [enabled, intervalMs, key]);
}
