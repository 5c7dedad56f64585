// Stream management through GcoreClient and streamActions against the fake Gcore API over real HTTP: enable/disable,
// key reset (200 and 202), SRT passphrase, pull off (uri null or the spec's ""), delete, and their errors.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/appError';
import { resetStreamKey, setStreamPassphrase, turnPullOff } from '../../src/main/gcore/streamActions';
import { FakeGcoreApi, RESET_INGEST_NOT_ENDED_MESSAGE } from '../support/fakeGcoreApi';
import { TEST_TOKEN, clientFor, expectNoToken, failureOf } from './clientHarness';

let api: FakeGcoreApi;

beforeEach(async () => {
  api = await FakeGcoreApi.start({ token: TEST_TOKEN });
});

afterEach(async () => {
  await api.close();
});

const PASSPHRASE = 'Correct-Horse-Battery-9';

describe('enable and disable', () => {
  it('PATCHes {stream:{active}} and returns the stream', async () => {
    const id = api.addStream({ name: 'Show' }).id;
    const { client } = clientFor(api);
    expect((await client.setActive(id, true)).active).toBe(true);
    expect(api.requests[0]).toMatchObject({ method: 'PATCH', path: `/streaming/streams/${id}`, body: { stream: { active: true } } });
    api.setLive(id, { live: true });
    const off = await client.setActive(id, false);
    expect(off).toMatchObject({ active: false, live: false });
  });

  it('401 and 404 are one sentence each', async () => {
    const id = api.addStream({ name: 'Show' }).id;
    const wrong = await failureOf(clientFor(api, { token: 'nope_0123456789' }).client.setActive(id, true));
    expect(wrong).toMatchObject({ code: 'token_rejected', status: 401 });
    const missing = await failureOf(clientFor(api).client.setActive(999, true));
    expect(missing).toMatchObject({ code: 'not_found', message: 'Stream 999 not found in this Gcore account.' });
  });
});

describe('reset the push key', () => {
  it('200: a new key in every push URL, the old one gone, the live ingest ended', async () => {
    const created = api.addStream({ name: 'Show', active: true });
    const oldKey = created.token;
    api.setLive(created.id, { live: true, backup_live: true });
    const { client } = clientFor(api);
    const outcome = await client.resetPushToken(created.id);
    expect(api.requests[0]).toMatchObject({ method: 'POST', path: `/streaming/streams/${created.id}/reset_push_token`, body: undefined });
    if (outcome.kind !== 'reset') throw new Error('expected a 200 reset');
    expect(outcome.stream.token).not.toBe(oldKey);
    expect(outcome.stream.push_url_srt).toBe(`srt://127.0.0.1:5001?streamid=${created.id}#${outcome.stream.token}`);
    expect(JSON.stringify(outcome.stream)).not.toContain(oldKey);
    expect(outcome.stream).toMatchObject({ live: false, backup_live: false });
  });

  it('202: says the ingest is still running, and the view reads the new URLs back, masked', async () => {
    const created = api.addStream({ name: 'Show', active: true });
    api.setLive(created.id, { live: true });
    api.resetCannotEndIngest = true;
    const { client } = clientFor(api);
    const reset = await resetStreamKey(client, created.id, { reveal: false });
    expect(reset).toEqual({
      stream: expect.objectContaining({ id: created.id, live: true, pushUrlSrt: `srt://127.0.0.1:5001?streamid=${created.id}#****` }),
      ingestStillRunning: true,
      platformMessage: RESET_INGEST_NOT_ENDED_MESSAGE,
    });
    expect(api.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 202', 'GET 200']);
    expect(JSON.stringify(reset)).not.toContain(api.streams.get(created.id)!.token);
    const revealed = await resetStreamKey(client, created.id, { reveal: true });
    expect(revealed.stream?.pushUrlSrt).toBe(api.streams.get(created.id)!.push_url_srt);
  });

  it('is not retried after a 5xx, and says the key may have been reset', async () => {
    const id = api.addStream({ name: 'Show' }).id;
    api.failNext(1, 503);
    const { client, sleeps } = clientFor(api);
    const err = await failureOf(client.resetPushToken(id));
    expect(err).toMatchObject({ code: 'server_error', status: 503 });
    expect(err.message).toContain(`The key may have been reset anyway: check with \`srt-companion streams show ${id}\``);
    expect(err.message).not.toContain('created');
    expect(sleeps).toEqual([]);
  });

  it('404 for an unknown stream, 401 for a wrong token', async () => {
    expect(await failureOf(clientFor(api).client.resetPushToken(4242))).toMatchObject({ code: 'not_found', message: 'Stream 4242 not found in this Gcore account.' });
    const err = await failureOf(clientFor(api, { token: `${TEST_TOKEN}x` }).client.resetPushToken(api.addStream({ name: 'x' }).id));
    expect(err).toMatchObject({ code: 'token_rejected' });
    expectNoToken(err, `${TEST_TOKEN}x`);
  });
});

describe('SRT passphrase', () => {
  it('sets and clears it', async () => {
    const id = api.addStream({ name: 'Show' }).id;
    const { client } = clientFor(api);
    await setStreamPassphrase(client, id, PASSPHRASE);
    expect(api.streams.get(id)?.srt_passphrase).toBe(PASSPHRASE);
    await setStreamPassphrase(client, id, null);
    expect(api.requests.at(-1)?.body).toEqual({ stream: { srt_passphrase: null } });
    expect(api.streams.get(id)?.srt_passphrase).toBeNull();
  });

  it.each([
    ['9 characters', 'abcdefghi', 'has 9 characters: it must have 10 to 79'],
    ['80 characters', 'x'.repeat(80), 'has 80 characters: it must have 10 to 79'],
    ['a space', 'has a space in it', 'only printable ASCII characters without spaces'],
  ])('refuses %s before calling the API, without echoing it', async (_what, value, message) => {
    const err = await failureOf(setStreamPassphrase(clientFor(api).client, 1, value));
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ kind: 'input', code: 'bad_passphrase' });
    expect(err.message).toContain(message);
    expect(err.message).not.toContain(value);
    expect(api.requests).toHaveLength(0);
  });

  it('422 with errors: the field is named and a passphrase echoed by the server is masked', async () => {
    const id = api.addStream({ name: 'Show' }).id;
    api.failNext(1, 422, { body: { errors: { srt_passphrase: [`"${PASSPHRASE}" is not allowed for this account`] } } });
    const err = await failureOf(setStreamPassphrase(clientFor(api).client, id, PASSPHRASE));
    expect(err).toMatchObject({ code: 'validation', status: 422 });
    expect(err.message).toBe('Gcore refused the stream settings: srt_passphrase "****" is not allowed for this account.');
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(PASSPHRASE);
  });
});

describe('pull off', () => {
  it('sends uri: null when the API takes it', async () => {
    const id = api.addStream({ name: 'P', pull: true, uri: 'rtmp://a.example.com/live/x', active: true }).id;
    const stream = await turnPullOff(clientFor(api).client, id);
    expect(stream).toMatchObject({ pull: false, uri: null, active: true });
    expect(api.requests.map((r) => r.body)).toEqual([{ stream: { pull: false, uri: null } }]);
  });

  it('retries once with uri: "" when the API refuses null with a 422', async () => {
    api.refuseNullUri = true;
    const id = api.addStream({ name: 'P', pull: true, uri: 'rtmp://a.example.com/live/x' }).id;
    const stream = await turnPullOff(clientFor(api).client, id);
    expect(stream).toMatchObject({ pull: false, uri: '' });
    expect(api.requests.map((r) => [r.status, r.body])).toEqual([
      [422, { stream: { pull: false, uri: null } }],
      [200, { stream: { pull: false, uri: '' } }],
    ]);
  });

  it('retries after a 400 too, but not after a 404 or 401', async () => {
    const id = api.addStream({ name: 'P', pull: true, uri: 'rtmp://a.example.com/live/x' }).id;
    api.failNext(1, 400, { body: { error: 'uri must be a string' } });
    expect((await turnPullOff(clientFor(api).client, id)).uri).toBe('');
    const before = api.requests.length;
    expect(await failureOf(turnPullOff(clientFor(api).client, 31337))).toMatchObject({ code: 'not_found' });
    expect(await failureOf(turnPullOff(clientFor(api, { token: 'nope_0123456789' }).client, id))).toMatchObject({ code: 'token_rejected' });
    expect(api.requests.length - before).toBe(2);
  });
});

describe('delete', () => {
  it('DELETEs with 204 and no body', async () => {
    const id = api.addStream({ name: 'Gone' }).id;
    await clientFor(api).client.deleteStream(id);
    expect(api.requests[0]).toMatchObject({ method: 'DELETE', path: `/streaming/streams/${id}`, status: 204 });
    expect(api.requests[0]?.headers.accept).toBe('*/*');
    expect(api.streams.has(id)).toBe(false);
  });

  it('404 at once is an error; a 404 on a retry (the first answer lost) means done', async () => {
    expect(await failureOf(clientFor(api).client.deleteStream(777))).toMatchObject({ code: 'not_found', message: 'Stream 777 not found in this Gcore account.' });
    const id = api.addStream({ name: 'Gone' }).id;
    api.streams.delete(id); // as if the first attempt deleted it and its answer was a 503
    api.failNext(1, 503);
    const { client, sleeps } = clientFor(api);
    await client.deleteStream(id);
    expect(sleeps).toHaveLength(1);
    expect(api.requests.slice(-2).map((r) => r.status)).toEqual([503, 404]);
  });
});
