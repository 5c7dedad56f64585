// Runs the OS listing tools (xrandr, pactl, v4l2-ctl, ffmpeg, powershell) with a time bound; never throws.

import type { RunFfmpeg } from '../ffmpeg/runFfmpegOnce';

/** What every per-OS lister gets: the bounded runner, the environment and where to leave notes for the user. */
export interface ToolContext {
  run: RunFfmpeg;
  env: NodeJS.ProcessEnv;
  /** Bound on each tool run, ms. */
  timeoutMs: number;
  /** Sentences for `CaptureDevices.notes`; listers append, never throw. */
  notes: string[];
}

/** The outcome of one tool run. `output` is stdout and stderr together (ffmpeg lists devices on stderr). */
export type ToolOutcome =
  | { kind: 'ran'; exitCode: number | null; stdout: string; stderr: string; output: string }
  | { kind: 'missing' }
  | { kind: 'timed-out' }
  | { kind: 'failed'; reason: string };

/** Runs `command args`; a missing executable, a timeout or a spawn error come back as values. */
export async function runTool(ctx: ToolContext, command: string, args: readonly string[]): Promise<ToolOutcome> {
  const result = await ctx.run(command, args, { timeoutMs: ctx.timeoutMs, maxOutputBytes: 1024 * 1024, env: ctx.env });
  if (result.end === 'spawn-failed') {
    return result.spawnErrorCode === 'ENOENT' ? { kind: 'missing' } : { kind: 'failed', reason: `could not be started (${result.spawnErrorCode ?? 'unknown error'})` };
  }
  if (result.end === 'timed-out') return { kind: 'timed-out' };
  return { kind: 'ran', exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}\n${result.stderr}` };
}

/** The first non-empty line of a failed tool's output, for a note ("Connection failure: Connection refused"). */
export function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== '') ?? 'no output'
  );
}

/** A note for a tool that could not be used: missing (with the package that has it), timed out or failed. */
export function toolNote(tool: string, outcome: ToolOutcome, consequence: string, pkg?: string): string {
  switch (outcome.kind) {
    case 'missing':
      return `${tool} is not installed${pkg ? ` (package ${pkg})` : ''}: ${consequence}.`;
    case 'timed-out':
      return `${tool} did not answer in time: ${consequence}.`;
    case 'failed':
      return `${tool} ${outcome.reason}: ${consequence}.`;
    case 'ran':
      return `${tool} failed (${firstLine(outcome.output)}): ${consequence}.`;
  }
}
