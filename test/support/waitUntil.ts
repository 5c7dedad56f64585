// Test support: wait for a condition with a bound and a message that says what never happened.
import { performance } from 'node:perf_hooks';

export async function until(predicate: () => boolean, timeoutMs: number, what: string | (() => string), pollMs = 20): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
