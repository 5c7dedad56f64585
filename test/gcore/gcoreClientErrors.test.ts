// GcoreClient failure handling over real HTTP: status codes, retries with Retry-After, malformed bodies, timeouts,
// unreachable hosts, and the token never showing up in an error.

import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GcoreApiError } from '../../src/main/gcore/gcoreErrors';
import type { RetryEvent } from '../../src/main/gcore/gcoreClient';
import { FakeGcoreApi } from '../support/fakeGcoreApi';
import { TEST_TOKEN, clientFor, expectNoToken, failureOf } from './clientHarness';

let api: FakeGcoreApi;

beforeEach(async () => {
  api = await FakeGcoreApi.start({ token: TEST_TOKEN });
});

afterEach(async () => {
  await api.close();
});

/** A port on 127.0.0.1 with nothing listening: bind, read the port, close. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('HTTP error statuses', () => {
  it('401: token_rejected with the documented sentence, not retried, token nowhere', async () => {
    const { client, sleeps } = clientFor(api, { token: `${TEST_TOKEN}-wrong` });
    const err = await failureOf(client.listStreams());
    expect(err).toBeInstanceOf(GcoreApiError);
    expect(err).toMatchObject({ kind: 'api', code: 'token_rejected', status: 401 });
    expect(err.message).toBe('The Gcore API rejected the API token; set a new one with `srt-companion token set`.');
    expect(err.serverMessage).toBe('Token is invalid or expired');
    expect(api.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expectNoToken(err, `${TEST_TOKEN}-wrong`);
  });

  it('401 from verifyToken, and a server echo of part of the token is scrubbed', async () => {
    api.failNext(1, 401, { body: { exception_class: 'NotAuthenticated', message: `Bad permanent token: ${TEST_TOKEN.slice(0, 20)}` } });
    const { client } = clientFor(api);
    const err = await failureOf(client.verifyToken());
    expect(err.code).toBe('token_rejected');
    expect(err.serverMessage).toBe('Bad permanent token: ****');
    expectNoToken(err, TEST_TOKEN);
  });

  it('403: forbidden, says the token lacks the Streaming role', async () => {
    api.failNext(1, 403, { body: { error: 'You do not have permission to perform this action.' } });
    const { client } = clientFor(api);
    const err = await failureOf(client.getStream(api.addStream({ name: 'x' }).id));
    expect(err).toMatchObject({ code: 'forbidden', status: 403 });
    expect(err.message).toContain('Streaming role');
    expect(err.message).toContain('You do not have permission to perform this action');
    expectNoToken(err, TEST_TOKEN);
  });

  it('404: "Stream N not found" for an unknown id, not retried', async () => {
    const { client, sleeps } = clientFor(api);
    const err = await failureOf(client.getStream(9999));
    expect(err).toMatchObject({ code: 'not_found', status: 404, serverMessage: 'Stream not found' });
    expect(err.message).toBe('Stream 9999 not found in this Gcore account.');
    expect(sleeps).toEqual([]);
  });

  it('422: validation with the field messages from {errors:{field:[msg]}}', async () => {
    const { client } = clientFor(api);
    const err = await failureOf(client.createStream({ name: '   ' }));
    expect(err).toMatchObject({ code: 'validation', status: 422 });
    expect(err.message).toBe("Gcore refused the stream settings: name can't be blank.");
    expect(err.fieldErrors).toEqual({ name: ["can't be blank"] });
    expect(api.streams.size).toBe(0);
  });

  it('422 on PATCH lists every bad field', async () => {
    const id = api.addStream({ name: 'p' }).id;
    const { client } = clientFor(api);
    const err = await failureOf(client.updateStream(id, { srt_passphrase: 'short', dvr_duration: 5 }));
    expect(err.code).toBe('validation');
    expect(err.message).toContain('srt_passphrase must be 10 to 80 printable ASCII characters');
    expect(err.message).toContain('dvr_duration must be between 30 and 14400');
  });

  it('other 4xx: request_rejected with the server text, not retried', async () => {
    api.failNext(1, 409, { body: { detail: 'Conflict with a running operation' } });
    const { client, sleeps } = clientFor(api);
    const err = await failureOf(client.listStreams());
    expect(err.code).toBe('request_rejected');
    expect(err.message).toBe('The Gcore API refused GET /streaming/streams?page=1 with HTTP 409 (Gcore said: Conflict with a running operation).');
    expect(sleeps).toEqual([]);
  });

  it('a redirect is not followed (it could carry the token elsewhere)', async () => {
    api.failNext(1, 301, { body: '' });
    const { client } = clientFor(api);
    const err = await failureOf(client.listStreams());
    expect(err.code).toBe('request_rejected');
    expect(err.message).toContain('redirected');
    expect(api.requests).toHaveLength(1);
  });
});

describe('retries', () => {
  it('429 with Retry-After in seconds waits exactly that long, then succeeds', async () => {
    api.failNext(1, 429, { retryAfter: 7 });
    const events: RetryEvent[] = [];
    const { client, sleeps } = clientFor(api, { onRetry: (e) => events.push(e) });
    await expect(client.listStreams()).resolves.toEqual([]);
    expect(sleeps).toEqual([7000]);
    expect(events).toEqual([{ endpoint: 'GET /streaming/streams?page=1', attempt: 1, delayMs: 7000, reason: 'HTTP 429' }]);
    expect(api.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('429 with Retry-After as an HTTP date waits until that date (injected clock)', async () => {
    const nowMs = Date.UTC(2026, 0, 15, 12, 0, 0);
    api.failNext(1, 429, { retryAfter: new Date(nowMs + 12_000).toUTCString() });
    const { client, sleeps } = clientFor(api, { now: () => nowMs });
    await client.listStreams();
    expect(sleeps).toEqual([12_000]);
  });

  it('Retry-After-Ms is honoured and preferred', async () => {
    api.failNext(1, 503, { retryAfterMs: 1500, retryAfter: 9 });
    const { client, sleeps } = clientFor(api);
    await client.listStreams();
    expect(sleeps).toEqual([1500]);
  });

  it('a Retry-After longer than the cap ends the retries with the wait in the message', async () => {
    api.failNext(1, 429, { retryAfter: 3600 });
    const { client, sleeps } = clientFor(api);
    const err = await failureOf(client.listStreams());
    expect(err.code).toBe('rate_limited');
    expect(err.message).toContain('asks to wait 3600 s');
    expect(sleeps).toEqual([]);
    expect(api.requests).toHaveLength(1);
  });

  it('429 exhausted: maxRetries + 1 requests with exponential backoff, then rate_limited', async () => {
    api.failNext(10, 429);
    const { client, sleeps } = clientFor(api);
    const err = await failureOf(client.listStreams());
    expect(err).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(err.message).toContain('after 4 attempts');
    expect(sleeps).toEqual([500, 1000, 2000]); // random() = 0 → no jitter
    expect(api.requests).toHaveLength(4);
  });

  it('jitter shortens each step by up to 25 %', async () => {
    api.failNext(2, 500);
    const { client, sleeps } = clientFor(api, { random: () => 0.999 });
    await client.listStreams();
    expect(sleeps).toEqual([375, 750]);
  });

  it('500 then success on GET', async () => {
    api.failNext(2, 500);
    const { client, sleeps } = clientFor(api);
    api.addStream({ name: 'after outage' });
    const streams = await client.listStreams();
    expect(streams.map((s) => s.name)).toEqual(['after outage']);
    expect(sleeps).toEqual([500, 1000]);
  });

  it('500 exhausted: server_error naming the status and attempts', async () => {
    api.failNext(10, 500, { body: { error: 'Queue limit reached (100), try later.' } });
    const { client } = clientFor(api, { maxRetries: 2 });
    const err = await failureOf(client.getStream(api.addStream({ name: 'x' }).id));
    expect(err).toMatchObject({ code: 'server_error', status: 500 });
    expect(err.message).toMatch(/HTTP 500 on GET \/streaming\/streams\/\d+ after 3 attempts \(Gcore said: Queue limit reached \(100\), try later\)/);
    expect(api.requests).toHaveLength(3);
  });

  it('PATCH is retried on 5xx (it sets absolute values)', async () => {
    const id = api.addStream({ name: 'p' }).id;
    api.failNext(1, 502);
    const { client } = clientFor(api);
    const updated = await client.updateStream(id, { active: true });
    expect(updated.active).toBe(true);
    expect(api.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['PATCH 502', 'PATCH 200']);
  });

  it('POST is not retried on 5xx and warns that the stream may exist', async () => {
    api.failNext(1, 500);
    const { client, sleeps } = clientFor(api);
    const err = await failureOf(client.createStream({ name: 'once' }));
    expect(err.code).toBe('server_error');
    expect(err.message).toContain('may have been created anyway');
    expect(sleeps).toEqual([]);
    expect(api.requests).toHaveLength(1);
  });

  it('POST is retried on 429 (refused before processing) and creates exactly one stream', async () => {
    api.failNext(1, 429, { retryAfter: 2 });
    const { client, sleeps } = clientFor(api);
    await client.createStream({ name: 'rate limited' });
    expect(sleeps).toEqual([2000]);
    expect(api.streams.size).toBe(1);
  });
});

describe('bad bodies, timeouts and unreachable hosts', () => {
  it('invalid JSON in a 200 is malformed_response naming the endpoint', async () => {
    const id = api.addStream({ name: 'x' }).id;
    api.malformedNext('invalid-json');
    const { client, sleeps } = clientFor(api);
    const err = await failureOf(client.getStream(id));
    expect(err).toMatchObject({ code: 'malformed_response', status: 200 });
    expect(err.message).toContain(`GET /streaming/streams/${id}`);
    expect(err.message).toContain('not valid JSON');
    expect(sleeps).toEqual([]);
  });

  it('a list body that is not an array is malformed_response', async () => {
    api.malformedNext('wrong-shape');
    const { client } = clientFor(api);
    const err = await failureOf(client.listStreams());
    expect(err.code).toBe('malformed_response');
    expect(err.message).toContain('GET /streaming/streams?page=1');
    expect(err.message).toContain('expected array');
  });

  it('a stream without a numeric id is malformed_response', async () => {
    const id = api.addStream({ name: 'x' }).id;
    api.malformedNext('wrong-shape');
    const { client } = clientFor(api);
    const err = await failureOf(client.getStream(id));
    expect(err.code).toBe('malformed_response');
    expect(err.message).toContain('body.id');
  });

  it('an answer slower than timeoutMs is a timeout after the retries', async () => {
    api.delayNext(2000, 5);
    const { client, sleeps } = clientFor(api, { timeoutMs: 200, maxRetries: 1 });
    const err = await failureOf(client.listStreams());
    expect(err).toMatchObject({ code: 'timeout', status: null });
    expect(err.message).toBe(
      `The Gcore API at 127.0.0.1:${api.port} did not answer GET /streaming/streams?page=1 within 200 ms after 2 attempts; check the network connection or try again later.`,
    );
    expect(sleeps).toEqual([500]);
    expect(api.requests).toHaveLength(2);
  });

  it('one slow answer is absorbed by a retry', async () => {
    api.delayNext(2000);
    const { client } = clientFor(api, { timeoutMs: 200 });
    await expect(client.listStreams()).resolves.toEqual([]);
    expect(api.requests).toHaveLength(2);
  });

  it('a POST that times out is not retried: the server may still create the stream', async () => {
    api.delayNext(400);
    const { client } = clientFor(api, { timeoutMs: 100 });
    const err = await failureOf(client.createStream({ name: 'slow create' }));
    expect(err.code).toBe('timeout');
    expect(err.message).toContain('may have been created anyway');
    // The fake finishes the request after the client gave up, which is exactly why the client must not resend it.
    await vi.waitFor(() => expect(api.streams.size).toBe(1), { timeout: 5000 });
    expect(api.requests).toHaveLength(1);
  });

  it('a closed port is network_unreachable naming the host, retried for GET', async () => {
    const port = await closedPort();
    const events: RetryEvent[] = [];
    const { client, sleeps } = clientFor(api, { baseUrl: `http://127.0.0.1:${port}`, onRetry: (e) => events.push(e) });
    const err = await failureOf(client.listStreams());
    expect(err).toMatchObject({ code: 'network_unreachable', status: null });
    expect(err.message).toBe(
      `Cannot reach the Gcore API at 127.0.0.1:${port} (connection refused after 4 attempts); check the network connection and the API URL setting.`,
    );
    expect(sleeps).toEqual([500, 1000, 2000]);
    expect(events.every((e) => e.reason === 'network error')).toBe(true);
    expectNoToken(err, TEST_TOKEN);
  });

  it('a refused connection is retried for POST too (nothing was sent)', async () => {
    const port = await closedPort();
    const { client, sleeps } = clientFor(api, { baseUrl: `http://127.0.0.1:${port}`, maxRetries: 1 });
    const err = await failureOf(client.createStream({ name: 'x' }));
    expect(err.code).toBe('network_unreachable');
    expect(err.message).not.toContain('may have been created');
    expect(sleeps).toEqual([500]);
  });
});

describe('the token never appears in errors', () => {
  it('across every failure kind', async () => {
    const { client } = clientFor(api, { timeoutMs: 200, maxRetries: 0 });
    const id = api.addStream({ name: 'x' }).id;
    const errors: unknown[] = [];
    const tokenEchoes = [{ error: `bad token ${TEST_TOKEN}` }, `plain text ${TEST_TOKEN}`, { errors: { token: [`${TEST_TOKEN} is wrong`] } }];
    for (const status of [400, 401, 403, 404, 422, 429, 500]) {
      for (const body of tokenEchoes) {
        api.failNext(1, status, { body });
        errors.push(await failureOf(client.getStream(id)));
      }
    }
    api.malformedNext('invalid-json');
    errors.push(await failureOf(client.getStream(id)));
    api.delayNext(1000);
    errors.push(await failureOf(client.getStream(id)));
    errors.push(await failureOf(clientFor(api, { token: 'another-secret-token-value', maxRetries: 0 }).client.getStream(id)));
    expect(errors).toHaveLength(7 * 3 + 3);
    for (const err of errors) {
      expect(err).toBeInstanceOf(GcoreApiError);
      expectNoToken(err, TEST_TOKEN);
      expectNoToken(err, 'another-secret-token-value');
    }
  });
});
