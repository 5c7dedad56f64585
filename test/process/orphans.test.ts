// A crashing or killed app must leave no ffmpeg behind: runs a real Node "app" process that supervises children,
// then crashes it (uncaught exception, process.exit) or SIGKILLs it, and checks that every child is gone.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startManagedProcess, type ManagedProcess } from '../../src/main/process/managedProcess';

const MODULE = resolve(__dirname, '../../src/main/process/managedProcess.ts');
const ENCODER_ARGS = resolve(__dirname, '../../src/main/ffmpeg/args/encoderArgs.ts');
const SETTINGS = resolve(__dirname, '../../src/main/ffmpeg/args/encodeSettings.ts');

const leftovers: number[] = [];
const parents: ManagedProcess[] = [];

/** Running means present and not a zombie (an orphan reparented to PID 1 stays a zombie until it is reaped). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Polls until no pid is running or the bound passes; returns the pids still running. */
async function waitUntilGone(pids: number[], boundMs: number): Promise<number[]> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const alive = pids.filter(isRunning);
    if (alive.length === 0 || Date.now() > deadline) return alive;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a Node "app" running `body` (ESM, TypeScript through tsx) and resolves with the first stdout line. */
async function startApp(body: string): Promise<{ app: ManagedProcess; firstLine: string }> {
  const script = `import { startManagedProcess } from ${JSON.stringify(MODULE)};\n${body}`;
  const app = startManagedProcess({
    command: process.execPath,
    args: ['--import', 'tsx', '--input-type=module', '-e', script],
    name: 'fake-app',
    stdout: 'pipe',
    redactSecrets: [],
  });
  parents.push(app);
  const firstLine = await new Promise<string>((resolveLine, reject) => {
    let text = '';
    app.stdout?.setEncoding('utf8');
    app.stdout?.on('data', (chunk: string) => {
      text += chunk;
      const nl = text.indexOf('\n');
      if (nl >= 0) resolveLine(text.slice(0, nl));
    });
    app.exited.then((info) => reject(new Error(`app exited early: ${info.reason} ${info.recentLog.join('\n')}`)), reject);
  });
  return { app, firstLine };
}

afterEach(async () => {
  await Promise.all(parents.splice(0).map((p) => p.kill()));
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

describe('children do not outlive the app', () => {
  it.each([
    ['an uncaught exception', `setTimeout(() => { throw new Error('simulated crash'); }, 100);`],
    ['process.exit()', `setTimeout(() => process.exit(3), 100);`],
  ])('the exit hook SIGKILLs survivors after %s', async (_label, ending) => {
    const body = `
      const child = startManagedProcess({ command: 'sleep', args: ['60'], name: 'sleeper', redactSecrets: [] });
      console.log(String(child.pid));
      ${ending}`;
    const { app, firstLine } = await startApp(body);
    const pid = Number(firstLine);
    leftovers.push(pid);
    expect(Number.isInteger(pid)).toBe(true);
    const info = await app.exited;
    expect(info.reason).toBe('crashed');
    expect(await waitUntilGone([pid], 5000)).toEqual([]);
  });

  it('a SIGKILLed app takes its ffmpeg encoder (EPIPE on stdout) and sender (EOF on stdin) along', async () => {
    // No JS runs on SIGKILL: the pipes are the only lifeline, as in production (encoder → app → sender).
    const body = `
      import { buildEncoderArgs } from ${JSON.stringify(ENCODER_ARGS)};
      import { defaultEncodeSettings } from ${JSON.stringify(SETTINGS)};
      const args = buildEncoderArgs(defaultEncodeSettings('linux', { width: 320, height: 180, fps: 15, bitrateKbps: 300, preset: 'ultrafast' }), { progressUrl: null });
      const encoder = startManagedProcess({ command: 'ffmpeg', args, name: 'encoder', stdout: 'pipe', redactSecrets: [] });
      const sender = startManagedProcess({
        command: 'ffmpeg', name: 'sender', stdin: 'pipe', redactSecrets: [],
        args: ['-hide_banner', '-loglevel', 'warning', '-f', 'mpegts', '-i', 'pipe:0', '-c', 'copy', '-f', 'mpegts', '-y', '/dev/null'],
      });
      encoder.stdout.pipe(sender.stdin);
      encoder.stdout.once('data', () => console.log(encoder.pid + ' ' + sender.pid));`;
    const { app, firstLine } = await startApp(body);
    const pids = firstLine.split(' ').map(Number);
    leftovers.push(...pids);
    expect(pids).toHaveLength(2);
    expect(pids.every(isRunning)).toBe(true);
    await app.kill();
    expect(await waitUntilGone(pids, 10_000)).toEqual([]);
  });
});
