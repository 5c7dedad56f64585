// CPU time of processes from Linux /proc: user+system seconds of a pid, and of this Node process via cpuUsage().

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | null = null;

function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Parses utime+stime (fields 14 and 15) of a /proc/<pid>/stat line into seconds; the name may contain spaces. */
export function parseProcStatCpuSeconds(statLine: string, ticks: number): number {
  const fields = statLine.slice(statLine.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so utime (14) is fields[11] and stime (15) is fields[12].
  return (Number(fields[11]) + Number(fields[12])) / ticks;
}

/** user+system CPU seconds a live process has used so far; null if it is gone. */
export function processCpuSeconds(pid: number): number | null {
  try {
    return parseProcStatCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'), clockTicks());
  } catch {
    return null;
  }
}

/** user+system CPU seconds of this Node process so far. */
export function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
