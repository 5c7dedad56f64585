// Shared setup for the Gcore client tests: a fake API on 127.0.0.1 and a client with recorded (not real) sleeps.

import { expect } from 'vitest';
import { GcoreClient, type GcoreClientOptions } from '../../src/main/gcore/gcoreClient';
import type { FakeGcoreApi } from '../support/fakeGcoreApi';

/** A token shaped like Gcore's (`<digits>_<secret>`, older ones with `$`), so scrubbing is tested on a realistic value. */
export const TEST_TOKEN = '4242_t0k$en-Secret_ABCDEFGHijklmnop0123456789';

export interface Harness {
  client: GcoreClient;
  /** Every backoff the client asked for, in ms; nothing really waits. */
  sleeps: number[];
}

export function clientFor(api: FakeGcoreApi, overrides: Partial<GcoreClientOptions> = {}): Harness {
  const sleeps: number[] = [];
  const client = new GcoreClient({
    baseUrl: api.baseUrl,
    token: api.token,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
    ...overrides,
  });
  return { client, sleeps };
}

/** Runs `action`, expects it to reject, and returns the error. */
export async function failureOf(action: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const outcome = await action.then(
    () => null,
    (err: unknown) => err,
  );
  if (outcome === null) throw new Error('expected the call to fail, but it succeeded');
  return outcome as Error & Record<string, unknown>;
}

/** The token must appear nowhere a user or a log could see it. */
export function expectNoToken(err: unknown, token: string): void {
  const e = err as Error & { serverMessage?: unknown; fieldErrors?: unknown };
  for (const text of [e.message, String(e), e.stack ?? '', String(e.serverMessage ?? ''), JSON.stringify(e.fieldErrors ?? {}), JSON.stringify(e)]) {
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.slice(0, 12));
  }
}
