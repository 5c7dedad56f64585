// SrtTap as a UDP relay on real 127.0.0.1 sockets (no ffmpeg): byte-exact forwarding, binding to one sender, DNS, state events.

import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/main/appError';
import { SrtTap } from '../../src/main/srt/srtTap';
import type { TapStateChange } from '../../src/main/srt/tapTypes';
import { data, extension, handshake, HS_CONCLUSION, HS_INDUCTION, sidContents } from './srtPacketBuilders';
import { vector } from './srtFixtures';

interface Endpoint {
  socket: Socket;
  port: number;
  received: Array<{ msg: Buffer; from: RemoteInfo }>;
  next(): Promise<{ msg: Buffer; from: RemoteInfo }>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function endpoint(type: 'udp4' | 'udp6' = 'udp4', address = '127.0.0.1'): Promise<Endpoint> {
  const socket = createSocket(type);
  const received: Array<{ msg: Buffer; from: RemoteInfo }> = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (msg, from) => {
    received.push({ msg, from });
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        try {
          socket.close(() => resolve());
        } catch {
          resolve(); // the test closed it already
        }
      }),
  );
  let consumed = 0;
  return {
    socket,
    port: socket.address().port,
    received,
    next: () =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no datagram within 2 s')), 2000);
        const take = (): void => {
          const item = received[consumed];
          if (item) {
            consumed++;
            clearTimeout(timer);
            resolve(item);
          } else waiters.push(take);
        };
        take();
      }),
  };
}

async function openTap(ingestPort: number, ingestHost = '127.0.0.1'): Promise<SrtTap> {
  const tap = await SrtTap.open({ ingestHost, ingestPort });
  cleanups.push(() => tap.close());
  return tap;
}

/** Polls `predicate` every 5 ms for up to 2 s. */
async function until(predicate: () => boolean): Promise<void> {
  for (let waitedMs = 0; !predicate(); waitedMs += 5) {
    if (waitedMs > 2000) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function send(from: Socket, msg: Buffer, port: number, address = '127.0.0.1'): void {
  from.send(msg, port, address);
}

describe('SrtTap relay', () => {
  it('forwards every datagram unchanged in both directions, parseable or not, and replies to the sender', async () => {
    const ingest = await endpoint();
    const sender = await endpoint();
    const tap = await openTap(ingest.port);
    const upstream = [vector('induction_caller'), Buffer.from('not srt at all'), Buffer.alloc(0), vector('data_first')];
    for (const msg of upstream) {
      send(sender.socket, msg, tap.port);
      const got = await ingest.next();
      expect(got.msg.equals(msg)).toBe(true);
    }
    const downstream = [vector('induction_listener'), Buffer.from([0xff, 0xff, 0xff]), vector('ack_full')];
    const ingestSidePort = ingest.received[0]!.from.port;
    for (const msg of downstream) {
      send(ingest.socket, msg, ingestSidePort);
      const got = await sender.next();
      expect(got.msg.equals(msg)).toBe(true);
      expect(got.from.port).toBe(tap.port);
    }
    expect(tap.snapshot().malformedPkts).toBe(3);
    expect(tap.relayCounters()).toMatchObject({ datagramsToIngest: 4, datagramsToSender: 3, foreignDatagrams: 0 });
  });

  it('binds to the first sender that sends an INDUCTION: another local socket is not heard, even with an INDUCTION', async () => {
    const ingest = await endpoint();
    const first = await endpoint();
    const intruder = await endpoint();
    const tap = await openTap(ingest.port);
    send(intruder.socket, vector('data_first'), tap.port); // before any INDUCTION: binds nothing, goes nowhere
    await until(() => tap.relayCounters().foreignDatagrams === 1);
    send(first.socket, vector('induction_caller'), tap.port);
    expect((await ingest.next()).msg.equals(vector('induction_caller'))).toBe(true);
    // A second local socket starting its own handshake, as a hijacker would.
    send(intruder.socket, handshake({ type: HS_INDUCTION, version: 4, socketId: 777 }), tap.port);
    send(intruder.socket, vector('data_first'), tap.port);
    send(first.socket, vector('keepalive_caller'), tap.port);
    expect((await ingest.next()).msg.equals(vector('keepalive_caller'))).toBe(true); // the sender's, not the intruder's
    send(ingest.socket, vector('keepalive_listener'), ingest.received[0]!.from.port);
    expect((await first.next()).msg.equals(vector('keepalive_listener'))).toBe(true); // replies still go to the sender
    expect(ingest.received).toHaveLength(2);
    expect(intruder.received).toHaveLength(0);
    expect(tap.relayCounters()).toMatchObject({ datagramsToIngest: 2, datagramsToSender: 1 });
  });

  it('with a sender check, an INDUCTION from another local socket that races the sender binds nothing; the sender\'s is held during the check and forwarded', async () => {
    const ingest = await endpoint();
    const sender = await endpoint();
    const intruder = await endpoint();
    const tap = await openTap(ingest.port);
    const senderPort = sender.socket.address().port;
    const checked: number[] = [];
    tap.expectSender(async (port) => {
      checked.push(port);
      return port === senderPort;
    });
    // The intruder read the tap's port from the sender's command line and sends first.
    send(intruder.socket, vector('induction_caller'), tap.port);
    await until(() => tap.relayCounters().foreignDatagrams === 1);
    send(sender.socket, vector('induction_caller'), tap.port);
    expect((await ingest.next()).msg.equals(vector('induction_caller'))).toBe(true);
    send(ingest.socket, vector('keepalive_listener'), ingest.received[0]!.from.port);
    expect((await sender.next()).msg.equals(vector('keepalive_listener'))).toBe(true);
    expect(checked).toEqual([intruder.socket.address().port, senderPort]);
    expect(ingest.received).toHaveLength(1);
    expect(intruder.received).toHaveLength(0);
  });

  it('emits state changes with reasons and keeps the stream id seen in the handshake', async () => {
    const ingest = await endpoint();
    const sender = await endpoint();
    const tap = await openTap(ingest.port);
    const changes: TapStateChange[] = [];
    tap.on('state', (c) => changes.push(c));
    send(sender.socket, handshake({ type: HS_INDUCTION, version: 4 }), tap.port);
    await ingest.next();
    const sid = extension(5, sidContents('123#08cd54f0'));
    send(sender.socket, handshake({ type: HS_CONCLUSION, extField: 5, extensions: sid }), tap.port);
    await ingest.next();
    send(ingest.socket, handshake({ type: HS_CONCLUSION, extField: 1, socketId: 5 }), ingest.received[0]!.from.port);
    await sender.next();
    send(sender.socket, data(1000), tap.port);
    await ingest.next();
    expect(changes.map((c) => c.to)).toEqual(['handshaking', 'connected']);
    expect(tap.snapshot()).toMatchObject({ state: 'connected', streamIdSeen: '123#08cd54f0', pktsSent: 1, bytesSent: 1332 });
  });

  it('resolves a host name once and relays over IPv6 too', async () => {
    const ingest4 = await endpoint();
    const tap4 = await openTap(ingest4.port, 'localhost');
    expect(tap4.ingest).toMatchObject({ family: 4, address: '127.0.0.1' });
    const ingest6 = await endpoint('udp6', '::1');
    const sender = await endpoint();
    const tap6 = await openTap(ingest6.port, '::1');
    expect(tap6.ingest.family).toBe(6);
    send(sender.socket, vector('induction_caller'), tap6.port);
    expect((await ingest6.next()).msg.equals(vector('induction_caller'))).toBe(true);
  });

  it('keeps running and reports ioError when the ingest port is closed (ICMP port unreachable)', async () => {
    const gone = await endpoint();
    const deadPort = gone.port;
    await new Promise<void>((resolve) => gone.socket.close(() => resolve()));
    const sender = await endpoint();
    const tap = await openTap(deadPort);
    const errors: string[] = [];
    tap.on('ioError', (e) => errors.push((e as NodeJS.ErrnoException).code ?? e.message));
    for (let i = 0; i < 3; i++) {
      send(sender.socket, vector('induction_caller'), tap.port);
      await until(() => tap.relayCounters().datagramsToIngest === i + 1);
    }
    await until(() => errors.length > 0);
    expect(errors[0]).toBe('ECONNREFUSED');
    expect(tap.relayCounters().ioErrors).toBeGreaterThan(0);
    expect(tap.state).toBe('handshaking');
  });

  it('counts, without an ioError event, the refusals from an exited sender’s port (its exit is reported elsewhere)', async () => {
    const ingest = await endpoint();
    const sender = await endpoint();
    const tap = await openTap(ingest.port);
    const errors: Error[] = [];
    tap.on('ioError', (e) => errors.push(e));
    send(sender.socket, vector('induction_caller'), tap.port);
    await ingest.next();
    await new Promise<void>((resolve) => sender.socket.close(() => resolve())); // ffmpeg exited
    const ingestSidePort = ingest.received[0]!.from.port;
    // The connected front socket hears ICMP port-unreachable for the dead sender: ECONNREFUSED on a later operation.
    for (let i = 0; tap.relayCounters().ioErrors === 0; i++) {
      if (i > 100) throw new Error('no ECONNREFUSED after 100 replies');
      send(ingest.socket, vector('keepalive_listener'), ingestSidePort);
      await until(() => tap.relayCounters().datagramsToSender === i + 1);
    }
    expect(errors).toEqual([]);
  });

  it('fails with an AppError naming the host when it does not resolve', async () => {
    const err = await SrtTap.open({ ingestHost: 'no-such-ingest.invalid', ingestPort: 5001 }).catch((e: unknown) => e);
    expect(isAppError(err)).toBe(true);
    expect(err).toMatchObject({ kind: 'unreachable', code: 'ingest_dns_failed' });
    expect((err as Error).message).toContain('no-such-ingest.invalid');
  });

  it('releases its port on close (twice is fine)', async () => {
    const ingest = await endpoint();
    const tap = await SrtTap.open({ ingestHost: '127.0.0.1', ingestPort: ingest.port });
    const port = tap.port;
    await tap.close();
    await tap.close();
    const again = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.bind(port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => again.close(() => resolve()));
  });
});
