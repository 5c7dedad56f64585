// GcoreClient against the fake Gcore API over real HTTP: every method, request shapes, pagination, schema tolerance.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/appError';
import { GcoreClient } from '../../src/main/gcore/gcoreClient';
import { GcoreApiError } from '../../src/main/gcore/gcoreErrors';
import { FakeGcoreApi } from '../support/fakeGcoreApi';
import { TEST_TOKEN, clientFor, failureOf } from './clientHarness';

let api: FakeGcoreApi;

beforeEach(async () => {
  api = await FakeGcoreApi.start({ token: TEST_TOKEN, srtPrimaryPort: 6001, srtBackupPort: 6002 });
});

afterEach(async () => {
  await api.close();
});

function addStreams(count: number): number[] {
  return Array.from({ length: count }, (_, i) => api.addStream({ name: `Stream ${i + 1}` }).id);
}

describe('GcoreClient requests', () => {
  it('sends Authorization: APIKey <token>, Accept and a JSON Content-Type only with a body', async () => {
    const { client } = clientFor(api);
    await client.createStream({ name: 'Headers' });
    await client.listStreams();
    const [post, get] = api.requests;
    expect(post?.headers.authorization).toBe('APIKey ****');
    expect(post?.headers.accept).toBe('application/json');
    expect(post?.headers['content-type']).toBe('application/json');
    expect(get?.headers.authorization).toBe('APIKey ****');
    expect(get?.headers['content-type']).toBeUndefined();
    // The fake accepted the token, so the raw header really was `APIKey <token>`.
    expect(api.requests.every((r) => r.status === 200)).toBe(true);
  });

  it('getStream returns the documented fields and keeps fields the schema does not know', async () => {
    const created = api.addStream({ name: 'Known', active: true });
    const { client } = clientFor(api);
    const stream = await client.getStream(created.id);
    expect(stream).toMatchObject({ id: created.id, name: 'Known', active: true, pull: false, live: false });
    expect(stream.push_url_srt).toBe(`srt://127.0.0.1:6001?streamid=${created.id}#${created.token}`);
    expect(stream.backup_push_url_srt).toBe(`srt://127.0.0.1:6002?streamid=${created.id}b#${created.token}`);
    expect(stream.client_id).toBe(561041); // not in the schema, passed through
    expect(api.requests[0]?.path).toBe(`/streaming/streams/${created.id}`);
  });

  it('createStream POSTs a flat body and returns the new stream with its push URLs', async () => {
    const { client } = clientFor(api);
    const stream = await client.createStream({ name: 'Evening show', active: true });
    expect(api.requests[0]).toMatchObject({ method: 'POST', path: '/streaming/streams', body: { name: 'Evening show', active: true } });
    expect(stream.name).toBe('Evening show');
    expect(stream.active).toBe(true);
    expect(stream.push_url_srt).toMatch(new RegExp(`^srt://127\\.0\\.0\\.1:6001\\?streamid=${stream.id}#[0-9a-f]{8}$`));
    expect(api.streams.get(stream.id)?.name).toBe('Evening show');
  });

  it('createStream without active leaves the API default (inactive)', async () => {
    const { client } = clientFor(api);
    const stream = await client.createStream({ name: 'Later' });
    expect(stream.active).toBe(false);
  });

  it('updateStream PATCHes a partial body wrapped in {stream: …} and returns the full stream', async () => {
    const created = api.addStream({ name: 'Patch me' });
    const { client } = clientFor(api);
    const updated = await client.updateStream(created.id, { srt_passphrase: 'correct-horse-battery', active: true });
    expect(api.requests[0]).toMatchObject({
      method: 'PATCH',
      path: `/streaming/streams/${created.id}`,
      body: { stream: { srt_passphrase: 'correct-horse-battery', active: true } },
    });
    expect(updated).toMatchObject({ id: created.id, name: 'Patch me', active: true, srt_passphrase: 'correct-horse-battery' });
    const cleared = await client.updateStream(created.id, { srt_passphrase: null });
    expect(cleared.srt_passphrase).toBeNull();
  });

  it('sees live/backup_live as the fake ingest reports them', async () => {
    const created = api.addStream({ name: 'On air', active: true });
    api.setLive(created.id, { live: true, backup_live: true });
    const { client } = clientFor(api);
    const stream = await client.getStream(created.id);
    expect(stream).toMatchObject({ live: true, backup_live: true, stream_source_type: 'srt', active_ingest_region_primary: 'ed1' });
  });

  it('verifyToken resolves for the right token and asks for page 1 of the stream list', async () => {
    const { client } = clientFor(api);
    await expect(client.verifyToken()).resolves.toBeUndefined();
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /streaming/streams?page=1']);
  });

  it('refuses a stream id that is not a positive integer before any request', async () => {
    const { client } = clientFor(api);
    for (const id of [0, -3, 1.5, Number.NaN]) {
      const err = await failureOf(client.getStream(id));
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ kind: 'input', code: 'bad_gcore_stream_id' });
    }
    const empty = await failureOf(client.updateStream(5, {}));
    expect(empty).toMatchObject({ kind: 'input', code: 'empty_patch' });
    expect(api.requests).toHaveLength(0);
  });
});

describe('GcoreClient construction', () => {
  it('refuses a token that cannot go in a header, without echoing it', () => {
    for (const token of ['', 'abc def', 'line\nbreak', 'tökén']) {
      let err: unknown;
      try {
        new GcoreClient({ baseUrl: api.baseUrl, token });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).kind).toBe('config');
      if (token) expect((err as AppError).message).not.toContain(token);
    }
  });

  it('refuses an invalid base URL as a config error', () => {
    expect(() => new GcoreClient({ baseUrl: 'not a url', token: 'x1234567' })).toThrow(AppError);
  });
});

describe('GcoreClient.listStreams pagination', () => {
  it('reads pages until an empty one and returns every stream once, in order', async () => {
    const ids = addStreams(7); // page size 3 → pages of 3, 3, 1, then []
    const { client } = clientFor(api);
    const streams = await client.listStreams();
    expect(streams.map((s) => s.id)).toEqual(ids);
    expect(api.requests.map((r) => r.path)).toEqual([1, 2, 3, 4].map((p) => `/streaming/streams?page=${p}`));
  });

  it('returns [] for an account without streams after one request', async () => {
    const { client } = clientFor(api);
    expect(await client.listStreams()).toEqual([]);
    expect(api.requests).toHaveLength(1);
  });

  it('stops when a page repeats the previous one (a server that ignores `page`)', async () => {
    const ids = addStreams(3);
    api.ignorePageParam = true;
    const { client } = clientFor(api);
    const streams = await client.listStreams();
    expect(streams.map((s) => s.id)).toEqual(ids);
    expect(api.requests.map((r) => r.path)).toEqual(['/streaming/streams?page=1', '/streaming/streams?page=2']);
  });

  it('throws too_many_pages when the list has not ended after 100 pages', async () => {
    addStreams(101);
    api.pageSize = 1;
    const { client } = clientFor(api);
    const err = await failureOf(client.listStreams());
    expect(err).toBeInstanceOf(GcoreApiError);
    expect(err.code).toBe('too_many_pages');
    expect(err.message).toContain('did not end after 100 pages');
    expect(api.requests).toHaveLength(100);
    expect(api.requests.at(-1)?.path).toBe('/streaming/streams?page=100');
  });
});

describe('GcoreClient response validation', () => {
  it('tolerates unknown fields and a changed type in a display-only field', async () => {
    const created = api.addStream({ name: 'Drift' });
    const stored = api.streams.get(created.id);
    if (!stored) throw new Error('stream missing');
    stored.frame_rate = '30 fps'; // informational field with a new type → read as absent
    stored.brand_new_field = { nested: [1, 2, 3] };
    const { client } = clientFor(api);
    const stream = await client.getStream(created.id);
    expect(stream.frame_rate).toBeUndefined();
    expect(stream.brand_new_field).toEqual({ nested: [1, 2, 3] });
  });

  it('treats a wrong type in a field the app acts on as a malformed response naming the endpoint and field', async () => {
    const created = api.addStream({ name: 'Bad live' });
    const stored = api.streams.get(created.id);
    if (!stored) throw new Error('stream missing');
    (stored as Record<string, unknown>).live = 'yes';
    const { client } = clientFor(api);
    const err = await failureOf(client.getStream(created.id));
    expect(err.code).toBe('malformed_response');
    expect(err.message).toContain(`GET /streaming/streams/${created.id}`);
    expect(err.message).toContain('body.live');
  });

  it('accepts null in every optional field', async () => {
    const created = api.addStream({ name: 'Nulls' });
    const stored = api.streams.get(created.id) as Record<string, unknown>;
    for (const key of Object.keys(stored)) if (key !== 'id' && key !== 'name') stored[key] = null;
    const { client } = clientFor(api);
    const stream = await client.getStream(created.id);
    expect(stream.push_url_srt).toBeNull();
    expect(stream.active).toBeNull();
  });
});
