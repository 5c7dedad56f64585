// Scripted timelines and randomized properties for the failover policy: events and clock in, exact commands out.

import { type IngestRole, type UplinkDownReason } from '../../src/shared/broadcastTypes';
import { mulberry32 } from '../support/seededRandom';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/appError';
import { earliestRetryAtMs } from '../../src/main/failover/backoff';
import { createFailoverPolicy, nextRetryDelayMs, resolveFailoverConfig, type FailoverConfigInput, type FailoverPolicy, type PolicyCommand, type PolicyEvent } from '../../src/main/failover/failoverPolicy';

const seeded = mulberry32;

/** random() = 0.5 makes the jitter factor exactly 1, so delays are the plain back-off steps. */
function makePolicy(cfg: Partial<FailoverConfigInput> = {}): FailoverPolicy {
  return createFailoverPolicy({ hasBackup: true, random: () => 0.5, ...cfg }, 0);
}

/** A compact, exact rendering of commands: `start:primary#1`, `stop:backup`, `active:null`, `event:failover:primary`, `wake:30000`. */
function brief(cmds: PolicyCommand[]): string[] {
  return cmds.map((c) => {
    switch (c.type) {
      case 'startUplink':
        return `start:${c.role}#${c.attempt}${c.fromGop ? '' : ':noGop'}`;
      case 'stopUplink':
        return `stop:${c.role}`;
      case 'setActive':
        return `active:${c.role ?? 'null'}`;
      case 'wakeAt':
        return `wake:${c.atMs}`;
      case 'event':
        return `event:${c.kind}${c.role ? `:${c.role}` : ''}`;
      case 'giveUp':
        return 'giveUp';
    }
  });
}

const live = (role: IngestRole): PolicyEvent => ({ type: 'uplinkLive', role });
const down = (role: IngestRole, reason: UplinkDownReason = 'silent', detail?: string): PolicyEvent => ({ type: 'uplinkDown', role, reason, detail });
const tick: PolicyEvent = { type: 'tick' };

describe('nextRetryDelayMs', () => {
  const b = { initialMs: 10_000, factor: 2, maxMs: 120_000, jitterRatio: 0.1 };
  it.each([
    [1, 0.5, 10_000],
    [2, 0.5, 20_000],
    [3, 0.5, 40_000],
    [4, 0.5, 80_000],
    [5, 0.5, 120_000], // 160 s capped
    [1000, 0.5, 120_000], // huge attempt numbers do not overflow
    [0, 0.5, 10_000], // treated as the first retry
    [-3, 0.5, 10_000],
    [1, 0, 9_000], // jitter −10 %
    [1, 0.999_999_9, 11_000], // jitter +10 %
    [2, 0.25, 19_000],
    [5, 0.99, 120_000], // jitter never exceeds the cap
    [5, 0, 108_000], // but may pull below it
  ])('attempt %d, random %d → %d ms', (attempt, r, expected) => {
    expect(nextRetryDelayMs(attempt, b, () => r)).toBe(expected);
  });

  it('stays constant with factor 1 and exact without jitter', () => {
    const flat = { initialMs: 3_000, factor: 1, maxMs: 60_000, jitterRatio: 0 };
    expect([1, 2, 9].map((n) => nextRetryDelayMs(n, flat, () => 0.123))).toEqual([3_000, 3_000, 3_000]);
  });

  it('clamps a misbehaving random() into [0, 1]', () => {
    expect(nextRetryDelayMs(1, b, () => 7)).toBe(11_000);
    expect(nextRetryDelayMs(1, b, () => -7)).toBe(9_000);
  });

  it('earliestRetryAtMs never undercuts the minimum gap since the last attempt', () => {
    expect(earliestRetryAtMs({ failedAtMs: 1_000, delayMs: 2_000, lastAttemptAtMs: 0, minIntervalMs: 10_000 })).toBe(10_000);
    expect(earliestRetryAtMs({ failedAtMs: 50_000, delayMs: 2_000, lastAttemptAtMs: 0, minIntervalMs: 10_000 })).toBe(52_000);
    expect(earliestRetryAtMs({ failedAtMs: 5, delayMs: 2, lastAttemptAtMs: null, minIntervalMs: 10_000 })).toBe(7);
  });
});

describe('resolveFailoverConfig', () => {
  it('applies the documented defaults', () => {
    const c = resolveFailoverConfig({ hasBackup: true });
    expect(c).toMatchObject({
      mode: 'failover',
      primaryRetryMinIntervalMs: 10_000,
      retryBackoff: { initialMs: 10_000, factor: 2, maxMs: 120_000, jitterRatio: 0.1 },
      failbackStableMs: 60_000,
      failbackMarginMs: 15_000,
      connectTimeoutMs: 8_000,
      retryBudgetMs: 300_000,
    });
  });

  it.each([
    [{ primaryRetryMinIntervalMs: -1 }, 'primaryRetryMinIntervalMs'],
    [{ retryBackoff: { factor: 0.5 } }, 'retryBackoff.factor'],
    [{ retryBackoff: { jitterRatio: 1 } }, 'jitterRatio'],
    [{ connectTimeoutMs: Number.NaN }, 'connectTimeoutMs'],
    [{ mode: 'both' as never }, 'mode'],
  ])('rejects %o naming the setting', (bad, name) => {
    let caught: unknown;
    try {
      resolveFailoverConfig({ hasBackup: true, ...bad });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).kind).toBe('config');
    expect((caught as AppError).message).toContain(name);
  });
});

describe('failover mode', () => {
  it('runs a full outage: failover, retry, overlap, failback — exact commands', () => {
    const p = makePolicy();
    expect(p.handle({ type: 'start' }, 0)).toEqual([
      { type: 'startUplink', role: 'primary', fromGop: true, attempt: 1, reason: 'broadcast starting' },
      { type: 'wakeAt', atMs: 8_000 },
    ]);
    expect(p.state().uplinks.backup.state).toBe('standby');
    expect(p.handle(live('primary'), 1_000)).toEqual([
      { type: 'setActive', role: 'primary', reason: 'primary connected' },
      { type: 'event', kind: 'connected', role: 'primary', detail: 'primary connected' },
    ]);
    expect(p.handle(down('primary', 'silent', 'no packets for 0.8 s'), 20_000)).toEqual([
      { type: 'stopUplink', role: 'primary', reason: 'primary went silent (no packets for 0.8 s)' },
      { type: 'startUplink', role: 'backup', fromGop: true, attempt: 1, reason: 'primary went silent (no packets for 0.8 s); failing over to the backup' },
      { type: 'setActive', role: null, reason: 'primary went silent (no packets for 0.8 s)' },
      {
        type: 'event',
        kind: 'failover',
        role: 'primary',
        detail: 'primary went silent (no packets for 0.8 s); switching to the backup; primary retry in 10.0 s',
      },
      { type: 'wakeAt', atMs: 28_000 }, // the backup's connect deadline comes before the primary retry at 30 s
    ]);
    expect(p.handle(live('backup'), 20_600)).toEqual([
      { type: 'setActive', role: 'backup', reason: 'backup connected' },
      { type: 'event', kind: 'connected', role: 'backup', detail: 'backup connected; it carries the stream while the primary is out' },
      { type: 'wakeAt', atMs: 30_000 },
    ]);
    expect(brief(p.handle(tick, 29_999))).toEqual(['wake:30000']); // early tick: nothing due, timer re-armed
    expect(p.handle(tick, 30_000)).toEqual([
      { type: 'startUplink', role: 'primary', fromGop: true, attempt: 2, reason: 'retry after 1 failure(s)' },
      { type: 'event', kind: 'retry', role: 'primary', detail: 'retrying primary (attempt 2)' },
      { type: 'wakeAt', atMs: 38_000 },
    ]);
    expect(p.handle(live('primary'), 31_000)).toEqual([
      {
        type: 'event',
        kind: 'connected',
        role: 'primary',
        detail: 'primary connected again; keeping the backup live until the platform switches back (75.0 s)',
      },
      { type: 'wakeAt', atMs: 106_000 },
    ]);
    expect(p.state()).toMatchObject({ active: 'backup', overlap: { sinceMs: 31_000, failbackAtMs: 106_000 } });
    expect(brief(p.handle(tick, 105_999))).toEqual(['wake:106000']);
    expect(p.handle(tick, 106_000)).toEqual([
      { type: 'setActive', role: 'primary', reason: 'the primary has been stable for 75.0 s' },
      { type: 'stopUplink', role: 'backup', reason: 'the primary has been stable for 75.0 s; the backup is not needed' },
      { type: 'event', kind: 'failback', role: 'primary', detail: 'the primary has been stable for 75.0 s; back on the primary, backup stopped' },
    ]);
    expect(p.state()).toMatchObject({ active: 'primary', overlap: null, uplinks: { backup: { state: 'standby' }, primary: { state: 'live' } } });
  });

  it.each<UplinkDownReason>(['silent', 'closed', 'rejected', 'process-exit'])('fails over when the primary reports %s', (reason) => {
    const p = makePolicy();
    p.handle({ type: 'start' }, 0);
    p.handle(live('primary'), 500);
    const cmds = p.handle(down('primary', reason), 40_000);
    expect(brief(cmds)).toEqual(['stop:primary', 'start:backup#1', 'active:null', 'event:failover:primary', 'wake:48000']);
    expect(p.state().uplinks.primary).toMatchObject({ state: 'down', lastDownReason: reason, nextRetryAtMs: 50_000 });
  });

  it('fails over when the primary never connects (connect timeout) and when an outage is simulated', () => {
    const p = makePolicy();
    p.handle({ type: 'start' }, 0);
    const cmds = p.handle(tick, 8_000);
    expect(brief(cmds)).toEqual(['stop:primary', 'start:backup#1', 'event:failover:primary', 'wake:16000']);
    expect(cmds[0]).toMatchObject({ reason: 'primary did not connect within 8.0 s' });
    expect(p.state().uplinks.primary.nextRetryAtMs).toBe(18_000); // 8 s + 10 s back-off

    const q = makePolicy();
    q.handle({ type: 'start' }, 0);
    q.handle(live('primary'), 100);
    expect(brief(q.handle({ type: 'simulateOutage', role: 'primary' }, 15_000))).toEqual([
      'stop:primary',
      'start:backup#1',
      'active:null',
      'event:failover:primary',
      'wake:23000',
    ]);
    expect(q.state().uplinks.primary.lastDownReason).toBe('simulated');
  });

  it('ends the overlap early when the platform reports it switched back', () => {
    const p = makePolicy();
    p.handle({ type: 'start' }, 0);
    p.handle(live('primary'), 1_000);
    p.handle(down('primary'), 20_000);
    p.handle(live('backup'), 21_000);
    p.handle(tick, 30_000);
    p.handle(live('primary'), 31_000);
    expect(brief(p.handle({ type: 'platformSwitchedBack' }, 45_000))).toEqual(['active:primary', 'stop:backup', 'event:failback:primary']);
    expect(p.state().overlap).toBeNull();
    // Outside an overlap the report changes nothing.
    expect(p.handle({ type: 'platformSwitchedBack' }, 46_000)).toEqual([]);
  });

  it('does not ping-pong when the primary flaps during the overlap', () => {
    const p = makePolicy({ retryBackoff: { initialMs: 1_000 } });
    p.handle({ type: 'start' }, 0);
    p.handle(live('primary'), 1_000);
    p.handle(down('primary'), 20_000);
    p.handle(live('backup'), 20_500);
    const all: Array<[number, PolicyCommand[]]> = [];
    let now = 30_000;
    for (let flap = 0; flap < 5; flap++) {
      all.push([now, p.handle(tick, now)]); // retry
      all.push([now + 500, p.handle(live('primary'), now + 500)]);
      all.push([now + 5_000, p.handle(down('primary', 'closed'), now + 5_000)]); // dies 4.5 s into the overlap
      expect(p.state()).toMatchObject({ active: 'backup', overlap: null });
      now = p.state().uplinks.primary.nextRetryAtMs ?? Number.NaN;
    }
    const flat = all.flatMap(([, c]) => c);
    expect(flat.filter((c) => c.type === 'setActive')).toEqual([]);
    expect(flat.filter((c) => c.type === 'stopUplink' && c.role === 'backup')).toEqual([]);
    expect(flat.filter((c) => c.type === 'startUplink' && c.role === 'backup')).toEqual([]);
    // Each retry respects the ingest's 10 s gap even though the back-off asked for 1 s.
    const starts = all.filter(([, c]) => c.some((x) => x.type === 'startUplink')).map(([t]) => t);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(10_000);
    // Finally stable: failback exactly stable + margin after the last live.
    p.handle(tick, now);
    p.handle(live('primary'), now + 500);
    expect(brief(p.handle(tick, now + 500 + 74_999))).toEqual([`wake:${now + 500 + 75_000}`]);
    expect(brief(p.handle(tick, now + 500 + 75_000))).toEqual(['active:primary', 'stop:backup', 'event:failback:primary']);
  });

  it('switches straight to the primary when the backup dies during the overlap', () => {
    const p = makePolicy();
    p.handle({ type: 'start' }, 0);
    p.handle(live('primary'), 1_000);
    p.handle(down('primary'), 20_000);
    p.handle(live('backup'), 21_000);
    p.handle(tick, 30_000);
    p.handle(live('primary'), 31_000);
    expect(brief(p.handle(down('backup', 'closed'), 40_000))).toEqual(['stop:backup', 'active:primary', 'event:failback:backup']);
    expect(p.state().uplinks.backup).toMatchObject({ state: 'standby', nextRetryAtMs: null });
  });

  it('retries the backup with the same rules when both are down, and parks it once the primary is back', () => {
    const p = makePolicy();
    p.handle({ type: 'start' }, 0);
    p.handle(live('primary'), 1_000);
    p.handle(down('primary'), 20_000); // backup attempt 1 at 20 s; primary retry at 30 s
    p.handle(live('backup'), 21_000);
    // The pending wake-up (primary retry at 30 s) still comes first, so no new wakeAt.
    expect(brief(p.handle(down('backup', 'process-exit'), 25_000))).toEqual(['stop:backup', 'active:null', 'event:down:backup']);
    expect(p.state().uplinks.backup.nextRetryAtMs).toBe(35_000);
    expect(brief(p.handle(tick, 30_000))).toEqual(['start:primary#2', 'event:retry:primary', 'wake:35000']);
    expect(brief(p.handle(tick, 35_000))).toEqual(['start:backup#2', 'event:retry:backup', 'wake:38000']);
    // The primary connects while the backup is still connecting: the backup is stopped, no overlap is needed.
    expect(brief(p.handle(live('primary'), 36_000))).toEqual(['stop:backup', 'active:primary', 'event:connected:primary']);
    expect(p.state().uplinks.backup.state).toBe('standby');
  });

  it('defers a failover start when the backup was attempted less than the minimum gap ago', () => {
    const p = makePolicy();
    p.handle({ type: 'start' }, 0);
    p.handle(live('primary'), 1_000);
    p.handle(down('primary'), 20_000); // backup #1 at 20 s, primary retry at 30 s
    p.handle(down('backup', 'rejected'), 20_500); // backup retry at 30.5 s
    expect(brief(p.handle(tick, 30_000))).toEqual(['start:primary#2', 'event:retry:primary', 'wake:30500']);
    expect(brief(p.handle(tick, 30_500))).toEqual(['start:backup#2', 'event:retry:backup', 'wake:38000']);
    expect(brief(p.handle(live('primary'), 31_000))).toEqual(['stop:backup', 'active:primary', 'event:connected:primary']);
    const cmds = p.handle(down('primary'), 33_000); // the backup may not be tried again before 40.5 s
    expect(brief(cmds)).toEqual(['stop:primary', 'active:null', 'event:failover:primary', 'wake:40500']);
    expect(cmds[2]).toMatchObject({ detail: expect.stringContaining('(the backup may be tried again in 7.5 s); primary retry in 20.0 s') });
    expect(brief(p.handle(tick, 40_500))).toEqual(['start:backup#3', 'event:retry:backup', 'wake:48500']);
  });

  it('ignores stale and duplicate reports', () => {
    const p = makePolicy();
    p.handle({ type: 'start' }, 0);
    expect(p.handle({ type: 'uplinkLive', role: 'backup' }, 100)).toEqual([]); // backup not started
    expect(p.handle({ type: 'uplinkLive', role: 'primary', attempt: 7 }, 200)).toEqual([]); // wrong attempt
    expect(brief(p.handle({ type: 'uplinkLive', role: 'primary', attempt: 1 }, 300))).toEqual(['active:primary', 'event:connected:primary']);
    expect(p.handle(live('primary'), 400)).toEqual([]);
    p.handle(down('primary', 'silent'), 10_000);
    // The sender's exit after the tap already declared it down adds nothing.
    expect(p.handle(down('primary', 'process-exit'), 10_050)).toEqual([]);
    expect(p.handle({ type: 'start' }, 10_100)).toEqual([]);
  });
});

describe('redundant mode', () => {
  it('starts both, keeps them independent and prefers the primary as active', () => {
    const p = makePolicy({ mode: 'redundant' });
    expect(brief(p.handle({ type: 'start' }, 0))).toEqual(['start:primary#1', 'start:backup#1', 'wake:8000']);
    expect(brief(p.handle(live('backup'), 500))).toEqual(['active:backup', 'event:connected:backup']);
    expect(brief(p.handle(live('primary'), 700))).toEqual(['active:primary', 'event:failback:primary']);
    expect(brief(p.handle(down('primary', 'closed'), 20_000))).toEqual(['stop:primary', 'active:backup', 'event:failover:primary', 'wake:30000']);
    expect(brief(p.handle(down('backup', 'silent'), 25_000))).toEqual(['stop:backup', 'active:null', 'event:down:backup']);
    expect(p.state().uplinks.backup.nextRetryAtMs).toBe(35_000);
    expect(brief(p.handle(tick, 30_000))).toEqual(['start:primary#2', 'event:retry:primary', 'wake:35000']);
    expect(brief(p.handle(live('primary'), 31_000))).toEqual(['active:primary', 'event:connected:primary']);
    // The backup keeps its own schedule although the primary is live again.
    expect(brief(p.handle(tick, 35_000))).toEqual(['start:backup#2', 'event:retry:backup', 'wake:43000']);
    expect(brief(p.handle(live('backup'), 36_000))).toEqual(['event:connected:backup']);
    // One dying never stops the other.
    const cmds = p.handle(down('backup', 'rejected'), 50_000);
    expect(cmds.filter((c) => c.type === 'stopUplink').map((c) => (c as { role: string }).role)).toEqual(['backup']);
    expect(p.state()).toMatchObject({ active: 'primary', overlap: null });
  });
});

describe('single endpoint', () => {
  it('reconnects with back-off and gives up after the budget', () => {
    const p = makePolicy({ hasBackup: false });
    const startsAt: number[] = [];
    let now = 0;
    let cmds = p.handle({ type: 'start' }, now);
    let guard = 0;
    while (!cmds.some((c) => c.type === 'giveUp') && guard++ < 100) {
      if (cmds.some((c) => c.type === 'startUplink')) startsAt.push(now);
      expect(cmds.some((c) => c.type === 'startUplink' && c.role === 'backup')).toBe(false);
      const wake = cmds.find((c) => c.type === 'wakeAt');
      now = wake?.type === 'wakeAt' ? wake.atMs : Number.NaN;
      cmds = p.handle(tick, now);
    }
    // Attempts time out after 8 s; back-off 10, 20, 40, 80, 120 s from each failure.
    expect(startsAt).toEqual([0, 18_000, 46_000, 94_000, 182_000]);
    expect(now).toBe(300_000);
    expect(cmds).toEqual([
      { type: 'event', kind: 'error', detail: 'no ingest was reachable for 300.0 s; giving up' },
      { type: 'giveUp', detail: 'no ingest was reachable for 300.0 s; giving up' },
    ]);
    expect(p.state().phase).toBe('gaveUp');
    expect(p.handle(tick, 400_000)).toEqual([]);
  });

  it('counts the budget from the last time an uplink was live, and resets back-off after a stable session', () => {
    const p = makePolicy({ hasBackup: false, retryBudgetMs: 60_000 });
    p.handle({ type: 'start' }, 0);
    p.handle(live('primary'), 1_000);
    p.handle(down('primary'), 5_000); // short session: failure 1
    p.handle(tick, 15_000);
    p.handle(live('primary'), 15_500);
    p.handle(down('primary'), 16_000); // failure 2 → 20 s
    expect(p.state().uplinks.primary).toMatchObject({ consecutiveFailures: 2, nextRetryAtMs: 36_000 });
    p.handle(tick, 36_000);
    p.handle(live('primary'), 36_500);
    p.handle(down('primary'), 100_000); // live 63.5 s ≥ 30 s: back to the first step
    expect(p.state().uplinks.primary).toMatchObject({ consecutiveFailures: 1, nextRetryAtMs: 110_000 });
    expect(p.state().giveUpAtMs).toBe(160_000);
    const stopAt = p.handle(tick, 110_000); // attempt #4 opens and is still connecting at the deadline
    expect(brief(stopAt)).toEqual(['start:primary#4', 'event:retry:primary', 'wake:118000']);
    p.handle(tick, 118_000); // timeout → retry at 138 s
    p.handle(tick, 138_000);
    expect(brief(p.handle(tick, 146_000))).toEqual(['stop:primary', 'event:down:primary', 'wake:160000']);
    expect(brief(p.handle(tick, 160_000))).toEqual(['event:error', 'giveUp']);
  });
});

describe('stop', () => {
  it('stops every open uplink and reports stopped', () => {
    const p = makePolicy({ mode: 'redundant' });
    p.handle({ type: 'start' }, 0);
    p.handle(live('primary'), 100);
    expect(p.handle({ type: 'stop' }, 200)).toEqual([
      { type: 'stopUplink', role: 'primary', reason: 'broadcast stopped' },
      { type: 'stopUplink', role: 'backup', reason: 'broadcast stopped' },
      { type: 'setActive', role: null, reason: 'broadcast stopped' },
      { type: 'event', kind: 'stopped', detail: 'broadcast stopped' },
    ]);
    expect(p.state()).toMatchObject({ phase: 'stopped', active: null, giveUpAtMs: null, uplinks: { primary: { state: 'stopped' }, backup: { state: 'stopped' } } });
    expect(p.handle(live('primary'), 300)).toEqual([]);
    expect(p.handle(tick, 10_000)).toEqual([]);
  });

  it('does not stop uplinks that are already down or parked', () => {
    const p = makePolicy();
    p.handle({ type: 'start' }, 0);
    p.handle(live('primary'), 100);
    p.handle(down('primary'), 1_000);
    expect(brief(p.handle({ type: 'stop' }, 2_000))).toEqual(['stop:backup', 'event:stopped']);
  });
});

/** A host that obeys the commands, drives random events and checks the policy's invariants on every step. */
function fuzz(seed: number, mode: 'failover' | 'redundant', hasBackup: boolean, seen: Set<string>): void {
  const rnd = seeded(seed);
  const minGapMs = 10_000;
  const p = createFailoverPolicy(
    { mode, hasBackup, random: seeded(seed ^ 0x5bd1e995), retryBackoff: { initialMs: 1_000, maxMs: 20_000, jitterRatio: 0.5 }, retryBudgetMs: 120_000 },
    0,
  );
  const roles: IngestRole[] = hasBackup ? ['primary', 'backup'] : ['primary'];
  const open = new Set<IngestRole>();
  const isLive = new Set<IngestRole>();
  const lastStart = new Map<IngestRole, number>();
  const attempt = new Map<IngestRole, number>();
  let wakeAt: number | null = null;
  let lastLiveMs = 0;
  let now = 0;
  let done = false;
  const apply = (cmds: PolicyCommand[], ev: PolicyEvent): void => {
    for (const c of cmds) {
      seen.add(c.type === 'event' ? `event:${c.kind}` : c.type);
      const where = `seed ${seed} t=${now} after ${JSON.stringify(ev)}: ${JSON.stringify(c)}`;
      if (c.type === 'startUplink') {
        expect(open.has(c.role), `second connection to one URL — ${where}`).toBe(false);
        const prev = lastStart.get(c.role);
        if (prev !== undefined) expect(now - prev, `attempts too close — ${where}`).toBeGreaterThanOrEqual(minGapMs);
        expect(c.attempt, where).toBe((attempt.get(c.role) ?? 0) + 1);
        attempt.set(c.role, c.attempt);
        lastStart.set(c.role, now);
        open.add(c.role);
      } else if (c.type === 'stopUplink') {
        open.delete(c.role);
        isLive.delete(c.role);
      } else if (c.type === 'setActive') {
        if (c.role !== null) expect(isLive.has(c.role), `active but not live — ${where}`).toBe(true);
      } else if (c.type === 'wakeAt') {
        expect(c.atMs, where).toBeGreaterThan(now);
        wakeAt = c.atMs;
      } else if (c.type === 'giveUp') {
        expect(isLive.size, where).toBe(0);
        expect(now - lastLiveMs, `gave up early — ${where}`).toBeGreaterThanOrEqual(120_000);
        done = true;
      }
    }
    if (isLive.size > 0) lastLiveMs = now;
    if (mode === 'failover' && hasBackup && isLive.has('primary') && open.has('backup')) {
      // The backup may only keep running beside a live primary while it carries the stream (the overlap).
      expect(isLive.has('backup') && p.state().active === 'backup', `backup running needlessly — seed ${seed} t=${now}`).toBe(true);
    }
  };
  apply(p.handle({ type: 'start' }, 0), { type: 'start' });
  for (let step = 0; step < 400 && !done; step++) {
    const roll = rnd();
    const openRoles = roles.filter((r) => open.has(r));
    let ev: PolicyEvent;
    if (roll < 0.35 && wakeAt !== null) {
      now = Math.max(now, wakeAt);
      ev = tick;
    } else {
      now += Math.floor(rnd() * 6_000);
      const role = openRoles[Math.floor(rnd() * openRoles.length)];
      const r2 = rnd();
      if (role && !isLive.has(role) && r2 < 0.6) ev = { type: 'uplinkLive', role, attempt: attempt.get(role) };
      else if (role && r2 < 0.85) ev = { type: 'uplinkDown', role, reason: (['silent', 'closed', 'rejected', 'process-exit'] as const)[Math.floor(rnd() * 4)]! };
      else if (r2 < 0.9) ev = { type: 'platformSwitchedBack' };
      else if (r2 < 0.95) ev = { type: 'uplinkLive', role: roles[Math.floor(rnd() * roles.length)]!, attempt: 0 }; // stale
      else ev = tick;
    }
    const wasOpen = new Set(open);
    const cmds = p.handle(ev, now);
    if (ev.type === 'uplinkLive' && wasOpen.has(ev.role) && ev.attempt === attempt.get(ev.role)) isLive.add(ev.role);
    if (ev.type === 'uplinkDown' && wasOpen.has(ev.role)) {
      expect(cmds.some((c) => c.type === 'stopUplink' && c.role === ev.role), `down without stop — seed ${seed}`).toBe(true);
    }
    apply(cmds, ev);
  }
}

describe('randomized invariants', () => {
  it.each([
    ['failover', true],
    ['redundant', true],
    ['failover', false],
  ] as const)('%s (backup: %s): one connection per URL, ≥ 10 s between attempts, active is live, give-up only after the budget', (mode, hasBackup) => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 150; seed++) fuzz(seed, mode, hasBackup, seen);
    // The random walks must actually reach the interesting transitions, or the invariants prove little.
    const expected = ['giveUp', 'event:retry', 'event:down', 'event:connected'];
    if (hasBackup) expected.push('event:failover', 'event:failback');
    expect([...seen].filter((k) => expected.includes(k)).sort()).toEqual(expected.sort());
  });
});
