// The ingest targets of a running broadcast and their changes: where new ones come from (the stream as the API has it
// now, or explicit URLs), checked exactly as at the start, and every secret they ever carried, for redaction.

import type { IngestRole } from '../../shared/broadcastTypes';
import { AppError } from '../appError';
import type { GcoreStream } from '../gcore/streamSchema';
import type { IngestUplinks } from './ingestUplinks';
import { targetsFromStream, targetsFromUrls, type ResolvedTargets } from './resolveTargets';
import type { StreamWatchTarget } from './watchStream';

/** New ingest targets: the stream read back from the API after a change, or explicit push URLs. */
export type TargetSource = { stream: GcoreStream } | { urls: { primary: string; backup?: string } };

/** Checks new targets as the start does (URL shape, host, port, stream id, passphrase; a stream that can be pushed to). */
export function resolveTargetSource(source: TargetSource, current: ResolvedTargets): ResolvedTargets {
  const next = 'stream' in source ? targetsFromStream(source.stream) : targetsFromUrls(source.urls.primary, source.urls.backup);
  if ((next.backup === null) !== (current.backup === null)) {
    const what = next.backup === null ? 'no longer has a backup ingest' : 'has a backup ingest now';
    throw new AppError('input', 'targets_shape_changed', `The stream ${what}; stop the broadcast and go live again to use it.`, { field: 'target' });
  }
  return next;
}

/** The stream keys (after `#`) and passphrases of these targets. */
export function targetSecrets(targets: ResolvedTargets | null): string[] {
  const out: string[] = [];
  for (const role of ['primary', 'backup'] as const satisfies readonly IngestRole[]) {
    const t = targets?.[role];
    const key = t?.srtStreamId?.split('#')[1];
    if (key) out.push(key);
    if (t?.passphrase) out.push(t.passphrase);
  }
  return out;
}

/** Remembers every secret the broadcast's targets ever held: an old key may still appear in a late log line. */
export class SecretsSeen {
  private readonly all = new Set<string>();

  add(targets: ResolvedTargets | null): void {
    for (const secret of targetSecrets(targets)) this.all.add(secret);
  }

  list(): string[] {
    return [...this.all];
  }
}

/** What TargetChanges needs of its broadcast. */
export interface TargetHost {
  /** The running uplinks; null before the start and once the broadcast is stopping or has ended. */
  uplinks(): IngestUplinks | null;
  targets(): ResolvedTargets | null;
  setTargets(next: ResolvedTargets): void;
  /** The uplinks were told something: re-check on air now. */
  changed(): void;
  warn(detail: string): void;
}

/** A running broadcast's changes of its targets: by the app (key reset, passphrase), or seen by the stream watcher. */
export class TargetChanges {
  /** Bumped by every change, so a stream read before one is not taken for news. */
  private generation = 0;
  private pending = 0;

  constructor(private readonly host: TargetHost) {}

  async change(reason: string, work: () => Promise<TargetSource | null>): Promise<IngestRole[]> {
    const uplinks = this.host.uplinks();
    if (!uplinks) {
      await work();
      return [];
    }
    this.pending += 1;
    uplinks.targetsChanging();
    let roles: IngestRole[] | null = null;
    try {
      const source = await work();
      if (source) roles = this.replace(source, reason);
    } finally {
      this.pending -= 1;
      const current = this.host.targets();
      // Nothing new (work failed, returned null, or the check refused the targets): only the hold is released.
      if (roles === null && current && this.host.uplinks()) this.host.uplinks()?.replaceTargets(current, reason);
    }
    return roles ?? [];
  }

  replace(source: TargetSource, reason: string): IngestRole[] {
    const uplinks = this.host.uplinks();
    const current = this.host.targets();
    if (!uplinks || !current) return [];
    const next = resolveTargetSource(source, current);
    this.host.setTargets(next);
    this.generation += 1;
    const roles = uplinks.replaceTargets(next, reason, true);
    this.host.changed();
    return roles;
  }

  unavailable(reason: string): void {
    const uplinks = this.host.uplinks();
    if (!uplinks || uplinks.policyState().held === reason) return;
    this.generation += 1;
    uplinks.holdAll(reason);
    this.host.changed();
  }

  /** What the stream watcher calls: a stream seen active resumes a held broadcast or brings changed credentials. */
  watchTarget(): StreamWatchTarget {
    return {
      targetsGeneration: () => this.generation,
      changingTargets: () => this.pending > 0,
      streamUnavailable: (reason) => this.unavailable(reason),
      streamSeen: (stream) => {
        const held = this.host.uplinks()?.policyState().held ?? null;
        try {
          this.replaceIfChanged({ stream }, held !== null ? 'the stream can be pushed to again' : "the stream's key or passphrase was changed outside this app", held !== null);
        } catch (err) {
          this.host.warn(`the stream's new push settings cannot be used: ${err instanceof Error ? err.message : String(err)}`);
        }
      },
    };
  }

  /** Replaces the targets only when they differ (or `force`, to resume after a hold); a poll that saw nothing new is silent. */
  private replaceIfChanged(source: TargetSource, reason: string, force: boolean): IngestRole[] {
    const current = this.host.targets();
    if (!current) return [];
    const next = resolveTargetSource(source, current);
    if (!force && sameTargets(current, next)) return [];
    return this.replace(source, reason);
  }
}

function sameTargets(a: ResolvedTargets, b: ResolvedTargets): boolean {
  const same = (x: ResolvedTargets['backup'], y: ResolvedTargets['backup']): boolean =>
    x === null || y === null ? x === y : x.host === y.host && x.port === y.port && x.srtStreamId === y.srtStreamId && x.passphrase === y.passphrase;
  return same(a.primary, b.primary) && same(a.backup, b.backup);
}
