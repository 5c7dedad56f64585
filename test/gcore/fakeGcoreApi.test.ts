// The fake Gcore API's own contract, checked with raw fetch: auth bodies, wrapped PATCH, strict write fields, recording.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGcoreApi } from '../support/fakeGcoreApi';

let api: FakeGcoreApi;

beforeEach(async () => {
  api = await FakeGcoreApi.start({ pageSize: 2, srtPrimaryPort: 7001, srtBackupPort: 7002 });
});

afterEach(async () => {
  await api.close();
});

async function call(method: string, path: string, options: { auth?: string | null; body?: unknown; contentType?: string } = {}) {
  const headers: Record<string, string> = {};
  const auth = options.auth === undefined ? `APIKey ${api.token}` : options.auth;
  if (auth !== null) headers.Authorization = auth;
  if (options.body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('fake Gcore API', () => {
  it('answers 401 with Gcore-like bodies for a missing header, a wrong scheme and a wrong token', async () => {
    expect(await call('GET', '/streaming/streams', { auth: null })).toMatchObject({ status: 401, json: { detail: 'Authentication credentials were not provided.' } });
    expect(await call('GET', '/streaming/streams', { auth: `Bearer ${api.token}` })).toMatchObject({
      status: 401,
      json: { detail: 'Given token not valid for any token type' },
    });
    expect(await call('GET', '/streaming/streams', { auth: 'APIKey nope' })).toMatchObject({ status: 401, json: { detail: 'Token is invalid or expired' } });
    expect((await call('GET', '/streaming/streams', { auth: `apikey ${api.token}` })).status).toBe(200);
  });

  it('records requests with the Authorization value masked', async () => {
    await call('GET', '/streaming/streams?page=1');
    await call('GET', '/streaming/streams', { auth: 'garbage' });
    expect(api.requests.map((r) => r.headers.authorization)).toEqual(['APIKey ****', '****']);
    expect(JSON.stringify(api.requests)).not.toContain(api.token);
  });

  it('paginates a bare array by `page`, with [] past the end', async () => {
    const ids = ['a', 'b', 'c'].map((name) => api.addStream({ name }).id);
    expect((await call('GET', '/streaming/streams?page=1')).json).toMatchObject([{ id: ids[0] }, { id: ids[1] }]);
    expect((await call('GET', '/streaming/streams?page=2')).json).toMatchObject([{ id: ids[2] }]);
    expect((await call('GET', '/streaming/streams?page=3')).json).toEqual([]);
  });

  it('creates from a flat body (or the legacy wrapper) with generated SRT push URLs on the configured ports', async () => {
    const flat = await call('POST', '/streaming/streams', { body: { name: 'flat' } });
    expect(flat.status).toBe(200);
    const s = flat.json as { id: number; token: string; push_url_srt: string; backup_push_url_srt: string; active: boolean };
    expect(s.token).toMatch(/^[0-9a-f]{8}$/);
    expect(s.push_url_srt).toBe(`srt://127.0.0.1:7001?streamid=${s.id}#${s.token}`);
    expect(s.backup_push_url_srt).toBe(`srt://127.0.0.1:7002?streamid=${s.id}b#${s.token}`);
    expect(s.active).toBe(false);
    const wrapped = await call('POST', '/streaming/streams', { body: { stream: { name: 'wrapped', active: true } } });
    expect(wrapped.json).toMatchObject({ name: 'wrapped', active: true });
    expect(await call('POST', '/streaming/streams', { body: {} })).toMatchObject({ status: 422, json: { errors: { name: ["can't be blank"] } } });
  });

  it('requires the PATCH body to be wrapped, and refuses read-only or unknown fields', async () => {
    const id = api.addStream({ name: 'p' }).id;
    expect(await call('PATCH', `/streaming/streams/${id}`, { body: { active: true } })).toMatchObject({
      status: 400,
      json: { error: 'param is missing or the value is empty: stream' },
    });
    expect(await call('PATCH', `/streaming/streams/${id}`, { body: { stream: { live: true, colour: 'red' } } })).toMatchObject({
      status: 422,
      json: { errors: { live: ['is not a writable field'], colour: ['is not a writable field'] } },
    });
    expect(await call('PATCH', `/streaming/streams/${id}`, { body: { stream: { pull: true, uri: 'rtmp://a.example.com/l' } } })).toMatchObject({
      status: 200,
      json: { id, name: 'p', pull: true, uri: 'rtmp://a.example.com/l' },
    });
  });

  it('refuses a body that is not JSON', async () => {
    expect((await call('POST', '/streaming/streams', { body: 'name=x', contentType: 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await call('POST', '/streaming/streams', { body: '{oops' })).status).toBe(400);
  });

  it('404s unknown streams and paths, deletes with 204', async () => {
    const id = api.addStream({ name: 'd' }).id;
    expect(await call('GET', '/streaming/streams/424242')).toMatchObject({ status: 404, json: { error: 'Stream not found' } });
    expect((await call('GET', '/streaming/nothing')).status).toBe(404);
    expect((await call('DELETE', `/streaming/streams/${id}`)).status).toBe(204);
    expect((await call('GET', `/streaming/streams/${id}`)).status).toBe(404);
  });

  it('resets the push token: 200 with the new key, or 202 {message} while an ingest it cannot end is receiving', async () => {
    const s = api.addStream({ name: 'r', active: true });
    const oldKey = s.token;
    const ok = await call('POST', `/streaming/streams/${s.id}/reset_push_token`);
    expect(ok.status).toBe(200);
    const body = ok.json as { token: string; push_url_srt: string; backup_push_url_srt: string; push_url: string };
    expect(body.token).toMatch(/^[0-9a-f]{8}$/);
    expect(body.token).not.toBe(oldKey);
    expect(body.push_url_srt).toBe(`srt://127.0.0.1:7001?streamid=${s.id}#${body.token}`);
    expect(JSON.stringify(body)).not.toContain(oldKey);
    api.setLive(s.id, { live: true });
    api.resetCannotEndIngest = true;
    const accepted = await call('POST', `/streaming/streams/${s.id}/reset_push_token`);
    expect(accepted).toMatchObject({ status: 202, json: { message: expect.stringContaining('restart the encoder') } });
    expect(api.streams.get(s.id)).toMatchObject({ live: true });
    expect(api.streams.get(s.id)?.token).not.toBe(body.token);
    expect(await call('POST', '/streaming/streams/999/reset_push_token')).toMatchObject({ status: 404, json: { error: 'Stream not found' } });
    expect((await call('POST', `/streaming/streams/${s.id}/reset_push_token`, { auth: null })).status).toBe(401);
  });

  it('takes uri: null, or refuses it with 422 {errors} when told to (the spec types uri as a string)', async () => {
    const id = api.addStream({ name: 'p', pull: true, uri: 'rtmp://a.example.com/l' }).id;
    expect(await call('PATCH', `/streaming/streams/${id}`, { body: { stream: { pull: false, uri: null } } })).toMatchObject({ status: 200, json: { uri: null } });
    api.refuseNullUri = true;
    expect(await call('PATCH', `/streaming/streams/${id}`, { body: { stream: { pull: false, uri: null } } })).toMatchObject({
      status: 422,
      json: { errors: { uri: ['must be a string'] } },
    });
    expect(await call('PATCH', `/streaming/streams/${id}`, { body: { stream: { pull: false, uri: '' } } })).toMatchObject({ status: 200, json: { uri: '' } });
  });

  it('injects failures with Retry-After headers, in order, before authentication', async () => {
    api.failNext(2, 429, { retryAfter: 3, retryAfterMs: 3000 });
    const first = await call('GET', '/streaming/streams', { auth: null });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(first.headers.get('retry-after-ms')).toBe('3000');
    expect((await call('GET', '/streaming/streams')).status).toBe(429);
    expect((await call('GET', '/streaming/streams')).status).toBe(200);
  });

  it('setLive fills the live state and related fields', async () => {
    const id = api.addStream({ name: 'live', active: true }).id;
    api.setLive(id, { live: true });
    expect((await call('GET', `/streaming/streams/${id}`)).json).toMatchObject({ live: true, backup_live: false, stream_source_type: 'srt' });
    api.setLive(id, { live: false });
    expect((await call('GET', `/streaming/streams/${id}`)).json).toMatchObject({ live: false, stream_source_type: null });
    expect(() => api.setLive(9, { live: true })).toThrow('no stream 9');
  });
});
