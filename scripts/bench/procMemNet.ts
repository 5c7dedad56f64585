// Memory and UDP receive drops of processes from Linux /proc: resident set size of a pid, and how many datagrams the
// kernel discarded because a socket's receive buffer was full, summed over the UDP sockets a process holds.

import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Parses VmRSS (kB) out of a /proc/<pid>/status text into MiB; null when absent. */
export function parseVmRssMiB(status: string): number | null {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) / 1024 : null;
}

/** Resident set size of a live process in MiB; null if it is gone. */
export function processRssMiB(pid: number): number | null {
  try {
    return parseVmRssMiB(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return null;
  }
}

/** One socket line of /proc/net/udp(6): its inode and the kernel's drop counter (last column). */
export interface UdpSocketLine {
  localPort: number;
  inode: number;
  drops: number;
}

/** Parses /proc/net/udp or /proc/net/udp6 (header line first). */
export function parseProcNetUdp(text: string): UdpSocketLine[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 13)
    .map((f) => ({ localPort: parseInt(f[1]!.split(':')[1] ?? '0', 16), inode: Number(f[9]), drops: Number(f.at(-1)) }));
}

function socketInodes(pid: number): Set<number> {
  const inodes = new Set<number>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(Number(m[1]));
      } catch {
        // the descriptor closed while we looked
      }
    }
  } catch {
    // the process is gone
  }
  return inodes;
}

/** The UDP sockets `pid` holds, each with its local port and the datagrams dropped on it so far. */
export function udpSocketsOf(pid: number): UdpSocketLine[] {
  const inodes = socketInodes(pid);
  const out: UdpSocketLine[] = [];
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    out.push(...parseProcNetUdp(text).filter((s) => inodes.has(s.inode)));
  }
  return out;
}

/** Datagrams dropped so far on the receive side of every UDP socket `pid` holds (they keep counting until closed). */
export function udpDropsOf(pid: number): number {
  return udpSocketsOf(pid).reduce((sum, s) => sum + s.drops, 0);
}
