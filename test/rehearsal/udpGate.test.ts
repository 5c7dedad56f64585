// The rehearsal gate on real UDP sockets: relays both ways while open, drops everything while closed.
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { startUdpGate, type UdpGate } from '../../src/main/rehearsal/udpGate';
import { until } from '../support/waitUntil';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function socket(): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => s.close(() => resolve())));
  return s;
}

describe('udpGate', () => {
  it('relays datagrams both ways while open and drops them while closed', async () => {
    const target = await socket();
    const client = await socket();
    const gate: UdpGate = await startUdpGate(target.address().port);
    closers.push(() => gate.close());
    const atTarget: string[] = [];
    const atClient: string[] = [];
    target.on('message', (msg, rinfo) => {
      atTarget.push(msg.toString());
      target.send(`echo ${msg.toString()}`, rinfo.port, rinfo.address);
    });
    client.on('message', (msg) => atClient.push(msg.toString()));

    client.send('one', gate.port, '127.0.0.1');
    await until(() => atClient.length === 1, 2000, 'the echo of "one"');
    expect(atTarget).toEqual(['one']);
    expect(atClient).toEqual(['echo one']);

    gate.setOpen(false);
    expect(gate.open).toBe(false);
    client.send('two', gate.port, '127.0.0.1');
    client.send('three', gate.port, '127.0.0.1');
    await until(() => gate.dropped === 2, 2000, 'the gate to drop "two" and "three"');
    gate.setOpen(true);
    client.send('four', gate.port, '127.0.0.1');
    await until(() => atClient.length === 2, 2000, 'the echo of "four"');
    expect(atTarget).toEqual(['one', 'four']);
    expect(atClient).toEqual(['echo one', 'echo four']);
  });
});
