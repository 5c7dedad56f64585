// Whether a local UDP port belongs to a given process (Linux: /proc/net/udp* inodes against /proc/PID/fd), so the SRT
// tap binds only to the sender it started and not to another local program that raced it to the tap's port.

import { readdir, readFile, readlink } from 'node:fs/promises';

/** Socket inodes of the UDP sockets bound to `port` (any local address), from /proc/net/udp and /proc/net/udp6. */
export function udpInodesForPort(procNetUdp: string, port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const line of procNetUdp.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
    const local = fields[1];
    const inode = fields[9];
    if (local?.endsWith(`:${hexPort}`) && inode && inode !== '0') inodes.add(inode);
  }
  return inodes;
}

/**
 * 'yes' when process `pid` holds a UDP socket bound to `port`, 'no' when it does not, 'unknown' where /proc cannot
 * tell (another OS, a hardened /proc): the caller decides what unknown means.
 */
export async function udpPortOwnedBy(pid: number, port: number): Promise<'yes' | 'no' | 'unknown'> {
  if (process.platform !== 'linux') return 'unknown';
  try {
    const tables = await Promise.all(['/proc/net/udp', '/proc/net/udp6'].map((f) => readFile(f, 'utf8').catch(() => '')));
    const inodes = udpInodesForPort(tables.join('\n'), port);
    if (inodes.size === 0) return 'no';
    const fds = await readdir(`/proc/${pid}/fd`);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m && inodes.has(m[1]!)) return 'yes';
    }
    return 'no';
  } catch {
    return 'unknown';
  }
}
