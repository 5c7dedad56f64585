// Test support: is a process still running (a zombie counts as gone)? Which processes show a secret on their command line or in their environment?
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

export function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Pids of every process on the machine whose command line (/proc/PID/cmdline, readable by any local user) contains `secret`. */
export async function commandLinesShowing(secret: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(secret)) pids.push(Number(entry));
  }
  return pids;
}

/** Of `pids` (our own children: other users' environments are not readable), those whose environment contains `secret`. */
export async function environmentsShowing(pids: readonly (number | undefined)[], secret: string): Promise<number[]> {
  const showing: number[] = [];
  for (const pid of pids) {
    if (pid === undefined) continue;
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    if (environ.includes(secret)) showing.push(pid);
  }
  return showing;
}
