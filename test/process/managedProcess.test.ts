// Real child processes (node -e scripts) under the managed-process wrapper: exit reasons, stop escalation,
// spawn failures, redacted stderr ring buffer, extra pipes, stdin EPIPE and the registry.

import { isAlive } from '../support/processes';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/appError';
import {
  canTransition,
  classifyExit,
  listManagedProcesses,
  startManagedProcess,
  stopAllManagedProcesses,
  type ManagedProcess,
  type ManagedProcessOptions,
  type ProcessState,
} from '../../src/main/process/managedProcess';

const NODE = process.execPath;
const started: ManagedProcess[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'managed-process-'));

function node(script: string, extra: Partial<ManagedProcessOptions> = {}): ManagedProcess {
  const p = startManagedProcess({ command: NODE, args: ['-e', script], name: 'test-child', redactSecrets: [], ...extra });
  started.push(p);
  return p;
}

/** Resolves when the child prints `line` on stderr (bounded by the test timeout). */
function waitForLine(p: ManagedProcess, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (p.recentLog().includes(text)) return resolve();
    const off = p.onStderrLine((line) => {
      if (line === text) {
        off();
        resolve();
      }
    });
  });
}


afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.kill()));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('classifyExit', () => {
  it.each([
    [{ code: 0, signal: null, requested: null, escalated: false }, 'clean-exit'],
    [{ code: 1, signal: null, requested: null, escalated: false }, 'crashed'],
    [{ code: null, signal: 'SIGSEGV', requested: null, escalated: false }, 'crashed'],
    [{ code: 255, signal: null, requested: null, escalated: false }, 'crashed'],
    [{ code: 255, signal: null, requested: 'stop', escalated: false }, 'stopped'],
    [{ code: 0, signal: null, requested: 'stop', escalated: false }, 'stopped'],
    [{ code: null, signal: 'SIGINT', requested: 'stop', escalated: false }, 'stopped'],
    [{ code: 1, signal: null, requested: 'stop', escalated: false }, 'crashed'],
    [{ code: null, signal: 'SIGKILL', requested: 'stop', escalated: true }, 'killed'],
    [{ code: null, signal: 'SIGKILL', requested: 'kill', escalated: false }, 'killed'],
  ] as const)('%o → %s', (input, reason) => {
    expect(classifyExit(input)).toBe(reason);
  });
});

describe('state transitions', () => {
  it('allow only forward moves', () => {
    expect(canTransition('starting', 'running')).toBe(true);
    expect(canTransition('running', 'stopping')).toBe(true);
    expect(canTransition('stopping', 'exited')).toBe(true);
    expect(canTransition('stopping', 'running')).toBe(false);
    expect(canTransition('exited', 'running')).toBe(false);
    expect(canTransition('exited', 'starting')).toBe(false);
  });
});

describe('startManagedProcess', () => {
  it('reports a clean exit and passes through running', async () => {
    const p = node('setTimeout(() => process.exit(0), 100)');
    const states: ProcessState[] = [];
    p.onStateChange((s) => states.push(s));
    const info = await p.exited;
    expect(info.reason).toBe('clean-exit');
    expect(info.code).toBe(0);
    expect(p.state).toBe('exited');
    expect(states).toEqual(['running', 'exited']);
  });

  it('reports a crash with its exit code and last stderr lines', async () => {
    const info = await node('console.error("boom: disk on fire"); process.exit(3)').exited;
    expect(info.reason).toBe('crashed');
    expect(info.code).toBe(3);
    expect(info.recentLog).toContain('boom: disk on fire');
  });

  it('reports death by signal as a crash', async () => {
    const info = await node('process.kill(process.pid, "SIGTERM"); setTimeout(() => {}, 10000)').exited;
    expect(info.reason).toBe('crashed');
    expect(info.signal).toBe('SIGTERM');
  });

  it('stop() interrupts with SIGINT; exit code 255 afterwards counts as stopped (ffmpeg style)', async () => {
    const p = node('process.on("SIGINT", () => process.exit(255)); console.error("ready"); setInterval(() => {}, 1000)');
    await waitForLine(p, 'ready');
    const states: ProcessState[] = [];
    p.onStateChange((s) => states.push(s));
    const info = await p.stop();
    expect(info.reason).toBe('stopped');
    expect(info.code).toBe(255);
    expect(states).toEqual(['stopping', 'exited']);
  });

  it('stop() escalates to SIGKILL when the child ignores SIGINT', async () => {
    const p = node('process.on("SIGINT", () => console.error("ignoring SIGINT")); console.error("ready"); setInterval(() => {}, 1000)', {
      stopTimeoutMs: 300,
    });
    await waitForLine(p, 'ready');
    const info = await p.stop();
    expect(info.reason).toBe('killed');
    expect(info.signal).toBe('SIGKILL');
    expect(info.recentLog).toContain('ignoring SIGINT');
    expect(info.recentLog.some((l) => l.includes('did not stop within 300 ms'))).toBe(true);
  });

  it('stop() is idempotent and kill() ends a process at once', async () => {
    const p = node('setInterval(() => {}, 1000)');
    const info = await p.kill();
    expect(info.reason).toBe('killed');
    expect(await p.stop()).toBe(info);
  });

  it('quit-key interrupt writes q to stdin (ffmpeg on Windows)', async () => {
    const p = node('process.stdin.on("data", (d) => { if (String(d).includes("q")) process.exit(255); }); console.error("ready")', {
      stdin: 'pipe',
      interrupt: 'quit-key',
    });
    await waitForLine(p, 'ready');
    const info = await p.stop();
    expect(info.reason).toBe('stopped');
    expect(info.code).toBe(255);
  });

  it('close-stdin interrupt ends stdin so a reader finishes cleanly (sender style)', async () => {
    const p = node('process.stdin.resume(); process.stdin.on("end", () => process.exit(0)); console.error("ready")', {
      stdin: 'pipe',
      interrupt: 'close-stdin',
    });
    await waitForLine(p, 'ready');
    const info = await p.stop();
    expect(info.reason).toBe('stopped');
    expect(info.code).toBe(0);
  });

  it('turns a missing executable into AppError ffmpeg_not_found naming the path', async () => {
    const p = startManagedProcess({ command: '/nonexistent/bin/ffmpeg', args: ['-version'], name: 'encoder', redactSecrets: [] });
    const info = await p.exited;
    expect(info.reason).toBe('spawn-failed');
    expect(p.pid).toBeUndefined();
    expect(info.error).toBeInstanceOf(AppError);
    expect(info.error?.kind).toBe('ffmpeg');
    expect(info.error?.code).toBe('ffmpeg_not_found');
    expect(info.error?.message).toContain('/nonexistent/bin/ffmpeg');
    expect(listManagedProcesses()).toEqual([]);
  });

  it('reports a file without execute permission as not executable', async () => {
    const file = join(tmp, 'not-executable');
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, 0o644);
    const info = await startManagedProcess({ command: file, args: [], name: 'encoder', redactSecrets: [] }).exited;
    expect(info.reason).toBe('spawn-failed');
    expect(info.error?.code).toBe('ffmpeg_not_executable');
    expect(info.error?.message).toContain(file);
  });

  it('reports a synchronous spawn failure from an injected spawnImpl', async () => {
    const info = await startManagedProcess({
      command: 'ffmpeg',
      args: [],
      name: 'encoder',
      redactSecrets: [],
      spawnImpl: () => {
        throw Object.assign(new Error('spawn EINVAL'), { code: 'EINVAL' });
      },
    }).exited;
    expect(info.reason).toBe('spawn-failed');
    expect(info.error?.code).toBe('spawn_failed');
    expect(info.error?.message).toBe('Cannot start encoder ("ffmpeg"): spawn EINVAL.');
  });

  it('keeps only the last logLines stderr lines, each redacted', async () => {
    const script = `
      for (let i = 0; i < 500; i++) console.error('line ' + i);
      console.error('Opening srt://ingest:5001?streamid=123#8f1e2d3c4b5a6978 failed');
      console.error('passphrase is Sup3rSecretPass!');
      console.error('x'.repeat(5000));
      process.stderr.write('partial without newline Sup3rSecretPass!');`;
    const seen: string[] = [];
    const p = node(script, { logLines: 50, redactSecrets: ['Sup3rSecretPass!', '8f1e2d3c4b5a6978'] });
    p.onStderrLine((line) => seen.push(line));
    const info = await p.exited;
    expect(info.recentLog).toHaveLength(50);
    expect(info.recentLog[0]).toBe('line 454');
    // The key is masked up to the end of the line (a key may hold spaces), so the word after it goes too.
    expect(info.recentLog.at(-4)).toBe('Opening srt://ingest:5001?streamid=123#****');
    expect(info.recentLog.at(-2)?.length).toBeLessThanOrEqual(2001);
    expect(info.recentLog.at(-1)).toBe('partial without newline ****');
    const everything = [...seen, ...info.recentLog].join('\n');
    expect(everything).not.toContain('Sup3rSecretPass!');
    expect(everything).not.toContain('8f1e2d3c4b5a6978');
    expect(seen).toHaveLength(504);
  });

  it('splits carriage-return updates into lines (ffmpeg stats style)', async () => {
    const info = await node('process.stderr.write("frame=1\\rframe=2\\rframe=3\\r\\ndone\\n")').exited;
    expect(info.recentLog).toEqual(['frame=1', 'frame=2', 'frame=3', 'done']);
  });

  it('exposes stdout and an extra pipe on fd 3', async () => {
    const p = node('require("fs").writeSync(3, "progress=end\\n"); process.stdout.write("payload")', { stdout: 'pipe', extraOutputPipes: 1 });
    const read = (stream: NodeJS.ReadableStream | null): Promise<string> =>
      new Promise((resolve) => {
        let text = '';
        stream?.setEncoding('utf8');
        stream?.on('data', (d: string) => (text += d));
        stream?.on('end', () => resolve(text));
      });
    const [fd3, out] = await Promise.all([read(p.pipe(3)), read(p.stdout)]);
    expect(fd3).toBe('progress=end\n');
    expect(out).toBe('payload');
    expect(p.pipe(4)).toBeNull();
    expect((await p.exited).reason).toBe('clean-exit');
  });

  it('absorbs EPIPE when the child has closed its stdin (and after it exited)', async () => {
    const p = node('require("fs").closeSync(0); console.error("closed"); setInterval(() => {}, 1000)', { stdin: 'pipe' });
    await waitForLine(p, 'closed');
    const chunk = Buffer.alloc(256 * 1024, 1);
    const failed = new Promise<string>((resolve) => p.stdin?.write(chunk, (err) => resolve((err as NodeJS.ErrnoException | null)?.code ?? 'ok')));
    for (let i = 0; i < 4; i += 1) p.stdin?.write(chunk);
    // An unhandled 'error' (EPIPE) event would crash the worker and fail this test.
    expect(await failed).toBe('EPIPE');
    await new Promise((resolve) => setImmediate(resolve));
    expect(p.recentLog().some((l) => l.includes('stream error: EPIPE'))).toBe(true);
    await p.kill();
    p.stdin?.write(chunk);
    expect(p.state).toBe('exited');
  });

  it('stopAllManagedProcesses leaves no survivor, stubborn ones included', async () => {
    const stubborn = 'process.on("SIGINT", () => {}); console.error("ready"); setInterval(() => {}, 1000)';
    const children = [node('setInterval(() => {}, 1000)'), node(stubborn, { stopTimeoutMs: 300 }), node('setInterval(() => {}, 1000)')];
    await waitForLine(children[1]!, 'ready');
    const pids = children.map((c) => c.pid!);
    expect(pids.every(isAlive)).toBe(true);
    expect(listManagedProcesses().map((c) => c.pid).sort()).toEqual([...pids].sort());
    const infos = await stopAllManagedProcesses();
    expect(infos.map((i) => i.reason).sort()).toEqual(['killed', 'stopped', 'stopped']);
    expect(pids.some(isAlive)).toBe(false);
    expect(listManagedProcesses()).toEqual([]);
  });
});
