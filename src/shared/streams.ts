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
