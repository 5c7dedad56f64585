// Runs one backend call and turns what it throws into a Result: an AppError keeps its code, anything else is `internal`.

import { fail, ok, type Result } from '../../shared/result';
import { isAppError, messageFor } from '../appError';
import { redact } from '../redact';

export async function attempt<T>(fn: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (err) {
    if (isAppError(err)) return fail(err.code, redact(messageFor(err, 'app')), err.field);
    return fail('internal', `Internal error: ${redact(err instanceof Error ? err.message : String(err))}`);
  }
}
