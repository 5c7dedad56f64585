// Pure parts of process supervision: typed states and exit reasons, the transition table, exit classification
// and the error for a child that could not be spawned.

import { AppError, type ErrorKind } from '../appError';

/** Actual state as the OS reports it. */
export type ProcessState = 'starting' | 'running' | 'stopping' | 'exited';
/** Why the process ended. `stopped`: after our stop(); `killed`: SIGKILL from kill() or stop() escalation. */
export type ExitReason = 'clean-exit' | 'stopped' | 'crashed' | 'killed' | 'spawn-failed';
/** How stop() asks the child to finish: a signal (SIGINT), `q` on stdin (ffmpeg on Windows), or end of stdin. */
export type InterruptMethod = 'signal' | 'quit-key' | 'close-stdin';

/** Allowed state transitions (datarhei/core style): anything else is ignored. */
const TRANSITIONS: Readonly<Record<ProcessState, readonly ProcessState[]>> = {
  starting: ['running', 'stopping', 'exited'],
  running: ['stopping', 'exited'],
  stopping: ['exited'],
  exited: [],
};

export function canTransition(from: ProcessState, to: ProcessState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Maps how a process ended, and what we had asked of it, to a reason. */
export function classifyExit(input: {
  code: number | null;
  signal: NodeJS.Signals | null;
  requested: 'stop' | 'kill' | null;
  escalated: boolean;
}): ExitReason {
  const { code, signal, requested, escalated } = input;
  if (requested === 'kill' || (escalated && signal === 'SIGKILL')) return 'killed';
  if (requested === 'stop') {
    // ffmpeg exits 255 after SIGINT/'q' ("Exiting normally, received signal 2"); that is our clean finish.
    if (code === 0 || code === 255 || signal === 'SIGINT' || signal === 'SIGTERM') return 'stopped';
    return 'crashed';
  }
  return code === 0 ? 'clean-exit' : 'crashed';
}

/** What to call a missing executable; the app only spawns ffmpeg in production, hence the default. */
export interface MissingExecutableError {
  kind: ErrorKind;
  code: string;
  hint: string;
}

const FFMPEG_MISSING: MissingExecutableError = {
  kind: 'ffmpeg',
  code: 'ffmpeg_not_found',
  hint: 'Install ffmpeg, or set its path in the settings or with FFMPEG_PATH.',
};

/** Turns a spawn error into one actionable AppError naming the path (ENOENT → `…_not_found`, EACCES → `…_not_executable`). */
export function spawnFailureError(err: unknown, command: string, name: string, missing: MissingExecutableError = FFMPEG_MISSING): AppError {
  const e = err as NodeJS.ErrnoException | undefined;
  if (e?.code === 'ENOENT') {
    return new AppError(missing.kind, missing.code, `Cannot start ${name}: no executable at "${command}". ${missing.hint}`, { cause: err });
  }
  if (e?.code === 'EACCES') {
    const code = `${missing.code.replace(/_not_found$/, '')}_not_executable`;
    return new AppError(missing.kind, code, `Cannot start ${name}: "${command}" is not executable (permission denied).`, { cause: err });
  }
  return new AppError(missing.kind, 'spawn_failed', `Cannot start ${name} ("${command}"): ${e?.message ?? String(err)}.`, { cause: err });
}
