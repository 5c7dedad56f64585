// Plain stream data the CLI and the renderer see: no token, stream keys masked unless explicitly revealed.

/** A Gcore live stream as shown to the user. Built in main by toStreamView(); safe to send over IPC. */
export interface StreamView {
  id: number;
  name: string;
  /** The stream's on/off switch (not "receiving"): when false, pull stops and push is rejected. Absent → false. */
  active: boolean;
  /** True: Gcore pulls from `pullSources`; false: the encoder pushes. */
  pull: boolean;
  /** Pull source URLs in round-robin order (secrets in them masked unless revealed); empty for push streams. */
  pullSources: string[];
  /** The primary ingest is receiving now (for pull streams, Gcore is receiving from a source). */
  live: boolean;
  /** The backup ingest is receiving now (push only). */
  backupLive: boolean;
  /** Primary SRT push URL, `…streamid=123#****` unless revealed; null when the API gave none. */
  pushUrlSrt: string | null;
  /** Backup SRT push URL, masked the same way. */
  backupPushUrlSrt: string | null;
  /** The stream requires an SRT passphrase (the passphrase itself never leaves main). */
  hasPassphrase: boolean;
  /** Where viewers watch: LL-HLS (CMAF) URL, else the hosted player page; null when none. */
  playbackUrl: string | null;
  /** ISO-8601 creation time, or null. */
  createdAt: string | null;
}

/** What a push key reset did. The old key stops working at once either way. */
export interface StreamKeyReset {
  /** The stream with its new push URLs (masked unless revealed); null when it could not be read back after a 202. */
  stream: StreamView | null;
  /**
   * True when the platform answered 202: it could not end the ingest that still uses the old key, so the encoder must
   * be restarted with the new one. False (200): the platform ended the connections that used the old key.
   */
  ingestStillRunning: boolean;
  /** The platform's explanation of a 202 (scrubbed of secrets), or null. */
  platformMessage: string | null;
}

/**
 * A change the desktop app made to a stream. When this app is broadcasting to the stream, a new key or passphrase is
 * handed to the running broadcast, which reconnects its uplinks with it while the encoder keeps running
 * (`uplinksReconnected`); `restartBroadcast` is true only when that could not be done and the broadcast still uses the
 * old settings until it is restarted. `broadcastNote` is the sentence to show about the running broadcast.
 */
export interface StreamChange {
  stream: StreamView | null;
  restartBroadcast: boolean;
  /** True when a broadcast of this app to the stream reconnected its uplinks with the new settings. Absent: none runs. */
  uplinksReconnected?: boolean;
  /** What happened to this app's broadcast to the stream, one or two sentences; absent when none runs. */
  broadcastNote?: string;
}

/** The app's key reset: the reset itself plus what it did to a running broadcast to the stream. */
export type StreamKeyResetChange = StreamKeyReset & Omit<StreamChange, 'stream'>;

/** Labels for the stream list (app tags, CLI `--json`): ingest kind, on/off switch, and where the platform receives. */
export type StreamTag = 'push' | 'pull' | 'active' | 'inactive' | 'live-primary' | 'live-backup' | 'not-live';

/** The tags of a stream, in display order: push/pull, active/inactive, then live-primary and/or live-backup, or not-live. */
export function streamTags(stream: StreamView): StreamTag[] {
  const tags: StreamTag[] = [stream.pull ? 'pull' : 'push', stream.active ? 'active' : 'inactive'];
  if (stream.live) tags.push('live-primary');
  // backup_live is push-only (gcore-api.md §2); a pull stream reports only `live`.
  if (stream.backupLive && !stream.pull) tags.push('live-backup');
  if (tags.length === 2) tags.push('not-live');
  return tags;
}
