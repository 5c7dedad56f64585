// The bitrate benchmark's /proc readings: a real UDP socket of this process is found in /proc/net/udp with its drop
// counter, and this process's resident size is read from /proc/self/status.

import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProcNetUdp, parseVmRssMiB, processRssMiB, udpDropsOf } from '../../scripts/bench/procMemNet';

const sockets: ReturnType<typeof createSocket>[] = [];
afterEach(() => sockets.splice(0).forEach((s) => s.close()));

describe('procMemNet', () => {
  it('lists a bound UDP socket of this process with its port and drop counter', async () => {
    const socket = createSocket('udp4');
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const port = socket.address().port;
    const line = parseProcNetUdp(readFileSync('/proc/net/udp', 'utf8')).find((s) => s.localPort === port);
    expect(line).toBeDefined();
    expect(line!.drops).toBe(0);
    expect(udpDropsOf(process.pid)).toBeGreaterThanOrEqual(0);
  });

  it('reads VmRSS in MiB, and null for a process that does not exist', () => {
    expect(parseVmRssMiB('Name:\tnode\nVmRSS:\t  204800 kB\n')).toBe(200);
    expect(parseVmRssMiB('Name:\tkthreadd\n')).toBeNull();
    expect(processRssMiB(process.pid)).toBeGreaterThan(10);
    expect(processRssMiB(2 ** 30)).toBeNull();
  });
});
