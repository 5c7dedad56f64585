import { describe, expect, it } from 'vitest';
import { broadcastWarnings, type WarningSample } from '../../src/main/broadcast/broadcastWarnings';

type Uplink = WarningSample['uplinks'][number];

function uplink(extra: Partial<Uplink> = {}): Uplink {
  return { role: 'primary', state: 'live', rttMs: 30, sendBufferMs: 40, retransPct: 0, ...extra };
}

function sample(atS: number, extra: Partial<WarningSample> = {}): WarningSample {
  return { atMs: atS * 1000, active: 'primary', encoder: { speed: 1, stalledForMs: null }, uplinks: [uplink()], sinks: { primary: 'live' }, ...extra };
}

const codes = (history: WarningSample[], latencyMs = 2000) => broadcastWarnings(history, latencyMs).map((w) => `${w.severity}:${w.code}${w.role ? `:${w.role}` : ''}`);

describe('broadcastWarnings', () => {
  it('is quiet for a healthy broadcast and for no data', () => {
    expect(codes([])).toEqual([]);
    expect(codes([sample(1)])).toEqual([]);
  });

  it('uses 40 % of the latency for RTT (critical above 80 %) and 50 % for the send buffer', () => {
    expect(codes([sample(1, { uplinks: [uplink({ rttMs: 800, sendBufferMs: 1000 })] })])).toEqual([]);
    expect(codes([sample(1, { uplinks: [uplink({ rttMs: 801, sendBufferMs: 1001 })] })])).toEqual(['warning:rtt-high:primary', 'critical:send-buffer-filling:primary']);
    expect(codes([sample(1, { uplinks: [uplink({ rttMs: 1700 })] })])).toEqual(['critical:rtt-high:primary']);
    // Judged against the latency in use: 801 ms is fine with 2999 ms of latency.
    expect(codes([sample(1, { uplinks: [uplink({ rttMs: 801 })] })], 2999)).toEqual([]);
  });

  it('judges only live uplinks on their numbers; a down one is reported as down, critical when nothing else carries', () => {
    const down = uplink({ state: 'down', rttMs: 5000, sendBufferMs: 5000 });
    expect(broadcastWarnings([sample(1, { active: null, uplinks: [down] })], 2000)).toEqual([
      { code: 'uplink-down', severity: 'critical', role: 'primary', message: 'The primary uplink is down and no other ingest carries the stream.' },
    ]);
    expect(codes([sample(1, { active: 'backup', uplinks: [down, uplink({ role: 'backup' })] })])).toEqual(['warning:uplink-down:primary']);
    expect(codes([sample(1, { uplinks: [uplink({ state: 'connecting', rttMs: 5000 })] })])).toEqual([]);
  });

  it('warns about retransmissions over the tap’s recent window (5 s), critical above 15 %, also while an ingest is suspected', () => {
    expect(codes([sample(1, { uplinks: [uplink({ retransPct: 5 })] })])).toEqual([]);
    expect(codes([sample(1, { uplinks: [uplink({ retransPct: 5.1 })] })])).toEqual(['warning:retransmissions-high:primary']);
    expect(codes([sample(1, { uplinks: [uplink({ retransPct: 20, state: 'suspect' })] })])).toEqual(['critical:retransmissions-high:primary']);
  });

  it('warns about a slow encoder only after 5 slow seconds in a row', () => {
    const slow = (s: number) => sample(s, { encoder: { speed: 0.9, stalledForMs: null } });
    expect(codes([sample(0), slow(1), slow(2), slow(3), slow(4)])).toEqual([]);
    expect(codes([slow(1), slow(2), slow(3), slow(4), slow(5)])).toEqual(['warning:encoder-slow']);
  });

  it('names the concrete fix for the broadcast’s settings in the slow-encoder warning', () => {
    const slow = (s: number) => sample(s, { encoder: { speed: 0.3, stalledForMs: null } });
    const load = { width: 1280, height: 720, encoder: 'libx265', preset: 'veryfast' as const };
    expect(broadcastWarnings([slow(1), slow(2), slow(3), slow(4), slow(5)], 2000, load)[0]?.message).toBe(
      'The encoder runs at 0.30× real time, so viewers get a stuttering, delayed picture. Fix: a smaller picture (960x540 instead of 1280x720), ' +
        'or a faster x265 preset (ultrafast instead of veryfast), or a hardware HEVC encoder, if this computer has one.',
    );
  });

  it('reports a stalled encoder as critical, instead of calling it slow', () => {
    const stalled = (s: number) => sample(s, { encoder: { speed: 0, stalledForMs: 2500 } });
    expect(broadcastWarnings([stalled(1), stalled(2), stalled(3), stalled(4), stalled(5)], 2000)).toEqual([
      { code: 'encoder-stalled', severity: 'critical', message: 'The encoder has produced nothing for 2.5 s; it is being restarted (the uplinks stay connected).' },
    ]);
  });

  it('reports a sender that cannot keep up with the fan-out', () => {
    expect(codes([sample(1, { sinks: { primary: 'congested' } })])).toEqual(['warning:fanout-congested:primary']);
    expect(codes([sample(1, { sinks: { primary: 'dropping', backup: 'failed' } })])).toEqual(['critical:fanout-dropping:primary', 'critical:fanout-dropping:backup']);
  });

  it('says nothing of the queue of a sender still waiting for its SRT handshake', () => {
    const connecting = [uplink({ state: 'connecting', rttMs: null, sendBufferMs: null }), uplink({ role: 'backup' })];
    expect(codes([sample(1, { uplinks: connecting, sinks: { primary: 'congested', backup: 'congested' } })])).toEqual(['warning:fanout-congested:backup']);
  });

  it('never puts a stream key in a message (it has none to put)', () => {
    const all = broadcastWarnings([sample(1, { uplinks: [uplink({ rttMs: 1900, sendBufferMs: 1900 })], sinks: { primary: 'dropping' } })], 2000);
    for (const w of all) expect(w.message).toMatch(/^[A-Z].*[.)]$/);
  });
});
