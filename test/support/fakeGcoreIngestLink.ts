// Puts a model of Gcore's ingest (test/support/gcoreIngest) behind one stream of the fake Gcore API: the API's
// live/backup_live come from the model, and the API's changes have the platform's ingest side effects (a key reset
// makes the ingest refuse the old key, a passphrase change needs the new one, a disabled or deleted stream is refused).

/** What the link needs of one ingest endpoint (IngestEndpoint implements it). */
export interface LinkedEndpoint {
  setExpectedStreamId(streamId: string | null, options?: { endOthers?: boolean }): void;
  setPassphrase(passphrase: string | null): Promise<void>;
  refuseKey(code?: number | null): void;
  dropConnection(): void;
}

/** What the link needs of the ingest model (GcoreIngest implements it). */
export interface LinkedIngest {
  liveState(): { live: boolean; backup_live: boolean };
  readonly primary: LinkedEndpoint;
  readonly backup: LinkedEndpoint;
}

/** The part of a fake stream the link reads. */
interface StreamFields {
  push_url_srt: string;
  backup_push_url_srt: string;
  srt_passphrase: string | null;
  active: boolean;
  pull: boolean;
}

/** The stream id of an SRT push URL, verbatim (`123#key`): everything after `streamid=` (the `#` is part of it). */
export function streamIdOf(url: string): string | null {
  const i = url.indexOf('streamid=');
  return i < 0 ? null : url.slice(i + 'streamid='.length);
}

export class IngestLink {
  private constructor(private readonly ingest: LinkedIngest) {}

  /** Makes the endpoints accept exactly the stream's ids and passphrase, and refuse pushes when it cannot take them. */
  static async attach(stream: StreamFields, ingest: LinkedIngest): Promise<IngestLink> {
    const link = new IngestLink(ingest);
    link.acceptIds(stream, false);
    await link.each((e) => e.setPassphrase(stream.srt_passphrase));
    link.switched(stream);
    return link;
  }

  liveState(): { live: boolean; backup_live: boolean } {
    return this.ingest.liveState();
  }

  /** reset_push_token: the old key is refused from now on; `endIngest` (200) also ends the connections that used it. */
  keyReset(stream: StreamFields, endIngest: boolean): void {
    this.acceptIds(stream, endIngest);
  }

  /** After a PATCH: a new passphrase (waited for: the answer comes once the ingest requires it), active, pull. */
  async written(stream: StreamFields, fields: Record<string, unknown>): Promise<void> {
    if ('srt_passphrase' in fields) await this.each((e) => e.setPassphrase(stream.srt_passphrase));
    if ('active' in fields || 'pull' in fields) this.switched(stream);
  }

  /** DELETE: the ingest drops the connection and refuses every push. */
  deleted(): void {
    void this.each((e) => {
      e.refuseKey();
      e.dropConnection();
    });
  }

  private acceptIds(stream: StreamFields, endOthers: boolean): void {
    this.ingest.primary.setExpectedStreamId(streamIdOf(stream.push_url_srt), { endOthers });
    this.ingest.backup.setExpectedStreamId(streamIdOf(stream.backup_push_url_srt), { endOthers });
  }

  /** An inactive or pull stream takes no push: the live connection is dropped and new ones refused; active again accepts. */
  private switched(stream: StreamFields): void {
    const pushable = stream.active && !stream.pull;
    void this.each((e) => {
      e.refuseKey(pushable ? null : undefined);
      if (!pushable) e.dropConnection();
    });
  }

  private async each(fn: (e: LinkedEndpoint) => void | Promise<void>): Promise<void> {
    await Promise.all([fn(this.ingest.primary), fn(this.ingest.backup)]);
  }
}
