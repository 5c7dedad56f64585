// Stream records of the fake Gcore API: documented defaults, generated push URLs, and the write-field rules it enforces.
// Written independently of src/main/gcore/streamSchema.ts so a schema bug in the client is not mirrored here.

import { randomBytes } from 'node:crypto';

/** A stream as the fake stores and returns it (a subset of Gcore's fields plus a few the client does not know). */
export type FakeStream = {
  id: number;
  name: string;
  active: boolean;
  pull: boolean;
  uri: string | null;
  live: boolean;
  backup_live: boolean;
  token: string;
  push_url: string;
  backup_push_url: string;
  push_url_srt: string;
  backup_push_url_srt: string;
  push_url_whip: string;
  srt_passphrase: string | null;
  stream_source_type: string | null;
  active_ingest_region_primary: string | null;
  active_ingest_region_backup: string | null;
  started_at_primary: string | null;
  started_at_backup: string | null;
  finished_at_primary: string | null;
  created_at: string;
  hls_cmaf_url: string;
  hls_mpegts_url: string;
  dash_url: string;
  iframe_url: string;
} & Record<string, unknown>;

const CLIENT_ID = 561041;

function newKey(): string {
  return randomBytes(4).toString('hex'); // Gcore's keys look like 08cd54f0
}

/**
 * `reset_push_token`: a new key in `token` and in every push URL that carried the old one. The old key is dead at once.
 * Returns the new key.
 */
export function rotateKey(stream: FakeStream): string {
  const old = stream.token;
  const key = newKey();
  stream.token = key;
  for (const field of ['push_url', 'backup_push_url', 'push_url_srt', 'backup_push_url_srt'] as const) {
    stream[field] = stream[field].split(old).join(key);
  }
  return key;
}

/** A new stream with the spec's create defaults (`active: false`) and push URLs on 127.0.0.1 with a random key. */
export function newStream(id: number, ports: { primaryPort: number; backupPort: number }): FakeStream {
  const key = newKey();
  const slug = `${CLIENT_ID}_${id}`;
  return {
    id,
    name: '',
    active: false,
    pull: false,
    uri: null,
    live: false,
    backup_live: false,
    token: key,
    push_url: `rtmp://127.0.0.1:1935/in/${id}?${key}`,
    backup_push_url: `rtmp://127.0.0.1:1936/in/${id}b?${key}`,
    push_url_srt: `srt://127.0.0.1:${ports.primaryPort}?streamid=${id}#${key}`,
    backup_push_url_srt: `srt://127.0.0.1:${ports.backupPort}?streamid=${id}b#${key}`,
    push_url_whip: `https://whip.gvideo.co/${slug}/whip`,
    srt_passphrase: null,
    stream_source_type: null,
    active_ingest_region_primary: null,
    active_ingest_region_backup: null,
    started_at_primary: null,
    started_at_backup: null,
    finished_at_primary: null,
    created_at: new Date().toISOString(),
    hls_cmaf_url: `https://demo-public.gvideo.io/cmaf/${slug}/master.m3u8`,
    hls_mpegts_url: `https://demo-public.gvideo.io/mpegts/${slug}/master_mpegts.m3u8`,
    dash_url: `https://demo-public.gvideo.io/cmaf/${slug}/index.mpd`,
    iframe_url: `https://player.gvideo.co/streams/${slug}`,
    screenshot: null,
    transcoding_speed: null,
    frame_rate: null,
    video_width: null,
    video_height: null,
    auto_record: false,
    record_type: 'origin',
    dvr_enabled: false,
    dvr_duration: 3600,
    broadcast_ids: [],
    hls_mpegts_endlist_tag: true,
    html_overlay: false,
    html_overlays: [],
    projection: 'regular',
    // Fields the client's schema does not list: new ones appear often and must be tolerated.
    client_id: CLIENT_ID,
    multi_region_push_urls: false,
  };
}

type Rule = (value: unknown) => string | null;

const bool: Rule = (v) => (typeof v === 'boolean' ? null : 'must be true or false');
const intOrNull: Rule = (v) => (v === null || Number.isInteger(v) ? null : 'must be an integer');
const oneOf =
  (...allowed: string[]): Rule =>
  (v) =>
    typeof v === 'string' && allowed.includes(v) ? null : `must be one of ${allowed.join(', ')}`;

/** The writable fields of `createStream` and the checks the spec states for them. */
const WRITABLE: Record<string, Rule> = {
  name: (v) => (typeof v === 'string' && v.trim() !== '' ? null : "can't be blank"),
  active: bool,
  pull: bool,
  uri: (v) => (v === null || typeof v === 'string' ? null : 'must be a string'),
  srt_passphrase: (v) =>
    v === null || (typeof v === 'string' && /^[!-~]{10,80}$/.test(v)) ? null : 'must be 10 to 80 printable ASCII characters without spaces',
  auto_record: bool,
  record_type: oneOf('origin', 'transcoded'),
  hls_mpegts_endlist_tag: bool,
  dvr_enabled: bool,
  dvr_duration: (v) => (Number.isInteger(v) && (v as number) >= 30 && (v as number) <= 14_400 ? null : 'must be between 30 and 14400'),
  cdn_id: intOrNull,
  client_user_id: intOrNull,
  client_entity_data: (v) => (v === null || (typeof v === 'string' && v.length <= 4096) ? null : 'is too long (maximum is 4096 characters)'),
  html_overlay: bool,
  quality_set_id: intOrNull,
  broadcast_ids: (v) => (Array.isArray(v) && v.every((x) => Number.isInteger(x)) ? null : 'must be a list of integers'),
  projection: oneOf('regular', 'vr360', 'vr180', 'vr360tb'),
};

/**
 * Rails-style `{field: [messages]}` for a create/update body, or null when valid. Stricter than Gcore may be on
 * purpose: a read-only or unknown key is refused, so a client that sends `live` or a misspelt field is caught in tests.
 */
export function checkWrite(fields: Record<string, unknown>, options: { requireName: boolean }): Record<string, string[]> | null {
  const errors: Record<string, string[]> = {};
  if (options.requireName && !('name' in fields)) errors.name = ["can't be blank"];
  for (const [key, value] of Object.entries(fields)) {
    const rule = WRITABLE[key];
    const problem = rule ? rule(value) : 'is not a writable field';
    if (problem) errors[key] = [problem];
  }
  return Object.keys(errors).length > 0 ? errors : null;
}

/** Applies already-checked fields. */
export function applyWrite(stream: FakeStream, fields: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(fields)) {
    stream[key] = key === 'name' && typeof value === 'string' ? value.trim() : value;
  }
  // Gcore drops the ingest when a stream is switched off or changes ingest type.
  if (stream.active === false || stream.pull) stream.backup_live = false;
  if (stream.active === false) stream.live = false;
}
