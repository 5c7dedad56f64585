// Typed, user-facing errors shared by every plain-Node module; the CLI maps `kind` to an exit code.

/** What went wrong, in terms of what the user has to do about it. */
export type ErrorKind =
  | 'usage' // the command line itself is wrong
  | 'input' // a value the user gave is invalid (URL, id, size…)
  | 'config' // the machine or settings are not ready (no keychain, no token…)
  | 'ffmpeg' // ffmpeg is missing or cannot do what we need
  | 'api' // the Gcore API refused or failed
  | 'unreachable'; // an ingest never answered for the whole retry budget

/**
 * An expected failure with one clear, actionable sentence as its message.
 * Messages must never contain a token, stream key or passphrase.
 */
export class AppError extends Error {
  readonly kind: ErrorKind;
  /** Stable machine-readable code, e.g. `token_rejected`, `ffmpeg_no_srt`. */
  readonly code: string;
  /** The setting the error is about (`latencyMs`, `target.primary`…), so a form can show it on that field. */
  readonly field: string | undefined;
  /**
   * The sentence for the desktop app when `message` (the CLI's) names a command, a flag or an environment variable:
   * the app's version says where in the window to fix it. Absent when one sentence fits both.
   */
  readonly appMessage: string | undefined;

  constructor(kind: ErrorKind, code: string, message: string, options?: { cause?: unknown; field?: string; appMessage?: string }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.field = options?.field;
    this.appMessage = options?.appMessage;
  }

  /** The same error about form field `field` (both sentences kept). */
  withField(field: string): AppError {
    return new AppError(this.kind, this.code, this.message, { field, ...(this.appMessage !== undefined ? { appMessage: this.appMessage } : {}) });
  }
}

/** Where a message is shown: the desktop window, or the terminal. */
export type MessageSurface = 'app' | 'cli';

/** The error's sentence for `surface`. */
export function messageFor(err: AppError, surface: MessageSurface): string {
  return surface === 'app' ? (err.appMessage ?? err.message) : err.message;
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
