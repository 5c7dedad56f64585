// Zod schemas for Gcore's live Stream object (GET/POST/PATCH responses) and for the writable fields (POST/PATCH bodies).
// Field list and types: /work/shared/gcore-api.md §2 (spec `stream`/`createStream`, Python SDK 0.53 `stream.py`).

import { z } from 'zod';
import { AppError } from '../appError';

/**
 * A field the app relies on: typed strictly, but absent or `null` is fine (gcore-api.md §2: "treat every field except
 * `name` as optional and possibly null"). A wrong type here is a malformed response, because acting on it would be wrong.
 */
function field<T extends z.ZodType>(type: T) {
  return type.nullish();
}

/**
 * An informational field the app only displays or ignores: if Gcore ever changes its type, it reads as absent
 * instead of failing the whole response (one odd metric must not stop a broadcast from starting).
 */
function info<T extends z.ZodType>(type: T) {
  return type.nullish().catch(undefined);
}

/**
 * Gcore's Stream object. Unknown keys are kept (`looseObject`): the platform adds fields often.
 * Enum-like fields (`stream_source_type`, `record_type`, `projection`) are plain strings so a new value is not an error.
 */
export const streamSchema = z.looseObject({
  id: z.number().int().positive(),
  name: z.string(),

  // Switches and pull sources
  active: field(z.boolean()),
  pull: field(z.boolean()),
  /** Pull source URLs separated by single spaces. */
  uri: field(z.string()),

  // Push (ingest) URLs; the SRT ones carry the stream key after '#'.
  push_url: field(z.string()),
  backup_push_url: field(z.string()),
  push_url_srt: field(z.string()),
  backup_push_url_srt: field(z.string()),
  push_url_whip: field(z.string()),
  /** The push token (stream key); a secret. Newer field, may be absent. */
  token: field(z.string()),
  /** SRT AES passphrase in plain text; a secret. */
  srt_passphrase: field(z.string()),

  // Live state
  live: field(z.boolean()),
  backup_live: field(z.boolean()),
  active_ingest_region_primary: info(z.string()),
  active_ingest_region_backup: info(z.string()),
  /** Known values: rtmp, srt, webrtc, https. */
  stream_source_type: info(z.string()),
  created_at: info(z.string()),
  started_at_primary: info(z.string()),
  started_at_backup: info(z.string()),
  finished_at_primary: info(z.string()),

  // Source metrics, set only while transcoding
  transcoding_speed: info(z.number()),
  frame_rate: info(z.number()),
  video_width: info(z.number()),
  video_height: info(z.number()),
  transcoded_qualities: info(z.array(z.string())),
  recording_duration: info(z.number()),

  // Playback
  hls_cmaf_url: field(z.string()),
  hls_mpegts_url: info(z.string()),
  dash_url: info(z.string()),
  iframe_url: field(z.string()),
  screenshot: info(z.string()),

  // Recording, DVR, broadcast and misc
  auto_record: info(z.boolean()),
  /** Known values: origin, transcoded. */
  record_type: info(z.string()),
  dvr_enabled: info(z.boolean()),
  dvr_duration: info(z.number()),
  broadcast_ids: info(z.array(z.number())),
  hls_mpegts_endlist_tag: info(z.boolean()),
  html_overlay: info(z.boolean()),
  quality_set_id: info(z.number()),
  cdn_id: info(z.number()),
  client_user_id: info(z.number()),
  client_entity_data: info(z.string()),
  /** Known values: regular, vr360, vr180, vr360tb. */
  projection: info(z.string()),
});

/** A Stream as returned by the Gcore API, validated. */
export type GcoreStream = z.infer<typeof streamSchema>;

/** `GET /streaming/streams` returns a bare JSON array (no wrapper, no count). */
export const streamListSchema = z.array(streamSchema);

/** An SRT passphrase: printable ASCII without spaces; Gcore allows 10–80 characters, libsrt only 10–79 (gcore-api.md §3). */
export const srtPassphraseSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(79, 'must be at most 79 characters (the SRT library limit)')
  .regex(/^[!-~]+$/, 'must be printable ASCII without spaces');

/**
 * The writable fields of `createStream` (POST flat, PATCH wrapped in `{stream: …}`). Strict: a misspelt key is a bug,
 * not something to send. `null` clears `uri` and `srt_passphrase`.
 */
export const streamWriteSchema = z.strictObject({
  name: z.string().trim().min(1, "can't be blank").optional(),
  active: z.boolean().optional(),
  pull: z.boolean().optional(),
  uri: z.string().nullable().optional(),
  srt_passphrase: srtPassphraseSchema.nullable().optional(),
  auto_record: z.boolean().optional(),
  record_type: z.enum(['origin', 'transcoded']).optional(),
  hls_mpegts_endlist_tag: z.boolean().optional(),
  dvr_enabled: z.boolean().optional(),
  dvr_duration: z.number().int().min(30).max(14_400).optional(),
  cdn_id: z.number().int().nullable().optional(),
  client_user_id: z.number().int().nullable().optional(),
  client_entity_data: z.string().max(4096).nullable().optional(),
  html_overlay: z.boolean().optional(),
  quality_set_id: z.number().int().nullable().optional(),
  broadcast_ids: z.array(z.number().int()).optional(),
  projection: z.enum(['regular', 'vr360', 'vr180', 'vr360tb']).optional(),
});

/** Fields a POST or PATCH may carry. */
export type StreamWrite = z.infer<typeof streamWriteSchema>;

/** A POST body: flat, `name` required. */
export type StreamCreate = StreamWrite & { name: string };

/**
 * Checks user-supplied write fields before they are sent (the CLI and IPC boundary call this; the client itself sends
 * what its typed callers give it). Throws AppError('input') naming every bad field; never echoes the values.
 */
export function parseStreamWrite(input: unknown): StreamWrite {
  const result = streamWriteSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'stream';
    return issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : `${where} ${issue.message}`;
  });
  throw new AppError('input', 'bad_stream_fields', `Invalid stream settings: ${problems.join('; ')}.`);
}
