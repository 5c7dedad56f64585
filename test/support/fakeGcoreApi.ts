// A local fake of Gcore's live-stream REST API on 127.0.0.1, following the documented shapes (gcore-api.md §2, §5),
// with failure injection (status, Retry-After, malformed bodies, delays) and a record of every request.

import { randomBytes } from 'node:crypto';
import { STATUS_CODES, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyWrite, checkWrite, newStream, rotateKey, type FakeStream } from './fakeGcoreStreams';
import { IngestLink, type LinkedIngest } from './fakeGcoreIngestLink';

export type { FakeStream } from './fakeGcoreStreams';

export interface FakeGcoreApiOptions {
  /** The accepted API token; a random one by default. */
  token?: string;
  /** Listening port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Streams per list page (the real size is undocumented). Default 3. */
  pageSize?: number;
  /** Ports put in generated SRT push URLs, so tests can point them at local SRT listeners. Default 5001 / 5002. */
  srtPrimaryPort?: number;
  srtBackupPort?: number;
  /** Called after each response, e.g. to log in the demo script. */
  onRequest?: (request: RecordedRequest) => void;
}

/** One request as received; the Authorization value is masked to its scheme word (`APIKey ****`). */
export interface RecordedRequest {
  method: string;
  /** Path with query, e.g. `/streaming/streams?page=2`. */
  path: string;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when none. */
  body: unknown;
  /** Status the fake answered. */
  status: number;
}

/** The Stream object's source metrics, set by Gcore only while it transcodes (gcore-api.md §2). */
export interface SourceMetrics {
  frame_rate: number;
  video_width: number;
  video_height: number;
  transcoding_speed: number;
}

export interface FailOptions {
  /** `Retry-After` value: seconds, or an HTTP date string. */
  retryAfter?: number | string;
  /** `Retry-After-Ms` value. */
  retryAfterMs?: number;
  /** Response body (object → JSON, string → as is). Default `{"error": "<status text>"}`. */
  body?: unknown;
}

type Fault = { kind: 'fail'; status: number; options: FailOptions } | { kind: 'malformed'; shape: 'invalid-json' | 'wrong-shape' };

const LIST_PATH = '/streaming/streams';
const ONE_PATH = /^\/streaming\/streams\/([^/]+)$/;
const RESET_PATH = /^\/streaming\/streams\/([^/]+)\/reset_push_token$/;

/** The 202 body of reset_push_token when the live ingest could not be ended (wording of the fake's own). */
export const RESET_INGEST_NOT_ENDED_MESSAGE = 'Push token was reset, but the active ingest could not be stopped; restart the encoder with the new token.';

export class FakeGcoreApi {
  readonly token: string;
  /** The store; tests may edit streams directly (e.g. live/backup_live). */
  readonly streams = new Map<number, FakeStream>();
  readonly requests: RecordedRequest[] = [];
  pageSize: number;
  /** When true, `page` is ignored and every list request returns page 1 (like an unpaginated API). */
  ignorePageParam = false;
  /**
   * When true, a PATCH with `uri: null` is refused with 422 `{errors: {uri: [...]}}`, as an API following the
   * specification's non-nullable `uri` string would; `uri: ""` is accepted. Default false: null clears the sources.
   */
  refuseNullUri = false;
  /**
   * When true, reset_push_token on a stream that is receiving answers 202 `{message}` and leaves the ingest running
   * (the platform could not end it); the key is reset all the same. Default false: 200, live flags cleared.
   */
  resetCannotEndIngest = false;
  srtPrimaryPort: number;
  srtBackupPort: number;
  /**
   * The source metrics Gcore reports while a stream is live (transcoding), as setLive and a linked ingest fill them in;
   * the tests' usual encode by default. Tests change them to make the platform see something else than what is sent.
   */
  sourceMetrics: SourceMetrics = { frame_rate: 30, video_width: 640, video_height: 360, transcoding_speed: 1 };
  private nextId = 101;
  private readonly faults: Fault[] = [];
  private readonly delaysMs: number[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly server = createServer((req, res) => void this.handle(req, res));
  private readonly onRequest: ((request: RecordedRequest) => void) | undefined;
  /** Streams with a model of the ingest behind them (linkIngest). */
  private readonly links = new Map<number, IngestLink>();
  /** Ingest side effects of the request being handled, awaited before it is answered. */
  private readonly sideEffects: Promise<void>[] = [];
  private portNumber = 0;

  private constructor(options: FakeGcoreApiOptions) {
    this.token = options.token ?? `fake_${randomBytes(16).toString('hex')}`;
    this.pageSize = options.pageSize ?? 3;
    this.srtPrimaryPort = options.srtPrimaryPort ?? 5001;
    this.srtBackupPort = options.srtBackupPort ?? 5002;
    this.onRequest = options.onRequest;
  }

  /** Starts a fake on 127.0.0.1. Always `close()` it (afterEach/afterAll). */
  static async start(options: FakeGcoreApiOptions = {}): Promise<FakeGcoreApi> {
    const api = new FakeGcoreApi(options);
    await new Promise<void>((resolve, reject) => {
      api.server.once('error', reject);
      api.server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    api.portNumber = (api.server.address() as AddressInfo).port;
    return api;
  }

  get port(): number {
    return this.portNumber;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.portNumber}`;
  }

  /** Creates a stream exactly as `POST /streaming/streams` would (fields are not validated here). */
  addStream(fields: { name: string } & Record<string, unknown>): FakeStream {
    const stream = newStream(this.nextId++, { primaryPort: this.srtPrimaryPort, backupPort: this.srtBackupPort });
    applyWrite(stream, fields);
    this.streams.set(stream.id, stream);
    return stream;
  }

  /**
   * Puts a model of Gcore's ingest behind stream `id` (create the stream with srtPrimaryPort/srtBackupPort set to the
   * model's ports): from now on its live/backup_live come from `ingest.liveState()`, reset_push_token makes the ingest
   * refuse the old key (and, with a 200, end the connections that used it), a passphrase change makes it require the
   * new one, and a disabled, pull or deleted stream is refused and its live connection dropped.
   */
  async linkIngest(id: number, ingest: LinkedIngest): Promise<void> {
    const stream = this.streams.get(id);
    if (!stream) throw new Error(`fake Gcore API: no stream ${id}`);
    this.links.set(id, await IngestLink.attach(stream, ingest));
  }

  /**
   * Sets what the ingest reports; also fills the related read-only fields as Gcore does while transcoding (region,
   * source type, `sourceMetrics`, a screenshot URL), and clears them when neither ingest receives.
   */
  setLive(id: number, state: { live?: boolean; backup_live?: boolean }): void {
    const stream = this.streams.get(id);
    if (!stream) throw new Error(`fake Gcore API: no stream ${id}`);
    const now = new Date().toISOString();
    if (state.live !== undefined) {
      if (state.live && !stream.live) stream.started_at_primary = now;
      if (!state.live && stream.live) stream.finished_at_primary = now;
      stream.live = state.live;
      stream.active_ingest_region_primary = state.live ? 'ed1' : null;
    }
    if (state.backup_live !== undefined) {
      if (state.backup_live && !stream.backup_live) stream.started_at_backup = now;
      stream.backup_live = state.backup_live;
      stream.active_ingest_region_backup = state.backup_live ? 'anx2' : null;
    }
    const transcoding = stream.live || stream.backup_live;
    stream.stream_source_type = transcoding ? 'srt' : null;
    // Source metrics and the screenshot exist only while the platform transcodes.
    for (const [key, value] of Object.entries(this.sourceMetrics)) stream[key] = transcoding ? value : null;
    stream.screenshot = transcoding ? `https://demo-public.gvideo.io/screenshots/${stream.id}.jpg` : null;
  }

  /** The next `count` requests get `status` before authentication, as an edge rate limiter or proxy would answer. */
  failNext(count: number, status: number, options: FailOptions = {}): void {
    for (let i = 0; i < count; i++) this.faults.push({ kind: 'fail', status, options });
  }

  /** The next `count` requests get a 200 whose body is invalid JSON, or valid JSON of the wrong shape. */
  malformedNext(shape: 'invalid-json' | 'wrong-shape' = 'invalid-json', count = 1): void {
    for (let i = 0; i < count; i++) this.faults.push({ kind: 'malformed', shape });
  }

  /** The next `count` requests wait `ms` before being handled (for client timeouts). */
  delayNext(ms: number, count = 1): void {
    for (let i = 0; i < count; i++) this.delaysMs.push(ms);
  }

  /** Stops listening, drops open connections (keep-alive and delayed ones) and pending delays. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => undefined); // the client may have given up (timeout) before we answer
    const record: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: maskHeaders(req), body: undefined, status: 0 };
    this.requests.push(record);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      if (!res.destroyed && !res.writableEnded) {
        const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
        const type = body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' };
        res.writeHead(status, { ...type, 'X-Request-Id': randomBytes(8).toString('hex'), ...headers }).end(text);
      }
      this.onRequest?.(record);
    };

    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      send(413, { error: 'Request body too large' });
      return;
    }
    const delayMs = this.delaysMs.shift();
    if (delayMs !== undefined) await this.wait(delayMs);

    const fault = this.faults.shift();
    if (fault?.kind === 'fail') {
      const headers: Record<string, string> = {};
      if (fault.options.retryAfter !== undefined) headers['Retry-After'] = String(fault.options.retryAfter);
      if (fault.options.retryAfterMs !== undefined) headers['Retry-After-Ms'] = String(fault.options.retryAfterMs);
      send(fault.status, fault.options.body ?? { error: STATUS_CODES[fault.status] ?? 'Error' }, headers);
      return;
    }
    const auth = this.checkAuth(req.headers.authorization);
    if (auth) {
      send(401, auth);
      return;
    }
    if (raw !== '') {
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
        send(415, { error: 'Content-Type must be application/json' });
        return;
      }
      try {
        record.body = JSON.parse(raw);
      } catch {
        send(400, { error: 'Invalid JSON in request body' });
        return;
      }
    }
    const [status, body] = this.route(record.method, record.path, record.body);
    await Promise.all(this.sideEffects.splice(0));
    if (fault?.kind === 'malformed') {
      const isList = record.path.split('?')[0] === LIST_PATH && record.method === 'GET';
      send(200, fault.shape === 'invalid-json' ? '{"id": 101, "name": "cut off' : isList ? { results: [], count: 0 } : { id: 'not-a-number', name: null });
      return;
    }
    send(status, body);
  }

  /** Gcore-like 401 bodies (gcore-api.md §5): missing header, wrong scheme word, unknown token. */
  private checkAuth(header: string | undefined): object | null {
    if (!header) return { detail: 'Authentication credentials were not provided.', code: 'not_authenticated' };
    const m = /^(\S+) (.+)$/.exec(header);
    if (!m || m[1]?.toLowerCase() !== 'apikey') return { detail: 'Given token not valid for any token type', code: 'token_not_valid' };
    if (m[2] !== this.token) return { detail: 'Token is invalid or expired', code: 'token_not_valid' };
    return null;
  }

  private route(method: string, pathWithQuery: string, body: unknown): [number, unknown] {
    const url = new URL(pathWithQuery, 'http://fake');
    if (url.pathname === LIST_PATH) {
      if (method === 'GET') return [200, this.page(url.searchParams.get('page')).map((s) => this.withLiveState(s))];
      if (method === 'POST') return this.create(body);
      return [405, { error: 'Method not allowed' }];
    }
    const reset = RESET_PATH.exec(url.pathname);
    if (reset) return method === 'POST' ? this.resetPushToken(reset[1]) : [405, { error: 'Method not allowed' }];
    const m = ONE_PATH.exec(url.pathname);
    if (!m) return [404, { error: 'Not found' }];
    const stream = /^\d+$/.test(m[1] ?? '') ? this.streams.get(Number(m[1])) : undefined;
    if (!stream) return [404, { error: 'Stream not found' }];
    if (method === 'GET') return [200, this.withLiveState(stream)];
    if (method === 'DELETE') {
      this.streams.delete(stream.id);
      this.links.get(stream.id)?.deleted();
      this.links.delete(stream.id);
      return [204, undefined];
    }
    if (method !== 'PATCH') return [405, { error: 'Method not allowed' }];
    // PATCH is wrapped (gcore-api.md §2); Rails' params.require(:stream) answers 400 otherwise.
    const inner = (body as { stream?: unknown } | undefined)?.stream;
    if (!inner || typeof inner !== 'object' || Array.isArray(inner)) {
      return [400, { error: 'param is missing or the value is empty: stream' }];
    }
    const errors = checkWrite(inner as Record<string, unknown>, { requireName: false });
    if (errors) return [422, { errors }];
    if (this.refuseNullUri && 'uri' in inner && (inner as { uri: unknown }).uri === null) return [422, { errors: { uri: ['must be a string'] } }];
    applyWrite(stream, inner as Record<string, unknown>);
    const link = this.links.get(stream.id);
    if (link) this.sideEffects.push(link.written(stream, inner as Record<string, unknown>));
    return [200, this.withLiveState(stream)];
  }

  /** POST …/reset_push_token (gcore-api.md §2, §3): 200 with the stream and its new key, or 202 `{message}`. */
  private resetPushToken(idText: string | undefined): [number, unknown] {
    const stream = /^\d+$/.test(idText ?? '') ? this.streams.get(Number(idText)) : undefined;
    if (!stream) return [404, { error: 'Stream not found' }];
    rotateKey(stream);
    this.withLiveState(stream);
    const receiving = stream.live || stream.backup_live;
    this.links.get(stream.id)?.keyReset(stream, !(receiving && this.resetCannotEndIngest));
    if (receiving && this.resetCannotEndIngest) return [202, { message: RESET_INGEST_NOT_ENDED_MESSAGE }];
    // The platform ends the primary and backup connections that used the old key.
    if (receiving) this.setLive(stream.id, { live: false, backup_live: false });
    return [200, stream];
  }

  /** A linked stream's live flags as the ingest model has them now. */
  private withLiveState(stream: FakeStream): FakeStream {
    const link = this.links.get(stream.id);
    if (link) this.setLive(stream.id, link.liveState());
    return stream;
  }

  private create(body: unknown): [number, unknown] {
    // Flat per the spec and SDKs; the old tutorial's `{stream: {...}}` wrapper is accepted too.
    const obj = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    const fields = obj.stream && typeof obj.stream === 'object' && Object.keys(obj).length === 1 ? (obj.stream as Record<string, unknown>) : obj;
    const errors = checkWrite(fields, { requireName: true });
    if (errors) return [422, { errors }];
    return [200, this.addStream(fields as { name: string })];
  }

  private page(pageParam: string | null): FakeStream[] {
    const requested = Number(pageParam ?? '1');
    const page = this.ignorePageParam || !Number.isInteger(requested) || requested < 1 ? 1 : requested;
    const all = [...this.streams.values()].sort((a, b) => a.id - b.id);
    return all.slice((page - 1) * this.pageSize, page * this.pageSize);
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

/** Starts a fake Gcore API on 127.0.0.1 (see FakeGcoreApi). */
export function startFakeGcoreApi(options: FakeGcoreApiOptions = {}): Promise<FakeGcoreApi> {
  return FakeGcoreApi.start(options);
}

function maskHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (name === 'authorization') {
      const space = text.indexOf(' ');
      out[name] = space > 0 ? `${text.slice(0, space)} ****` : '****';
    } else out[name] = text;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1_000_000) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
