// Which process owns a local UDP port (/proc on Linux): the table parser on a captured /proc/net/udp, and the real check
// against a child process that binds a socket.

import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { udpInodesForPort, udpPortOwnedBy } from '../../src/main/srt/socketOwner';

// Captured on Debian 12 (columns as the kernel prints them; two sockets on port 0xD431 = 54321, one on 0x1F90).
const PROC_NET_UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  115: 0100007F:D431 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 912345 2 0000000000000000 0
  116: 00000000:D431 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 912346 2 0000000000000000 0
  117: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 912347 2 0000000000000000 0`;

describe('socketOwner', () => {
  it('reads the inodes of the sockets bound to a port, not of those connected to it', () => {
    expect([...udpInodesForPort(PROC_NET_UDP, 54321)]).toEqual(['912345', '912346']);
    expect([...udpInodesForPort(PROC_NET_UDP, 8080)]).toEqual(['912347']);
    expect(udpInodesForPort(PROC_NET_UDP, 9)).toEqual(new Set());
  });

  it.runIf(process.platform === 'linux')('tells a child\'s bound UDP port from one this process holds', async () => {
    const child = spawn(process.execPath, ['-e', "const s=require('dgram').createSocket('udp4');s.bind(0,'127.0.0.1',()=>{console.log(s.address().port)});setTimeout(()=>{},30000)"],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const childPort = await new Promise<number>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
      const mine = createSocket('udp4');
      await new Promise<void>((resolve) => mine.bind(0, '127.0.0.1', resolve));
      expect(await udpPortOwnedBy(child.pid!, childPort)).toBe('yes');
      expect(await udpPortOwnedBy(child.pid!, mine.address().port)).toBe('no');
      expect(await udpPortOwnedBy(process.pid, mine.address().port)).toBe('yes');
      mine.close();
    } finally {
      child.kill();
    }
  });
});
