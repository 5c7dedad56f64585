// One store per broadcast for everything that must end with it: processes, sockets, timers, listeners, ingests.

/** Something to end: a function that stops it (may be async). */
export type Dispose = () => void | Promise<void>;

/**
 * Everything a broadcast starts is added here the moment it exists, so one `dispose()` ends all of it: once, newest
 * first (an uplink before the fan-out it reads, the fan-out before the encoder), each step awaited, a failing step
 * never keeping the rest alive. Adding to a store that is already disposed disposes the newcomer at once.
 */
export class DisposableStore {
  private readonly items: Dispose[] = [];
  private disposing: Promise<void> | null = null;

  get isDisposed(): boolean {
    return this.disposing !== null;
  }

  /** Registers `dispose` and returns a function that runs it early (and removes it from the store). */
  add(dispose: Dispose): () => Promise<void> {
    if (this.disposing) {
      void Promise.resolve().then(dispose).catch(() => undefined);
      return () => Promise.resolve();
    }
    let done: Promise<void> | null = null;
    const once: Dispose = () => (done ??= Promise.resolve().then(dispose).catch(() => undefined));
    this.items.push(once);
    return async () => {
      const i = this.items.indexOf(once);
      if (i >= 0) this.items.splice(i, 1);
      await once();
    };
  }

  /** A timer that is cleared with the store. */
  setTimeout(fn: () => void, ms: number): () => void {
    const timer = setTimeout(() => {
      void remove();
      fn();
    }, ms);
    const remove = this.add(() => clearTimeout(timer));
    return () => void remove();
  }

  /** A repeating timer that is cleared with the store. */
  setInterval(fn: () => void, ms: number): () => void {
    const timer = setInterval(fn, ms);
    const remove = this.add(() => clearInterval(timer));
    return () => void remove();
  }

  /** Number of things still registered (tests check that a failed start leaves none). */
  get size(): number {
    return this.items.length;
  }

  /** Ends everything, newest first; later calls return the same promise. */
  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      while (this.items.length > 0) await this.items.pop()!();
    })();
    return this.disposing;
  }
}
