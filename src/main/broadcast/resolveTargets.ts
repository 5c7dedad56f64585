// Turns a broadcast target (a Gcore stream, explicit SRT URLs) into the two uplink targets the engine pushes to, and
// checks everything about them (URL shape, host, port, stream id, passphrase) before anything is started.

import type { GcoreStream } from '../gcore/streamSchema';
import type { IngestRole } from '../../shared/broadcastTypes';
import { AppError } from '../appError';
import { validateSrtStreamId } from '../ffmpeg/args/senderArgs';
import { validatePassphrase } from '../srt/packets/passphrase';
import { maskPushUrl } from '../redact';
import { parseSrtUrl } from '../srt/srtUrl';
import type { UplinkTarget } from './uplink';

export interface ResolvedTargets {
  primary: UplinkTarget;
  backup: UplinkTarget | null;
}

/** Re-throws an AppError with the form field it is about (`target.primary` or `target.backup`). */
function onField<T>(role: IngestRole, check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof AppError && err.field === undefined) throw err.withField(`target.${role}`);
    throw err;
  }
}

/** Parses and checks one push URL; the stream id must be there (every Gcore SRT push URL has one). */
export function targetFromUrl(role: IngestRole, url: string, passphrase: string | null = null): UplinkTarget {
  return onField(role, () => {
    const parsed = parseSrtUrl(url);
    if (!parsed.srtStreamId) {
      throw new AppError('input', 'missing_streamid', `The ${role} SRT URL has no streamid=…; copy the full push URL (Gcore's look like srt://host:5001?streamid=123#key).`);
    }
    validateSrtStreamId(parsed.srtStreamId, `The ${role} SRT URL's stream id`);
    const secret = passphrase ?? parsed.passphrase;
    if (secret !== null) validatePassphrase(secret, `The ${role} ingest's SRT passphrase`);
    return {
      role,
      host: parsed.host.replace(/^\[|\]$/g, ''),
      port: parsed.port,
      srtStreamId: parsed.srtStreamId,
      passphrase: secret,
      label: maskPushUrl(url) ?? '',
    };
  });
}

export function targetsFromUrls(primary: string, backup?: string): ResolvedTargets {
  const p = targetFromUrl('primary', primary);
  const b = backup ? targetFromUrl('backup', backup) : null;
  if (b && b.host === p.host && b.port === p.port && b.srtStreamId === p.srtStreamId) {
    // Two connections to one URL break Gcore's transcoding (gcore-api.md §3).
    throw new AppError('input', 'same_url_twice', 'The primary and backup SRT URLs are the same; use the stream’s backup_push_url_srt for the backup.', { field: 'target.backup' });
  }
  return { primary: p, backup: b };
}

/** Uses the URLs the API returns (never built by hand) and the stream's SRT passphrase. */
export function targetsFromStream(stream: GcoreStream): ResolvedTargets {
  if (stream.pull) {
    throw new AppError('input', 'stream_is_pull', `Stream ${stream.id} pulls from a source; turn pull off (\`srt-companion pull off ${stream.id}\`) to push to it.`, {
      appMessage: `Stream ${stream.id} pulls from a source: turn pull off on the Pull screen to push to it.`,
    });
  }
  if (stream.active === false) {
    throw new AppError('input', 'stream_inactive', `Stream ${stream.id} is inactive, so its ingest rejects pushes; enable it first (\`srt-companion streams enable ${stream.id}\`, or go live with \`push --stream ${stream.id} --enable\`).`, {
      appMessage: `Stream ${stream.id} is switched off, so its ingest rejects pushes: enable it under Streams › Manage first.`,
    });
  }
  if (!stream.push_url_srt) {
    throw new AppError('input', 'no_srt_url', `Stream ${stream.id} has no SRT push URL in the API response; check the stream in the Gcore portal.`);
  }
  const passphrase = stream.srt_passphrase ?? null;
  return {
    primary: targetFromUrl('primary', stream.push_url_srt, passphrase),
    backup: stream.backup_push_url_srt ? targetFromUrl('backup', stream.backup_push_url_srt, passphrase) : null,
  };
}
