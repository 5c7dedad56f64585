// Expected failures as values: what crosses IPC (Electron passes only an error's message, so we pass data instead).

/** `field`, when set, names the setting the failure is about (`latencyMs`, `target.primary`…) for a form to mark. */
export type Result<T> = { ok: true; value: T } | { ok: false; code: string; message: string; field?: string };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, message: string, field?: string): Result<T> {
  return field === undefined ? { ok: false, code, message } : { ok: false, code, message, field };
}
