// Expected failures as values: what crosses IPC (Electron passes only an error's message, so we pass data instead).

export type Result<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, message: string): Result<T> {
  return { ok: false, code, message };
}
