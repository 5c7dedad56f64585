// Scripted timelines and randomized properties for the failover policy: events and clock in, exact commands out.

import { type IngestRole, type UplinkDownReason } from '../../src/shared/broadcastTypes';
import { mulberry32 } from '../support/seededRandom';
import { describe, expect, it } from 'vitest';
import { brief, down, live, makePolicy, tick } from './policyHarness';
import { AppError } from '../../src/main/appError';
import { earliestRetryAtMs } from '../../src/main/failover/backoff';
import { createFailoverPolicy, nextRetryDelayMs, resolveFailoverConfig, type FailoverConfigInput, type FailoverPolicy, type PolicyCommand, type PolicyEvent } from '../../src/main/failover/failoverPolicy';

const seeded = mulberry32;

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
      primaryRetryMinIntervalMs: 10_500, // Gcore's 10 s plus a margin
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

const suspect = (role: IngestRole, detail = 'no ACK for 0.8 s'): PolicyEvent => ({ type: 'uplinkSuspect', role, detail });
const recovered = (role: IngestRole): PolicyEvent => ({ type: 'uplinkRecovered', role });
const refused = (role: IngestRole): PolicyEvent => ({ type: 'uplinkDown', role, reason: 'rejected', detail: 'SRT reject 1403', permanent: true });

/** A policy in failover mode whose primary went live at 1 s. */
function livePrimary(cfg: Partial<FailoverConfigInput> = {}): FailoverPolicy {
  const p = makePolicy(cfg);
  p.handle({ type: 'start' }, 0);
  p.handle(live('primary'), 1_000);
  return p;
}

describe('failover mode: hedged failover', () => {
  it('a glitch shorter than the grace: backup started as a hedge, stopped when the primary answers, no switch', () => {
    const p = livePrimary();
    expect(p.handle(suspect('primary'), 20_000)).toEqual([
      { type: 'startUplink', role: 'backup', fromGop: true, attempt: 1, reason: 'primary is not answering (no ACK for 0.8 s); starting the backup as a hedge' },
      {
        type: 'event',
        kind: 'suspect',
        role: 'primary',
        detail: 'primary is not answering (no ACK for 0.8 s); starting the backup as a hedge; its session is kept for up to 2.5 s',
      },
      { type: 'wakeAt', atMs: 22_500 },
    ]);
    expect(p.state()).toMatchObject({ active: 'primary', uplinks: { primary: { state: 'suspect', suspectSinceMs: 20_000, attempts: 1 } } });
    expect(brief(p.handle(live('backup'), 20_600))).toEqual(['event:connected:backup']);
    expect(p.handle(recovered('primary'), 21_500)).toEqual([
      { type: 'stopUplink', role: 'backup', reason: 'the primary answered again; the backup is not needed' },
      {
        type: 'event',
        kind: 'recovered',
        role: 'primary',
        detail: 'primary answered again after 1.5 s; the hedge backup is stopped (the platform never switched)',
      },
    ]);
    // One primary session throughout, never a setActive away from it, the backup parked without back-off.
    expect(p.state()).toMatchObject({
      active: 'primary',
      overlap: null,
      nextWakeAtMs: null,
      uplinks: { primary: { state: 'live', attempts: 1, consecutiveFailures: 0, suspectSinceMs: null }, backup: { state: 'standby', nextRetryAtMs: null } },
    });
    expect(p.handle(tick, 22_500)).toEqual([]); // the grace deadline passed harmlessly
  });

  it('recovers even before the hedge connected, and the late live report of the stopped hedge is ignored', () => {
    const p = livePrimary();
    p.handle(suspect('primary'), 20_000);
    expect(brief(p.handle(recovered('primary'), 20_300))).toEqual(['stop:backup', 'event:recovered:primary']);
    expect(p.handle({ type: 'uplinkLive', role: 'backup', attempt: 1 }, 20_400)).toEqual([]);
    expect(p.state().uplinks.backup.state).toBe('standby');
  });

  it('silence beyond the grace: the primary is declared down, the live hedge carries the stream, the primary is retried at once', () => {
    const p = livePrimary();
    p.handle(suspect('primary'), 20_000);
    p.handle(live('backup'), 20_600);
    expect(brief(p.handle(tick, 22_499))).toEqual(['wake:22500']);
    expect(p.handle(tick, 22_500)).toEqual([
      { type: 'stopUplink', role: 'primary', reason: 'primary went silent (no answer for 2.5 s after the suspicion)' },
      { type: 'setActive', role: 'backup', reason: 'primary went silent (no answer for 2.5 s after the suspicion)' },
      {
        type: 'event',
        kind: 'failover',
        role: 'primary',
        detail: 'primary went silent (no answer for 2.5 s after the suspicion); the backup carries the stream; primary retry now',
      },
      // The last attempt on the primary URL was 22.5 s ago: the rate limit allows a retry now, not "failure + 10 s".
      { type: 'startUplink', role: 'primary', fromGop: true, attempt: 2, reason: 'retry after 1 failure(s)' },
      { type: 'event', kind: 'retry', role: 'primary', detail: 'retrying primary (attempt 2)' },
      { type: 'wakeAt', atMs: 30_500 },
    ]);
    expect(p.handle(live('primary'), 23_500)).toEqual([
      {
        type: 'event',
        kind: 'connected',
        role: 'primary',
        detail: 'primary connected again; keeping the backup live until the platform switches back (75.0 s)',
      },
      { type: 'wakeAt', atMs: 98_500 },
    ]);
    expect(p.state()).toMatchObject({ active: 'backup', overlap: { sinceMs: 23_500, failbackAtMs: 98_500 } });
    expect(brief(p.handle(tick, 98_499))).toEqual(['wake:98500']);
    expect(p.handle(tick, 98_500)).toEqual([
      { type: 'setActive', role: 'primary', reason: 'the primary has been stable for 75.0 s' },
      { type: 'stopUplink', role: 'backup', reason: 'the primary has been stable for 75.0 s; the backup is not needed' },
      { type: 'event', kind: 'failback', role: 'primary', detail: 'the primary has been stable for 75.0 s; back on the primary, backup stopped' },
    ]);
    expect(p.state()).toMatchObject({ active: 'primary', overlap: null, uplinks: { backup: { state: 'standby' }, primary: { state: 'live' } } });
  });

  it('a suspicion while the hedge cannot start yet (rate limit) says so and keeps the session', () => {
    const p = livePrimary();
    p.handle(suspect('primary'), 20_000);
    p.handle(recovered('primary'), 20_500); // backup attempted at 20 s
    const cmds = p.handle(suspect('primary'), 24_000);
    expect(brief(cmds)).toEqual(['event:suspect:primary', 'wake:26500']);
    expect(cmds[0]).toMatchObject({ detail: expect.stringContaining('the backup cannot be tried yet (ingest rate limit)') });
    // Down at the grace: the primary is retried at once; the backup, allowed from 30 s, goes 5 s after the primary's
    // attempt (nothing is live, so the two take turns).
    const lost = p.handle(tick, 26_500);
    expect(brief(lost)).toEqual(['stop:primary', 'active:null', 'event:failover:primary', 'start:primary#2', 'event:retry:primary', 'wake:31500']);
    expect(lost[2]).toMatchObject({ detail: expect.stringContaining('the backup is tried in 5.0 s (ingest rate limit)') });
    expect(brief(p.handle(tick, 31_500))).toEqual(['start:backup#2', 'event:retry:backup', 'wake:34500']);
  });

  it('suspect and recovered reports for anything but a live (or suspected) session change nothing', () => {
    const p = makePolicy();
    p.handle({ type: 'start' }, 0);
    expect(p.handle(suspect('primary'), 500)).toEqual([]); // still connecting
    expect(p.handle(recovered('primary'), 600)).toEqual([]);
    p.handle(live('primary'), 1_000);
    expect(p.handle(recovered('primary'), 1_100)).toEqual([]); // not suspected
    expect(p.handle({ type: 'uplinkSuspect', role: 'primary', attempt: 9 }, 1_200)).toEqual([]); // stale attempt
    p.handle(suspect('primary'), 2_000);
    expect(p.handle(suspect('primary'), 2_100)).toEqual([]); // duplicate
  });

  it('in redundant mode a suspicion starts nothing and a long one moves the stream to the live backup', () => {
    const p = makePolicy({ mode: 'redundant' });
    p.handle({ type: 'start' }, 0);
    p.handle(live('primary'), 500);
    p.handle(live('backup'), 600);
    expect(brief(p.handle(suspect('primary'), 20_000))).toEqual(['event:suspect:primary', 'wake:22500']);
    expect(brief(p.handle(tick, 22_500))).toEqual(['stop:primary', 'active:backup', 'event:failover:primary', 'start:primary#2', 'event:retry:primary', 'wake:30500']);
  });
});

describe('failover mode: hard failures', () => {
  it.each<UplinkDownReason>(['silent', 'closed', 'rejected', 'process-exit'])('fails over at once when the primary reports %s', (reason) => {
    const p = makePolicy();
    p.handle({ type: 'start' }, 0);
    p.handle(live('primary'), 500);
    const cmds = p.handle(down('primary', reason), 40_000);
    expect(brief(cmds)).toEqual(['stop:primary', 'start:backup#1', 'active:null', 'event:failover:primary', 'start:primary#2', 'event:retry:primary', 'wake:48000']);
    expect(cmds[3]).toMatchObject({ detail: expect.stringMatching(/; switching to the backup; primary retry now$/) });
    expect(p.state().uplinks.primary).toMatchObject({ state: 'connecting', lastDownReason: reason, attempts: 2 });
  });

  it('a primary that never connects is "down", not a failover; its retry waits for the rate limit, not failure + 10 s', () => {
    const p = makePolicy();
    p.handle({ type: 'start' }, 0);
    const cmds = p.handle(tick, 8_000);
    expect(brief(cmds)).toEqual(['stop:primary', 'start:backup#1', 'event:down:primary', 'wake:13000']);
    expect(cmds[0]).toMatchObject({ reason: 'primary got no answer to its SRT handshake within 8.0 s' });
    // The rate limit would allow the primary at 10 s; it goes 5 s after the backup's attempt instead (turns).
    expect(cmds[2]).toMatchObject({ detail: 'primary got no answer to its SRT handshake within 8.0 s; trying the backup; primary retry in 5.0 s' });
    expect(brief(p.handle(tick, 13_000))).toEqual(['start:primary#2', 'event:retry:primary', 'wake:16000']);
  });

  it('a simulated outage behaves as a hard failure', () => {
    const q = makePolicy();
    q.handle({ type: 'start' }, 0);
    q.handle(live('primary'), 100);
    expect(brief(q.handle({ type: 'simulateOutage', role: 'primary' }, 15_000))).toEqual([
      'stop:primary',
      'start:backup#1',
      'active:null',
      'event:failover:primary',
      'start:primary#2',
      'event:retry:primary',
      'wake:23000',
    ]);
    expect(q.state().uplinks.primary.lastDownReason).toBe('simulated');
  });

  it('ends the overlap early when the platform reports it switched back', () => {
    const p = livePrimary();
    p.handle(down('primary'), 20_000);
    p.handle(live('backup'), 21_000);
    p.handle(live('primary'), 21_500);
    expect(brief(p.handle({ type: 'platformSwitchedBack' }, 45_000))).toEqual(['active:primary', 'stop:backup', 'event:failback:primary']);
    expect(p.state().overlap).toBeNull();
    // Outside an overlap the report changes nothing.
    expect(p.handle({ type: 'platformSwitchedBack' }, 46_000)).toEqual([]);
  });

  it('does not ping-pong when the primary flaps during the overlap', () => {
    const p = makePolicy({ retryBackoff: { initialMs: 1_000 } });
    p.handle({ type: 'start' }, 0);
    p.handle(live('primary'), 1_000);
    p.handle(down('primary'), 20_000); // backup #1 and primary #2 start at once
    p.handle(live('backup'), 20_500);
    const all: Array<[number, PolicyCommand[]]> = [];
    let now = 20_000;
    for (let flap = 0; flap < 5; flap++) {
      if (flap > 0) all.push([now, p.handle(tick, now)]); // the retry
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
    const starts = [20_000, ...all.filter(([, c]) => c.some((x) => x.type === 'startUplink')).map(([t]) => t)];
    expect(starts.length).toBe(5);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(10_000);
    // Finally stable: failback exactly stable + margin after the last live.
    p.handle(tick, now);
    p.handle(live('primary'), now + 500);
    expect(brief(p.handle(tick, now + 500 + 74_999))).toEqual([`wake:${now + 500 + 75_000}`]);
    expect(brief(p.handle(tick, now + 500 + 75_000))).toEqual(['active:primary', 'stop:backup', 'event:failback:primary']);
  });

  it('switches straight to the primary when the backup dies during the overlap', () => {
    const p = livePrimary();
    p.handle(down('primary'), 20_000);
    p.handle(live('backup'), 21_000);
    p.handle(live('primary'), 21_500);
    expect(brief(p.handle(down('backup', 'closed'), 40_000))).toEqual(['stop:backup', 'active:primary', 'event:failback:backup']);
    expect(p.state().uplinks.backup).toMatchObject({ state: 'standby', nextRetryAtMs: null });
  });

  it('with nothing live, retries each URL at the rate limit without back-off, the two in turn about 5 s apart', () => {
    const p = livePrimary();
    p.handle(down('primary'), 20_000); // backup #1 and primary #2 at 20 s
    p.handle(live('backup'), 21_000);
    // The primary retry fails while the backup carries the stream: back-off applies (10 s from now).
    expect(brief(p.handle(down('primary', 'connect-timeout'), 25_000))).toEqual(['stop:primary', 'event:down:primary', 'wake:35000']);
    // Then the backup dies too: nothing is live, so the primary is due at its rate limit (30 s) and the backup
    // 5 s after it (35 s), although its own rate limit would allow 30 s.
    const cmds = p.handle(down('backup', 'process-exit'), 26_000);
    expect(brief(cmds)).toEqual(['stop:backup', 'active:null', 'event:down:backup', 'wake:30000']);
    expect(cmds[2]).toMatchObject({ detail: 'backup sender process exited; the primary is down too; backup retry in 9.0 s' });
    expect(p.state().uplinks).toMatchObject({ primary: { nextRetryAtMs: 30_000 }, backup: { nextRetryAtMs: 35_000 } });
    expect(brief(p.handle(tick, 30_000))).toEqual(['start:primary#3', 'event:retry:primary', 'wake:35000']);
    expect(brief(p.handle(tick, 35_000))).toEqual(['start:backup#2', 'event:retry:backup', 'wake:38000']);
    // The primary connects while the backup is still connecting: the backup is stopped, no overlap is needed.
    expect(brief(p.handle(live('primary'), 36_000))).toEqual(['stop:backup', 'active:primary', 'event:connected:primary']);
    expect(p.state().uplinks.backup.state).toBe('standby');
  });

  it('times the rate limit from the attempt\'s first handshake packet, not from the sender\'s start', () => {
    const p = makePolicy({ hasBackup: false });
    p.handle({ type: 'start' }, 0);
    p.handle({ type: 'uplinkAttempted', role: 'primary', attempt: 1 }, 900); // the sender read its input first
    p.handle(live('primary'), 1_000);
    p.handle(down('primary', 'closed'), 5_000);
    // 10 s after the handshake went out (0.9 s), not after the sender started (0 s).
    expect(p.state().uplinks.primary).toMatchObject({ lastAttemptAtMs: 900, nextRetryAtMs: 10_900 });
    // A report for another attempt, or once live, changes nothing.
    p.handle({ type: 'uplinkAttempted', role: 'primary', attempt: 1 }, 6_000);
    expect(p.state().uplinks.primary.lastAttemptAtMs).toBe(900);
  });

  it('both ingests unreachable: attempts alternate about every 5 s and never closer than 10 s on one URL', () => {
    const p = makePolicy();
    const attempts: Array<[number, IngestRole]> = [];
    let now = 0;
    let cmds = p.handle({ type: 'start' }, now);
    while (now < 120_000) {
      for (const c of cmds) if (c.type === 'startUplink') attempts.push([now, c.role]);
      const wake = cmds.find((c) => c.type === 'wakeAt');
      now = wake?.type === 'wakeAt' ? wake.atMs : Number.NaN;
      cmds = p.handle(tick, now);
    }
    const gaps = attempts.slice(1).map(([t], i) => t - attempts[i]![0]);
    // After the start-up (primary at 0, backup when it times out at 8 s) every gap is about half the rate limit.
    expect(attempts.slice(0, 4)).toEqual([
      [0, 'primary'],
      [8_000, 'backup'],
      [13_000, 'primary'],
      [18_000, 'backup'],
    ]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(8_000);
    expect(attempts.length).toBeGreaterThanOrEqual(20);
    for (const role of ['primary', 'backup'] as const) {
      const mine = attempts.filter(([, r]) => r === role).map(([t]) => t);
      for (let i = 1; i < mine.length; i++) expect(mine[i]! - mine[i - 1]!).toBeGreaterThanOrEqual(10_000);
    }
  });

  it('defers the failover start when the backup was attempted less than the minimum gap ago', () => {
    const p = livePrimary();
    p.handle(down('primary'), 20_000); // backup #1 and primary #2 at 20 s
    p.handle(down('backup', 'rejected'), 20_500);
    expect(brief(p.handle(live('primary'), 21_000))).toEqual(['active:primary', 'event:connected:primary']);
    const cmds = p.handle(down('primary'), 23_000); // the backup may not be tried again before 30 s
    expect(brief(cmds)).toEqual(['stop:primary', 'active:null', 'event:failover:primary', 'wake:30000']);
    expect(cmds[2]).toMatchObject({ detail: expect.stringContaining('(the backup may be tried again in 12.0 s); primary retry in 7.0 s') });
    // Both due at 30 s: the primary goes first, the backup 5 s later.
    expect(brief(p.handle(tick, 30_000))).toEqual(['start:primary#3', 'event:retry:primary', 'wake:35000']);
    expect(brief(p.handle(tick, 35_000))).toEqual(['start:backup#2', 'event:retry:backup', 'wake:38000']);
  });

  it('ignores stale and duplicate reports', () => {
    const p = makePolicy();
    p.handle({ type: 'start' }, 0);
    expect(p.handle({ type: 'uplinkLive', role: 'backup' }, 100)).toEqual([]); // backup not started
    expect(p.handle({ type: 'uplinkLive', role: 'primary', attempt: 7 }, 200)).toEqual([]); // wrong attempt
    expect(brief(p.handle({ type: 'uplinkLive', role: 'primary', attempt: 1 }, 300))).toEqual(['active:primary', 'event:connected:primary']);
    expect(p.handle(live('primary'), 400)).toEqual([]);
    p.handle({ type: 'uplinkDown', role: 'primary', reason: 'silent', attempt: 1 }, 10_000);
    // The first attempt's sender exiting after the tap already declared it down adds nothing (attempt 2 runs now).
    expect(p.handle({ type: 'uplinkDown', role: 'primary', reason: 'process-exit', attempt: 1 }, 10_050)).toEqual([]);
    expect(p.handle({ type: 'start' }, 10_100)).toEqual([]);
  });
});

describe('refusals', () => {
  it('an ingest that refuses the key twice is not tried again; the other carries on', () => {
    const p = makePolicy();
    p.handle({ type: 'start' }, 0);
    const first = p.handle(refused('primary'), 300);
    expect(brief(first)).toEqual(['stop:primary', 'start:backup#1', 'event:down:primary', 'wake:8300']);
    expect(first[2]).toMatchObject({ detail: expect.stringContaining('one more attempt in 9.7 s to confirm') });
    p.handle(live('backup'), 900);
    p.handle(tick, 10_000); // the confirming attempt
    expect(brief(p.handle(refused('primary'), 10_200))).toEqual(['stop:primary', 'event:down:primary']);
    expect(p.state().uplinks.primary).toMatchObject({ state: 'refused', refusals: 2, nextRetryAtMs: null });
    expect(p.state()).toMatchObject({ active: 'backup', phase: 'running' });
    // A refused ingest is never retried, and the backup is never parked for it.
    expect(p.handle(tick, 60_000)).toEqual([]);
    expect(brief(p.handle(down('backup', 'closed'), 61_000))).toEqual(['stop:backup', 'active:null', 'event:down:backup', 'start:backup#2', 'event:retry:backup', 'wake:69000']);
  });

  it('every ingest refusing the stream ends the broadcast with reason "refused" within seconds', () => {
    const p = makePolicy();
    let out = p.handle({ type: 'start' }, 0);
    let now = 0;
    const seen: PolicyCommand[] = [];
    for (let guard = 0; guard < 20 && !out.some((c) => c.type === 'giveUp'); guard++) {
      seen.push(...out);
      const starts = out.filter((c) => c.type === 'startUplink');
      const wake = out.find((c) => c.type === 'wakeAt');
      if (starts.length > 0) {
        now += 200; // the ingest answers each handshake with a rejection
        out = starts.flatMap((c) => p.handle(refused((c as { role: IngestRole }).role), now));
      } else {
        now = wake?.type === 'wakeAt' ? wake.atMs : Number.NaN;
        out = p.handle(tick, now);
      }
    }
    const giveUp = out.find((c) => c.type === 'giveUp');
    expect(giveUp).toMatchObject({ reason: 'refused', detail: expect.stringContaining('every ingest refused the stream') });
    expect(giveUp).toMatchObject({ detail: expect.stringContaining('check the stream key') });
    expect(now).toBeLessThan(15_000);
    expect(p.state()).toMatchObject({ phase: 'gaveUp', active: null, uplinks: { primary: { state: 'refused' }, backup: { state: 'refused' } } });
    // Nothing was ever on air: no failover event on the way.
    expect([...seen, ...out].some((c) => c.type === 'event' && c.kind === 'failover')).toBe(false);
  });

  it('an attempt the ingest dropped silently (connect timeout) between two refusals does not reset the count', () => {
    const p = makePolicy({ hasBackup: false });
    p.handle({ type: 'start' }, 0);
    p.handle(refused('primary'), 300);
    p.handle(tick, 10_000);
    p.handle(tick, 18_000); // attempt 2 times out: the rate limiter dropped it
    expect(p.state().uplinks.primary).toMatchObject({ state: 'down', refusals: 1 });
    p.handle(tick, 20_000);
    const out = p.handle(refused('primary'), 20_200);
    expect(out.find((c) => c.type === 'giveUp')).toMatchObject({ reason: 'refused' });
  });

  it('a transient rejection in between resets the count', () => {
    const p = makePolicy({ hasBackup: false });
    p.handle({ type: 'start' }, 0);
    p.handle(refused('primary'), 100);
    p.handle(tick, 10_000);
    p.handle(down('primary', 'rejected'), 10_100); // e.g. overload: not permanent
    expect(p.state().uplinks.primary).toMatchObject({ state: 'down', refusals: 0 });
  });
});

describe('redundant mode', () => {
  it('starts the backup once the primary is live, keeps them independent and prefers the primary as active', () => {
    const p = makePolicy({ mode: 'redundant' });
    // The platform starts viewers on whichever ingest gets data first: the backup waits for the primary's outcome.
    expect(brief(p.handle({ type: 'start' }, 0))).toEqual(['start:primary#1', 'wake:8000']);
    expect(p.state().uplinks.backup.state).toBe('standby');
    expect(brief(p.handle(live('primary'), 500))).toEqual(['start:backup#1', 'active:primary', 'event:connected:primary', 'wake:8500']);
    expect(brief(p.handle(live('backup'), 700))).toEqual(['event:connected:backup']);
    expect(brief(p.handle(down('primary', 'closed'), 20_000))).toEqual(['stop:primary', 'active:backup', 'event:failover:primary', 'start:primary#2', 'event:retry:primary', 'wake:28000']);
    expect(brief(p.handle(live('primary'), 21_000))).toEqual(['active:primary', 'event:failback:primary']);
    expect(brief(p.handle(down('backup', 'silent'), 25_000))).toEqual(['stop:backup', 'event:down:backup', 'start:backup#2', 'event:retry:backup', 'wake:33000']);
    // A second failure in a row backs off (10 s) while the other ingest is live.
    expect(brief(p.handle(down('backup', 'process-exit'), 26_000))).toEqual(['stop:backup', 'event:down:backup', 'wake:36000']);
    expect(brief(p.handle(tick, 36_000))).toEqual(['start:backup#3', 'event:retry:backup', 'wake:44000']);
    expect(brief(p.handle(live('backup'), 36_500))).toEqual(['event:connected:backup']);
    // One dying never stops the other.
    const cmds = p.handle(down('backup', 'rejected'), 50_000);
    expect(cmds.filter((c) => c.type === 'stopUplink').map((c) => (c as { role: string }).role)).toEqual(['backup']);
    expect(p.state()).toMatchObject({ active: 'primary', overlap: null });
  });

  it('starts the backup at once when the primary cannot connect', () => {
    const p = makePolicy({ mode: 'redundant' });
    p.handle({ type: 'start' }, 0);
    expect(brief(p.handle(tick, 8_000))).toEqual(['stop:primary', 'start:backup#1', 'event:down:primary', 'wake:13000']);
    expect(brief(p.handle(refused('primary'), 8_100))).toEqual([]); // a stale report of the timed-out attempt
  });
});

describe('single endpoint', () => {
  it('while nothing is live, retries at the rate limit and gives up after the budget', () => {
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
    // Attempts time out after 8 s; the next is due 10 s after the previous one started: one every 10 s.
    expect(startsAt).toEqual(Array.from({ length: 30 }, (_, i) => i * 10_000));
    expect(now).toBe(300_000);
    expect(cmds).toEqual([
      { type: 'event', kind: 'error', detail: 'no ingest was reachable for 300.0 s; giving up' },
      { type: 'giveUp', reason: 'unreachable', detail: 'no ingest was reachable for 300.0 s; giving up' },
    ]);
    expect(p.state().phase).toBe('gaveUp');
    expect(p.handle(tick, 400_000)).toEqual([]);
  });

  it('counts the budget from the last time an uplink was live', () => {
    const p = makePolicy({ hasBackup: false, retryBudgetMs: 60_000 });
    p.handle({ type: 'start' }, 0);
    p.handle(live('primary'), 1_000);
    p.handle(down('primary'), 100_000);
    expect(p.state().giveUpAtMs).toBe(160_000);
    expect(brief(p.handle(tick, 160_000)).slice(-2)).toEqual(['event:error', 'giveUp']);
  });
});

describe('back-off', () => {
  it('applies only while another ingest is live, and resets after a stable session', () => {
    const p = makePolicy({ mode: 'redundant' });
    p.handle({ type: 'start' }, 0);
    p.handle(live('primary'), 500); // the backup starts now
    p.handle(live('backup'), 600);
    p.handle(down('backup'), 5_000); // failure 1: due at the rate limit (10 s after its attempt at 0.5 s)
    expect(p.state().uplinks.backup).toMatchObject({ consecutiveFailures: 1, nextRetryAtMs: 10_500 });
    p.handle(tick, 10_500);
    p.handle(live('backup'), 11_000);
    p.handle(down('backup'), 11_500); // failure 2 → 10 s back-off
    expect(p.state().uplinks.backup).toMatchObject({ consecutiveFailures: 2, nextRetryAtMs: 21_500 });
    p.handle(tick, 21_500);
    p.handle(live('backup'), 22_000);
    p.handle(down('backup'), 22_500); // failure 3 → 20 s
    expect(p.state().uplinks.backup).toMatchObject({ consecutiveFailures: 3, nextRetryAtMs: 42_500 });
    p.handle(tick, 42_500);
    p.handle(live('backup'), 43_000);
    p.handle(down('backup'), 100_000); // live 57 s ≥ 30 s: the back-off starts over, and the retry is at once
    expect(p.state().uplinks.backup).toMatchObject({ consecutiveFailures: 1, state: 'connecting', attempts: 5 });
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
        if (c.reason === 'unreachable') expect(now - lastLiveMs, `gave up early — ${where}`).toBeGreaterThanOrEqual(120_000);
        else expect(roles.every((r) => p.state().uplinks[r].state === 'refused'), `refused while an ingest was not — ${where}`).toBe(true);
        done = true;
      }
    }
    if (isLive.size > 0) lastLiveMs = now;
    if (mode === 'failover' && hasBackup && isLive.has('primary') && open.has('backup')) {
      // The backup may only run beside a live primary while it carries the stream (the overlap) or as the hedge of
      // a suspected primary.
      const hedge = p.state().uplinks.primary.state === 'suspect';
      expect(hedge || (isLive.has('backup') && p.state().active === 'backup'), `backup running needlessly — seed ${seed} t=${now}`).toBe(true);
    }
  };
  apply(p.handle({ type: 'start' }, 0), { type: 'start' });
  const suspected = new Set<IngestRole>();
  const refusedRoles = new Set<IngestRole>();
  /** During a blackout no ingest answers (nothing goes live), so the give-up budget can run out. */
  let blackoutUntilMs = 0;
  for (let step = 0; step < 400 && !done; step++) {
    const roll = rnd();
    if (rnd() < 0.01) blackoutUntilMs = now + 150_000;
    const openRoles = roles.filter((r) => open.has(r));
    let ev: PolicyEvent;
    if ((roll < 0.35 || now < blackoutUntilMs) && wakeAt !== null) {
      now = Math.max(now, wakeAt);
      ev = tick;
    } else {
      now += Math.floor(rnd() * 6_000);
      const role = openRoles[Math.floor(rnd() * openRoles.length)];
      const r2 = rnd();
      if (role && !isLive.has(role) && r2 < 0.5) ev = { type: 'uplinkLive', role, attempt: attempt.get(role) };
      else if (role && isLive.has(role) && !suspected.has(role) && r2 < 0.3) ev = { type: 'uplinkSuspect', role, attempt: attempt.get(role) };
      else if (role && suspected.has(role) && r2 < 0.5) ev = { type: 'uplinkRecovered', role, attempt: attempt.get(role) };
      else if (role && !isLive.has(role) && r2 < 0.58) ev = { type: 'uplinkDown', role, reason: 'rejected', permanent: true, attempt: attempt.get(role) };
      else if (role && r2 < 0.85) ev = { type: 'uplinkDown', role, reason: (['silent', 'closed', 'rejected', 'process-exit'] as const)[Math.floor(rnd() * 4)]! };
      else if (r2 < 0.9) ev = { type: 'platformSwitchedBack' };
      else if (r2 < 0.95) ev = { type: 'uplinkLive', role: roles[Math.floor(rnd() * roles.length)]!, attempt: 0 }; // stale
      else ev = tick;
    }
    const wasOpen = new Set(open);
    const cmds = p.handle(ev, now);
    if (ev.type === 'uplinkLive' && wasOpen.has(ev.role) && ev.attempt === attempt.get(ev.role)) isLive.add(ev.role);
    if (ev.type === 'uplinkSuspect' && cmds.some((c) => c.type === 'event' && c.kind === 'suspect')) suspected.add(ev.role);
    if (ev.type === 'uplinkDown' && wasOpen.has(ev.role)) {
      expect(cmds.some((c) => c.type === 'stopUplink' && c.role === ev.role), `down without stop — seed ${seed}`).toBe(true);
    }
    for (const c of cmds) {
      if (c.type === 'stopUplink' || (c.type === 'event' && c.kind === 'recovered' && c.role)) suspected.delete(c.type === 'stopUplink' ? c.role : c.role!);
      if (c.type === 'startUplink') {
        expect(refusedRoles.has(c.role), `a refused ingest was tried again — seed ${seed} t=${now}`).toBe(false);
        suspected.delete(c.role);
      }
    }
    apply(cmds, ev);
    for (const r of roles) if (p.state().uplinks[r].state === 'refused') refusedRoles.add(r);
    if (p.state().phase === 'gaveUp') done = true;
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
    const expected = ['giveUp', 'event:retry', 'event:down', 'event:connected', 'event:suspect', 'event:recovered'];
    if (hasBackup) expected.push('event:failover', 'event:failback');
    expect([...seen].filter((k) => expected.includes(k)).sort()).toEqual(expected.sort());
  });
});
