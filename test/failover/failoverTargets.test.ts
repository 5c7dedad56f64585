// The failover policy when the stream's key or passphrase changes during a broadcast, or the stream can no longer be
// pushed to: events and an injected clock in, exact commands out.

import { describe, expect, it } from 'vitest';
import { brief, live, makePolicy, tick } from './policyHarness';
import type { IngestRole } from '../../src/shared/broadcastTypes';
import type { FailoverConfigInput, FailoverPolicy, PolicyEvent } from '../../src/main/failover/failoverPolicy';

const changed = (roles: IngestRole[], reason = 'the stream key was reset', resume = false): PolicyEvent => ({ type: 'targetsChanged', roles, reason, resume });

/** Started at 0, primary live at 500 ms. */
function livePrimary(cfg: Partial<FailoverConfigInput> = {}): FailoverPolicy {
  const p = makePolicy(cfg);
  p.handle({ type: 'start' }, 0);
  p.handle(live('primary'), 500);
  return p;
}

describe('targetsChanged: new credentials during a broadcast', () => {
  it('restarts the live primary at once on the new URL (the 10 s gap is per URL), fed from the GOP; the backup stays parked', () => {
    const p = livePrimary();
    const out = p.handle(changed(['primary', 'backup']), 3_000);
    expect(brief(out)).toEqual(['stop:primary', 'start:primary#2', 'active:null', 'event:targets-changed:primary', 'wake:11000']);
    expect(out.find((c) => c.type === 'event')).toMatchObject({ detail: 'the stream key was reset; the primary reconnects with the new settings now (attempt 2)' });
    expect(p.state()).toMatchObject({
      changePending: false,
      uplinks: { primary: { state: 'connecting', attempts: 2, lastAttemptAtMs: 3_000, refusals: 0 }, backup: { state: 'standby', lastAttemptAtMs: null } },
      giveUpAtMs: 303_000,
    });
    // The old sender's late reports are about attempt 1: ignored.
    expect(p.handle({ type: 'uplinkDown', role: 'primary', reason: 'closed', attempt: 1 }, 3_100)).toEqual([]);
    expect(brief(p.handle(live('primary', 2), 3_700))).toEqual(['active:primary', 'event:connected:primary']);
    expect(p.state()).toMatchObject({ active: 'primary', giveUpAtMs: null, uplinks: { primary: { state: 'live', attempts: 2 } } });
  });

  it('holds attempts while the change is under way: a primary cut by the platform meanwhile is retried only with the new key', () => {
    const p = livePrimary();
    p.handle(tick, 12_000); // long enough after the first attempt for a retry to be allowed at once
    expect(p.handle({ type: 'targetsChanging' }, 12_000)).toEqual([]);
    // The platform ends the connection that used the old key before the API has answered.
    const cut = p.handle({ type: 'uplinkDown', role: 'primary', reason: 'closed', attempt: 1 }, 12_010);
    expect(brief(cut)).toEqual(['stop:primary', 'active:null', 'event:failover:primary', 'wake:312010']); // only the give-up budget
    expect(cut.find((c) => c.type === 'event')).toMatchObject({ detail: expect.stringContaining('switching to the backup (once the new key or passphrase is known)') });
    expect(p.state()).toMatchObject({ changePending: true, uplinks: { primary: { state: 'down' }, backup: { state: 'down', attempts: 0 } } });
    expect(brief(p.handle(tick, 12_020))).toEqual(['wake:312010']); // no retry, no busy wake-up loop
    const after = p.handle(changed(['primary', 'backup']), 12_040);
    expect(brief(after)).toEqual(['start:primary#2', 'event:targets-changed:primary', 'wake:20040']);
    expect(p.state().uplinks.backup).toMatchObject({ state: 'standby', attempts: 0 });
  });

  it('an empty change (the API call failed) only releases the hold: deferred attempts start under the normal rules', () => {
    const p = livePrimary();
    p.handle({ type: 'targetsChanging' }, 20_000);
    p.handle({ type: 'uplinkDown', role: 'primary', reason: 'closed', attempt: 1 }, 20_010);
    // Both are due; with nothing live the two take turns, the primary first.
    expect(brief(p.handle(changed([]), 20_500))).toEqual(['start:primary#2', 'event:retry:primary', 'wake:25010']);
    p.handle(tick, 25_010);
    expect(brief(p.handle(tick, 25_500))).toEqual(['start:backup#1', 'event:retry:backup', 'wake:28500']);
    expect(p.state().changePending).toBe(false);
  });

  it('forgets the refusals of the old key: a refused primary is tried again at once', () => {
    const p = makePolicy({ hasBackup: false });
    p.handle({ type: 'start' }, 0);
    p.handle({ type: 'uplinkDown', role: 'primary', reason: 'rejected', permanent: true }, 300);
    expect(p.state().uplinks.primary).toMatchObject({ state: 'down', refusals: 1, nextRetryAtMs: 10_000 });
    expect(brief(p.handle(changed(['primary']), 1_000))).toEqual(['start:primary#2', 'event:targets-changed:primary', 'wake:9000']);
    expect(p.state().uplinks.primary).toMatchObject({ state: 'connecting', refusals: 0, consecutiveFailures: 0 });
  });

  it('redundant mode restarts both uplinks', () => {
    const p = makePolicy({ mode: 'redundant' });
    p.handle({ type: 'start' }, 0);
    p.handle(live('primary'), 400);
    p.handle(live('backup'), 450);
    expect(brief(p.handle(changed(['primary', 'backup'], 'the SRT passphrase changed'), 5_000))).toEqual([
      'stop:primary',
      'start:primary#2',
      'stop:backup',
      'start:backup#2',
      'active:null',
      'event:targets-changed:primary',
      'event:targets-changed:backup',
      'wake:13000',
    ]);
  });

  it('during the failback overlap, restarts the primary and parks the backup (the primary has priority and starts its 60 s over)', () => {
    const p = livePrimary({ connectTimeoutMs: 8_000 });
    p.handle({ type: 'uplinkDown', role: 'primary', reason: 'closed', attempt: 1 }, 20_000); // backup#1 and primary#2 started
    p.handle(live('backup'), 20_500);
    p.handle(live('primary'), 21_000);
    expect(p.state().overlap).not.toBeNull();
    expect(brief(p.handle(changed(['primary', 'backup']), 40_000))).toEqual([
      'stop:primary',
      'start:primary#3',
      'stop:backup',
      'active:null',
      'event:targets-changed:primary',
      'wake:48000',
    ]);
    expect(p.state()).toMatchObject({ overlap: null, uplinks: { backup: { state: 'standby' } } });
  });

  it('a change of the backup alone while the primary carries the stream is used at the next connection', () => {
    const p = livePrimary();
    expect(brief(p.handle(changed(['backup']), 2_000))).toEqual(['event:targets-changed']);
  });
});

describe('targetsUnavailable: the stream was disabled or deleted', () => {
  it('stops every uplink with the reason, retries nothing, never gives up, and resumes on targetsChanged', () => {
    const p = livePrimary();
    const out = p.handle({ type: 'targetsUnavailable', reason: 'the stream was disabled' }, 5_000);
    expect(brief(out)).toEqual(['stop:primary', 'active:null', 'event:down']);
    expect(out.at(-1)).toMatchObject({ detail: 'the stream was disabled; every uplink is stopped until the stream can be pushed to again' });
    expect(p.state()).toMatchObject({ phase: 'running', held: 'the stream was disabled', giveUpAtMs: null, nextWakeAtMs: null });
    // The stopped sender's reports, outages and ticks change nothing, even past the retry budget.
    expect(p.handle({ type: 'uplinkDown', role: 'primary', reason: 'closed', attempt: 1 }, 5_100)).toEqual([]);
    expect(p.handle({ type: 'simulateOutage', role: 'primary' }, 6_000)).toEqual([]);
    expect(p.handle(tick, 900_000)).toEqual([]);
    expect(p.handle({ type: 'targetsUnavailable', reason: 'the stream was deleted' }, 900_001)).toEqual([]);
    expect(p.state().held).toBe('the stream was deleted');
    expect(p.handle(changed(['primary'], 'the stream key was reset'), 900_050)).toEqual([]); // still held: no resume
    const back = p.handle(changed([], 'the stream was enabled again', true), 900_100);
    expect(brief(back)).toEqual(['event:targets-changed', 'start:primary#2', 'wake:908100']);
    expect(p.state()).toMatchObject({ held: null, giveUpAtMs: 1_200_100, uplinks: { primary: { state: 'connecting' }, backup: { state: 'standby' } } });
  });
});
