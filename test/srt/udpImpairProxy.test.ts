// The user-space UDP impairment proxy used by the SRT integration tests: forwarding, seeded loss, delay, order, blackhole.

import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { mulberry32 } from '../support/seededRandom';
import { UdpImpairProxy, type UdpImpairProxyOptions } from '../support/udpImpairProxy';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function socket(): Promise<{ s: Socket; port: number; got: Array<{ msg: Buffer; atMs: number; port: number }> }> {
  const s = createSocket('udp4');
  const got: Array<{ msg: Buffer; atMs: number; port: number }> = [];
  s.on('message', (msg, r) => got.push({ msg, atMs: performance.now(), port: r.port }));
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => s.close(() => resolve())));
  return { s, port: s.address().port, got };
}

async function setup(options: Omit<UdpImpairProxyOptions, 'targetPort'> = {}) {
  const target = await socket();
  const client = await socket();
  const proxy = await UdpImpairProxy.start({ targetPort: target.port, ...options });
  cleanups.push(() => proxy.close());
  return { target, client, proxy };
}

async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let waitedMs = 0; !predicate(); waitedMs += 5) {
    if (waitedMs > 3000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const numbered = (i: number): Buffer => Buffer.from(String(i).padStart(6, '0'));

describe('UdpImpairProxy', () => {
  it('relays both ways between the first client and the target', async () => {
    const { target, client, proxy } = await setup();
    client.s.send(Buffer.from('ping'), proxy.port, '127.0.0.1');
    await until(() => target.got.length === 1, 'ping');
    target.s.send(Buffer.from('pong'), target.got[0]!.port, '127.0.0.1');
    await until(() => client.got.length === 1, 'pong');
    expect(client.got[0]).toMatchObject({ msg: Buffer.from('pong'), port: proxy.port });
  });

  it('drops exactly the datagrams its seeded PRNG picks', async () => {
    const lossRate = 0.1;
    const { target, client, proxy } = await setup({ toTarget: { lossRate }, seed: 42 });
    const rand = mulberry32(42);
    const expectedKept: number[] = [];
    for (let i = 0; i < 300; i++) if (!(rand() < lossRate)) expectedKept.push(i);
    // Paced in batches so the kernel's socket buffers never overflow (that loss would not be the proxy's).
    for (let i = 0; i < 300; i++) {
      client.s.send(numbered(i), proxy.port, '127.0.0.1');
      if (i % 20 === 19) await until(() => proxy.counters('toTarget').received === i + 1, `datagram ${i}`);
    }
    await until(() => target.got.length === expectedKept.length, 'kept datagrams at the target');
    expect(target.got.map((g) => Number(g.msg.toString()))).toEqual(expectedKept);
    expect(proxy.counters('toTarget').droppedLoss).toBe(300 - expectedKept.length);
  });

  it('delays by at least the configured time and keeps order under jitter', async () => {
    const { target, client, proxy } = await setup({ toTarget: { delayMs: 40, jitterMs: 20 } });
    const sentAtMs: number[] = [];
    for (let i = 0; i < 40; i++) {
      sentAtMs.push(performance.now());
      client.s.send(numbered(i), proxy.port, '127.0.0.1');
    }
    await until(() => target.got.length === 40, '40 datagrams');
    expect(target.got.map((g) => Number(g.msg.toString()))).toEqual([...Array(40).keys()]);
    // Lower bound only (delay − jitter): timers can be late, never early.
    target.got.forEach((g, i) => expect(g.atMs - sentAtMs[i]!).toBeGreaterThanOrEqual(19));
  });

  it('blackholes both directions while on, and resumes when off', async () => {
    const { target, client, proxy } = await setup();
    client.s.send(Buffer.from('a'), proxy.port, '127.0.0.1');
    await until(() => target.got.length === 1, 'first datagram');
    proxy.blackhole(true);
    client.s.send(Buffer.from('b'), proxy.port, '127.0.0.1');
    target.s.send(Buffer.from('c'), target.got[0]!.port, '127.0.0.1');
    await until(() => proxy.counters('toTarget').droppedBlackhole === 1 && proxy.counters('toClient').droppedBlackhole === 1, 'drops');
    proxy.blackhole(false);
    client.s.send(Buffer.from('d'), proxy.port, '127.0.0.1');
    await until(() => target.got.length === 2, 'datagram after the blackhole');
    expect(target.got.map((g) => g.msg.toString())).toEqual(['a', 'd']);
    expect(client.got).toHaveLength(0);
  });

  it('changes impairments at run time', async () => {
    const { target, client, proxy } = await setup({ toTarget: { lossRate: 1 } });
    client.s.send(Buffer.from('lost'), proxy.port, '127.0.0.1');
    await until(() => proxy.counters('toTarget').droppedLoss === 1, 'loss');
    proxy.set('toTarget', {});
    client.s.send(Buffer.from('kept'), proxy.port, '127.0.0.1');
    await until(() => target.got.length === 1, 'kept');
    expect(target.got[0]!.msg.toString()).toBe('kept');
  });
});
