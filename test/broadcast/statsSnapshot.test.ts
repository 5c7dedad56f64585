import { describe, expect, it } from 'vitest';
import { EncoderRates } from '../../src/main/broadcast/encoderRates';
import { buildStatsSnapshot, onAirNow, uplinkStats } from '../../src/main/broadcast/statsSnapshot';
import { createFailoverPolicy } from '../../src/main/failover/failoverPolicy';
import type { EncoderProgress } from '../../src/main/ffmpeg/progressParser';
import type { TapSnapshot } from '../../src/main/srt/tapTypes';

function progress(totalBytes: number | null, extra: Partial<EncoderProgress> = {}): EncoderProgress {
  return { frame: 30, fps: 30, bitrateKbps: 900, totalBytes, outTimeUs: 1_000_000, dupFrames: 0, dropFrames: 0, speed: 1, ended: false, ...extra };
}

const tap: TapSnapshot = {
  state: 'connected', rttMs: 101.234, rttVarMs: 2, sendKbps: 1012.6, retransPct: 1.2345, retransPkts: 3, lostPkts: 4,
  linkCapacityKbps: 50_000.4, inFlightPkts: 12, sendBufferMs: 80.6, latencyMs: 2000, streamIdSeen: '1#k', rejection: null,
  recentRetransPct: 3.456, recentLossPct: 0.5, ackAdvancedAgoMs: 20,
  lastIngestPacketAgoMs: 5, bytesSent: 1, pktsSent: 1, malformedPkts: 0, ignoredForeignPkts: 0,
};

describe('EncoderRates', () => {
  it('turns cumulative bytes into the bitrate of the last interval, not ffmpeg’s average since start', () => {
    const rates = new EncoderRates();
    rates.update(progress(100_000, { bitrateKbps: 750 }), 1000);
    expect(rates.stats(1000, 2000, 0).kbps).toBe(750); // first block: nothing to diff against yet
    rates.update(progress(225_000), 2000); // 125 000 bytes in 1 s = 1000 kbps
    expect(rates.stats(2000, 2000, 0)).toEqual({ fps: 30, kbps: 1000, speed: 1, dropped: 0, duplicated: 0, restarts: 0 });
  });

  it('reads 0 fps, kbps and speed once no progress came for the stall time, instead of repeating the last values', () => {
    const rates = new EncoderRates();
    rates.update(progress(100_000, { dropFrames: 3 }), 1000);
    rates.update(progress(225_000, { dropFrames: 3 }), 2000);
    expect(rates.stats(4000, 2000, 1)).toMatchObject({ fps: 30, kbps: 1000, speed: 1 });
    expect(rates.stats(4001, 2000, 1)).toEqual({ fps: 0, kbps: 0, speed: 0, dropped: 3, duplicated: 0, restarts: 1 });
  });

  it('starts the bitrate over for a restarted encoder (its byte counter begins at 0 again)', () => {
    const rates = new EncoderRates();
    rates.update(progress(500_000), 1000);
    rates.restart();
    rates.update(progress(50_000, { bitrateKbps: 400 }), 2000);
    expect(rates.stats(2000, 2000, 1).kbps).toBe(400);
  });

  it('keeps the last known values when ffmpeg reports N/A', () => {
    const rates = new EncoderRates();
    rates.update(progress(100_000, { dropFrames: 2, dupFrames: 1, speed: 0.98 }), 1000);
    rates.update(progress(null, { fps: null, speed: null, dropFrames: null, dupFrames: null, bitrateKbps: null }), 2000);
    expect(rates.stats(2000, 2000, 0)).toMatchObject({ fps: 30, speed: 0.98, dropped: 2, duplicated: 1 });
  });
});

describe('uplinkStats', () => {
  it('rounds the tap figures and shows RTT, capacity and buffer only while live', () => {
    expect(uplinkStats('primary', 'live', tap)).toEqual({
      role: 'primary', state: 'live', rttMs: 101.2, sendKbps: 1013, retransPct: 3.46, retransPctTotal: 1.23, lossPct: 0.5, lostPkts: 4, linkCapacityKbps: 50_000, sendBufferMs: 81,
    });
    expect(uplinkStats('backup', 'down', tap)).toMatchObject({ rttMs: null, linkCapacityKbps: null, sendBufferMs: null, lostPkts: 4 });
    expect(uplinkStats('backup', 'standby', null)).toEqual({
      role: 'backup', state: 'standby', rttMs: null, sendKbps: 0, retransPct: 0, retransPctTotal: 0, lossPct: 0, lostPkts: 0, linkCapacityKbps: null, sendBufferMs: null,
    });
  });
});

describe('buildStatsSnapshot', () => {
  it('lists the configured uplinks primary first with the policy’s states and active role', () => {
    const policy = createFailoverPolicy({ hasBackup: true }, 0);
    policy.handle({ type: 'start' }, 0);
    policy.handle({ type: 'uplinkLive', role: 'primary', attempt: 1 }, 500);
    const warnings = [{ code: 'rtt-high' as const, severity: 'warning' as const, role: 'primary' as const, message: 'm' }];
    const snap = buildStatsSnapshot({ nowMs: 1_795_000_000_123, state: 'live', onAir: { onAir: true, reason: null }, encoder: { fps: 29.97, kbps: 1001.4, speed: 0.9987, dropped: 0, duplicated: 0, restarts: 0 }, policy: policy.state(), taps: { primary: tap }, warnings });
    expect(snap.type).toBe('stats');
    expect(snap.t).toBe(1_795_000_000.123);
    expect(snap.active).toBe('primary');
    expect(snap.encoder).toEqual({ fps: 30, kbps: 1001, speed: 0.999, dropped: 0, duplicated: 0, restarts: 0 });
    expect(snap.state).toBe('live');
    expect(snap).toMatchObject({ onAir: true, onAirReason: null });
    expect(snap.warnings).toEqual(warnings);
    expect(snap.uplinks.map((u) => [u.role, u.state])).toEqual([
      ['primary', 'live'],
      ['backup', 'standby'],
    ]);
  });

  it('has one uplink for a single endpoint', () => {
    const policy = createFailoverPolicy({ hasBackup: false }, 0);
    const snap = buildStatsSnapshot({ nowMs: 0, state: 'notOnAir', onAir: { onAir: false, reason: 'not started' }, encoder: { fps: 0, kbps: 0, speed: 0, dropped: 0, duplicated: 0, restarts: 0 }, policy: policy.state(), taps: {}, warnings: [] });
    expect(snap.uplinks).toHaveLength(1);
  });
});

describe('onAirNow', () => {
  function running(active: 'primary' | 'backup' | null) {
    const policy = createFailoverPolicy({ hasBackup: true }, 0);
    policy.handle({ type: 'start' }, 0);
    if (active === 'primary') policy.handle({ type: 'uplinkLive', role: 'primary', attempt: 1 }, 10);
    return policy.state();
  }

  it('is on air only while the active ingest moved its ACK point within the last second', () => {
    expect(onAirNow(running('primary'), { primary: { ...tap, ackAdvancedAgoMs: 1000 } })).toEqual({ onAir: true, reason: null });
    expect(onAirNow(running('primary'), { primary: { ...tap, ackAdvancedAgoMs: 1400 } })).toEqual({ onAir: false, reason: 'the primary ingest has acknowledged nothing for 1.4 s' });
  });

  it('is not on air after a handshake without acknowledged data, nor with no active ingest', () => {
    expect(onAirNow(running('primary'), { primary: { ...tap, ackAdvancedAgoMs: null } }).reason).toBe('the primary ingest has not acknowledged any data yet');
    expect(onAirNow(running(null), {}).reason).toBe('no ingest carries the stream (connecting or reconnecting)');
    expect(onAirNow(createFailoverPolicy({ hasBackup: false }, 0).state(), {}).onAir).toBe(false);
  });
});

describe('the failback countdowns on the snapshot', () => {
  const encoder = { fps: 30, kbps: 1000, speed: 1, dropped: 0, duplicated: 0, restarts: 0 };
  const at = (policy: ReturnType<typeof createFailoverPolicy>, nowMs: number) =>
    buildStatsSnapshot({ nowMs, state: 'live', onAir: { onAir: true, reason: null }, encoder, policy: policy.state(), taps: {}, warnings: [] });

  it('counts down to the primary retry while it is down, then to the stop of the backup while both push, then goes away', () => {
    const policy = createFailoverPolicy({ hasBackup: true }, 0);
    policy.handle({ type: 'start' }, 0);
    policy.handle({ type: 'uplinkLive', role: 'primary', attempt: 1 }, 500);
    expect(at(policy, 1000).failback).toBeUndefined(); // on the primary: nothing to count
    policy.handle({ type: 'uplinkDown', role: 'primary', reason: 'closed' }, 5000);
    policy.handle({ type: 'uplinkLive', role: 'backup', attempt: 1 }, 5500);
    const retryAtMs = policy.state().uplinks.primary.nextRetryAtMs;
    expect(retryAtMs).not.toBeNull();
    const onBackup = at(policy, 6000);
    expect(onBackup.active).toBe('backup');
    expect(onBackup.failback).toEqual({ primaryRetryInS: Math.ceil(((retryAtMs ?? 0) - 6000) / 1000), backToPrimaryInS: null });
    expect(onBackup.failback?.primaryRetryInS).toBeGreaterThan(0);

    policy.handle({ type: 'uplinkAttempted', role: 'primary', attempt: 2 }, retryAtMs ?? 0);
    policy.handle({ type: 'uplinkLive', role: 'primary', attempt: 2 }, (retryAtMs ?? 0) + 500);
    const overlap = policy.state().overlap;
    expect(overlap).not.toBeNull();
    const nowMs = (retryAtMs ?? 0) + 1000;
    expect(at(policy, nowMs).failback).toEqual({ primaryRetryInS: null, backToPrimaryInS: Math.ceil(((overlap?.failbackAtMs ?? 0) - nowMs) / 1000) });

    policy.handle({ type: 'platformSwitchedBack' }, nowMs + 1000);
    expect(at(policy, nowMs + 1500).failback).toBeUndefined();
  });
});
