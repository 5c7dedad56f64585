// The Gcore client reads response bodies with a byte cap: a real HTTP server on 127.0.0.1 streams 300 MB (generated
// lazily, one 64 KiB chunk reused), and the call is refused with one sentence while the process's RSS stays flat.

import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GcoreClient } from '../../src/main/gcore/gcoreClient';
import { TEST_TOKEN, failureOf } from './clientHarness';

const HUGE_BYTES = 300 * 1024 * 1024;
const CHUNK = Buffer.from('{"id":1,"name":"padding"},'.repeat(2521).slice(0, 64 * 1024));

/** How many bytes the server managed to hand to the socket before the client hung up. */
interface Sent {
  bytes: number;
  done: Promise<void>;
}

let server: Server | null = null;

afterEach(async () => {
  const s = server;
  server = null;
  if (s) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

/** Writes `total` bytes of a JSON-looking list, with backpressure, until done or the client goes away. */
function streamLazily(res: ServerResponse, total: number, sent: Sent): Promise<void> {
  return new Promise<void>((resolve) => {
    res.on('close', () => resolve());
    const pump = (): void => {
      while (sent.bytes < total && !res.destroyed) {
        const piece = total - sent.bytes >= CHUNK.length ? CHUNK : CHUNK.subarray(0, total - sent.bytes);
        sent.bytes += piece.length;
        if (!res.write(piece)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    pump();
  });
}

async function startHugeServer(options: { declareLength: boolean }): Promise<{ baseUrl: string; sent: Sent }> {
  const sent: Sent = { bytes: 0, done: Promise.resolve() };
  server = createServer((_req, res) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (options.declareLength) headers['Content-Length'] = String(HUGE_BYTES);
    res.writeHead(200, headers);
    sent.done = streamLazily(res, HUGE_BYTES, sent);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, sent };
}

/** Runs `action` while sampling RSS; returns the largest growth over the starting RSS, in bytes. */
async function peakRssGrowth(action: () => Promise<void>): Promise<number> {
  const startRss = process.memoryUsage.rss();
  let peakRss = startRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 10);
  try {
    await action();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peakRss, process.memoryUsage.rss()) - startRss;
}

describe('response body cap', () => {
  it('a 300 MB streamed (chunked) body is refused with response_too_large, and RSS stays flat', async () => {
    const { baseUrl, sent } = await startHugeServer({ declareLength: false });
    // A long timeout, so only the cap (not the clock) can stop the read.
    const client = new GcoreClient({ baseUrl, token: TEST_TOKEN, timeoutMs: 300_000, sleep: async () => undefined });
    let err: (Error & Record<string, unknown>) | null = null;
    const growth = await peakRssGrowth(async () => {
      err = await failureOf(client.listStreams());
    });
    expect(err).toMatchObject({ kind: 'api', code: 'response_too_large', status: 200 });
    expect((err as unknown as Error).message).toBe(
      `The Gcore API at ${new URL(baseUrl).host} sent more than 16 MB in answer to GET /streaming/streams?page=1, so the response was refused; check the API URL setting.`,
    );
    await sent.done;
    // The client hung up long before the end: the server could not push the whole body into the socket.
    expect(sent.bytes).toBeLessThan(HUGE_BYTES / 2);
    // The cap is 16 MiB; a full read would need 300 MB of buffers and as much again for the string.
    expect(growth).toBeLessThan(120 * 1024 * 1024);
  }, 180_000);

  it('a Content-Length above the cap is refused before the body is read', async () => {
    const { baseUrl, sent } = await startHugeServer({ declareLength: true });
    const client = new GcoreClient({ baseUrl, token: TEST_TOKEN, timeoutMs: 300_000, maxResponseBytes: 1024 * 1024 });
    const err = await failureOf(client.getStream(7));
    expect(err).toMatchObject({ code: 'response_too_large', status: 200 });
    expect(err.message).toContain('sent more than 1 MB in answer to GET /streaming/streams/7');
    await sent.done;
    expect(sent.bytes).toBeLessThan(HUGE_BYTES / 2);
  }, 180_000);

  it('a body just under the cap is read as usual', async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: 7, name: 'x'.repeat(900) }));
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new GcoreClient({ baseUrl: `http://127.0.0.1:${port}`, token: TEST_TOKEN, maxResponseBytes: 1024 });
    const stream = await client.getStream(7);
    expect(stream).toMatchObject({ id: 7, name: 'x'.repeat(900) });
  });
});
