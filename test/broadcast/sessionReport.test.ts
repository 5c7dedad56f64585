// The session report builder and its per-second CSV, from fake stats seconds and events with an injected clock.

import { describe, expect, it } from 'vitest';
import { BroadcastHistoryStore } from '../../src/main/app/broadcastHistory';
import { reportFileName } from '../../src/main/app/sessionReportCalls';
import { SessionRecorder } from '../../src/main/broadcast/sessionRecorder';
import { buildSessionReport, lostOverSessions, minAvgMax, type SessionReportInput } from '../../src/main/broadcast/sessionReport';
import { CSV_COLUMNS, sessionCsv } from '../../src/main/broadcast/sessionReportCsv';
import type { BroadcastEvent, BroadcastState, StatsSnapshot, UplinkStats } from '../../src/shared/broadcastTypes';
import type { ViewerStory } from '../../src/shared/rehearsalTypes';

function fakeUplink(role: UplinkStats['role'], extra: Partial<UplinkStats> = {}): UplinkStats {
  return { role, state: 'live', rttMs: 30, sendKbps: 2600, retransPct: 0.5, retransPctTotal: 0.5, lossPct: 0, lostPkts: 0, linkCapacityKbps: 50_000, sendBufferMs: 40, ...extra };
}

/** A healthy second on the primary at unix second `t`; override any part. */
function fakeSnapshot(t: number, extra: Partial<StatsSnapshot> = {}): StatsSnapshot {
  return {
    type: 'stats', t, state: 'live', onAir: true, onAirReason: null, active: 'primary', uplinks: [fakeUplink('primary')], warnings: [],
    encoder: { fps: 30, kbps: 2500, speed: 1.0, dropped: 0, duplicated: 0, restarts: 0 },
    ...extra,
  };
}

const T0 = 1_800_000_000; // unix seconds of the start

function event(t: number, kind: BroadcastEvent['kind'], detail: string, extra: Partial<BroadcastEvent> = {}): BroadcastEvent {
  return { type: 'event', t, kind, detail, ...extra };
}

/**
 * A 10 s broadcast: 4 s on the primary (RTT 20–50 ms, 1 packet lost), a failover, 3 s on the backup while the primary
 * is down, the primary back in a new SRT session (its lost count restarts at 0, then 2), 1 s not on air.
 */
function tenSeconds(): StatsSnapshot[] {
  const primaryRtts = [20, 30, 40, 50];
  const seconds: StatsSnapshot[] = primaryRtts.map((rtt, i) =>
    fakeSnapshot(T0 + 1 + i, { uplinks: [fakeUplink('primary', { rttMs: rtt, sendKbps: 2000 + i * 200, lostPkts: i === 3 ? 1 : 0 }), fakeUplink('backup', { state: 'standby', sendKbps: 0, rttMs: null })] }),
  );
  for (let i = 0; i < 3; i += 1) {
    seconds.push(fakeSnapshot(T0 + 5 + i, {
      active: 'backup',
      encoder: { fps: 30, kbps: 2400, speed: 0.9, dropped: 0, duplicated: 0, restarts: 1 },
      uplinks: [fakeUplink('primary', { state: 'down', sendKbps: 0, rttMs: null, lostPkts: 1 }), fakeUplink('backup', { rttMs: 80, sendKbps: 2500, lossPct: 3 + i })],
    }));
  }
  seconds.push(fakeSnapshot(T0 + 8, { uplinks: [fakeUplink('primary', { rttMs: 25, lostPkts: 0 }), fakeUplink('backup', { state: 'live', rttMs: 80, sendKbps: 2500 })] }));
  seconds.push(fakeSnapshot(T0 + 9, { uplinks: [fakeUplink('primary', { rttMs: 25, lostPkts: 2 }), fakeUplink('backup', { state: 'stopped', sendKbps: 0, rttMs: null })] }));
  seconds.push(fakeSnapshot(T0 + 10, { onAir: false, onAirReason: 'stopping', active: null, state: 'stopping', encoder: { fps: 0, kbps: 0, speed: 0, dropped: 0, duplicated: 0, restarts: 1 }, uplinks: [fakeUplink('primary', { state: 'stopped', sendKbps: 0, rttMs: null, lostPkts: 2 })] }));
  return seconds;
}

const EVENTS: BroadcastEvent[] = [
  event(T0 + 0.5, 'state', 'connecting', { state: 'notOnAir' }),
  event(T0 + 1, 'connected', 'primary up', { role: 'primary' }),
  event(T0 + 4.5, 'failover', 'primary silent', { role: 'primary' }),
  event(T0 + 5, 'encoder-restarted', 'after a stall'),
  event(T0 + 9, 'failback', 'primary stable', { role: 'primary' }),
  event(T0 + 10, 'state', 'stopping', { state: 'stopping' }),
  event(T0 + 10.4, 'state', 'stopped by the user', { state: 'stopped' }),
];

function input(extra: Partial<SessionReportInput> = {}): SessionReportInput {
  const recorder = new SessionRecorder();
  tenSeconds().forEach((s) => recorder.addStats(s));
  EVENTS.forEach((e) => recorder.addEvent(e));
  return {
    config: { target: { kind: 'stream', gcoreStreamId: 7 }, mode: 'failover', bitrateKbps: 2500, latencyMs: 2000 },
    startedAtMs: T0 * 1000,
    nowMs: (T0 + 60) * 1000, // the clock: a minute after the start, long after the stop
    state: 'stopped' as BroadcastState,
    reason: 'stopped by the user',
    seconds: recorder.seconds(),
    events: recorder.events(),
    eventsDropped: recorder.eventsDropped,
    viewerStory: null,
    recordings: [],
    ...extra,
  };
}

describe('buildSessionReport', () => {
  it('takes the duration up to the stop event (not the clock), and counts the seconds on air', () => {
    const report = buildSessionReport(input());
    expect(report).toMatchObject({
      type: 'session-report', startedAtS: T0, endedAtS: T0 + 10.4, durationS: 10.4, onAirS: 9, secondsRecorded: 10,
      finalState: 'stopped', reason: 'stopped by the user', target: 'stream', mode: 'failover', targetKbps: 2500, latencyMs: 2000,
      failovers: 1, failbacks: 1, eventsDropped: 0,
    });
    expect(report.events).toEqual(EVENTS);
  });

  it('while the broadcast runs, ends at the injected clock', () => {
    const report = buildSessionReport(input({ state: 'live', reason: null, nowMs: (T0 + 12.25) * 1000 }));
    expect(report.endedAtS).toBe(T0 + 12.25);
    expect(report.durationS).toBe(12.3);
  });

  it('gives min/avg/max per ingest over the seconds it had a session only, and the lost packets of every session', () => {
    const [primary, backup] = buildSessionReport(input()).ingests;
    expect(primary).toEqual({
      role: 'primary', connectedS: 6, carriedS: 6,
      sendKbps: { min: 2000, avg: 2400, max: 2600 }, // 2000, 2200, 2400, 2600, then 2600 twice
      rttMs: { min: 20, avg: 31.67, max: 50 }, // 20, 30, 40, 50, then 25 twice
      lossPct: { min: 0, avg: 0, max: 0 },
      lostPkts: 3, // 1 in the first session, 2 in the second
    });
    // The standby and stopped seconds (send 0, no RTT) do not drag the backup's figures down.
    expect(backup).toEqual({
      role: 'backup', connectedS: 4, carriedS: 3,
      sendKbps: { min: 2500, avg: 2500, max: 2500 },
      rttMs: { min: 80, avg: 80, max: 80 },
      lossPct: { min: 0, avg: 3, max: 5 },
      lostPkts: 0,
    });
  });

  it('reports the encoder restarts and leaves out the seconds the encoder produced nothing', () => {
    const { encoder } = buildSessionReport(input());
    expect(encoder.restarts).toBe(1);
    expect(encoder.kbps).toEqual({ min: 2400, avg: 2466.67, max: 2500 });
    expect(encoder.speed).toEqual({ min: 0.9, avg: 0.97, max: 1 });
  });

  it('carries the rehearsal viewer story and where the recordings are', () => {
    const story: ViewerStory = { durationS: 10, summary: { watching: 'primary', picture: true, noPictureCause: null, noPictureS: 15, switches: 2, restarts: 0, firstPictureAfterS: 5 }, events: [{ atS: 5, text: 'Gcore starts the stream' }], pending: [] };
    const files = ['/home/u/.config/srt-companion/recordings/rehearsal-1/rehearsal-primary-1.ts', '/home/u/.config/srt-companion/recordings/rehearsal-1/rehearsal-backup-1.ts'];
    const report = buildSessionReport(input({ config: { target: { kind: 'local' }, mode: 'failover', bitrateKbps: 600, latencyMs: 2000 }, viewerStory: story, recordings: files }));
    expect(report.target).toBe('local');
    expect(report.viewerStory).toEqual(story);
    expect(report.recordings).toEqual({ folder: '/home/u/.config/srt-companion/recordings/rehearsal-1', files });
    expect(buildSessionReport(input()).recordings).toEqual({ folder: null, files: [] });
  });

  it('an empty broadcast (stopped before any stats) has no figures rather than zeros', () => {
    const report = buildSessionReport(input({ seconds: [], events: [], state: 'stopped', nowMs: (T0 + 2) * 1000 }));
    expect(report).toMatchObject({ durationS: 2, onAirS: 0, ingests: [], encoder: { restarts: 0, kbps: null, speed: null } });
  });

  it('minAvgMax and lostOverSessions', () => {
    expect(minAvgMax([])).toBeNull();
    expect(minAvgMax([1, 2, 4])).toEqual({ min: 1, avg: 2.33, max: 4 });
    expect(lostOverSessions([0, 3, 3, 5, 0, 2, 1])).toBe(5 + 2 + 1);
  });
});

describe('the per-second CSV', () => {
  it('has a header and one row per stats second with the same number of cells, CRLF line ends', () => {
    const csv = sessionCsv(input().seconds);
    const lines = csv.split('\r\n');
    expect(lines.at(-1)).toBe('');
    const rows = lines.slice(0, -1).map((l) => l.split(','));
    expect(rows).toHaveLength(11);
    expect(rows[0]).toEqual(CSV_COLUMNS);
    expect(CSV_COLUMNS).toEqual([
      'time_utc', 't_s', 'state', 'on_air', 'active', 'encoder_fps', 'encoder_kbps', 'encoder_speed', 'encoder_restarts',
      'primary_state', 'primary_send_kbps', 'primary_rtt_ms', 'primary_loss_pct', 'primary_lost_pkts', 'primary_retrans_pct',
      'backup_state', 'backup_send_kbps', 'backup_rtt_ms', 'backup_loss_pct', 'backup_lost_pkts', 'backup_retrans_pct',
      'warnings', 'viewers_watching', 'viewers_picture',
    ]);
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
    const cell = (row: string[], column: string): string => row[CSV_COLUMNS.indexOf(column)]!;
    expect(cell(rows[1]!, 'time_utc')).toBe(new Date((T0 + 1) * 1000).toISOString());
    expect(cell(rows[1]!, 'primary_rtt_ms')).toBe('20');
    expect(cell(rows[1]!, 'backup_state')).toBe('standby');
    expect(cell(rows[1]!, 'backup_rtt_ms')).toBe(''); // not measured: empty, not 0
    expect(cell(rows[5]!, 'active')).toBe('backup');
    expect(cell(rows[10]!, 'on_air')).toBe('false');
    expect(cell(rows[10]!, 'backup_state')).toBe(''); // no backup uplink that second
  });

  it('writes warnings as code:role joined with semicolons, and the rehearsal viewers', () => {
    const recorder = new SessionRecorder();
    recorder.addStats(fakeSnapshot(T0, {
      warnings: [{ code: 'rtt-high', severity: 'warning', message: 'RTT, high, "quoted"', role: 'primary' }, { code: 'encoder-slow', severity: 'warning', message: 'slow' }],
      viewers: { watching: 'primary', picture: true, noPictureCause: null, noPictureS: 0, switches: 0, restarts: 0, firstPictureAfterS: 4 },
    }));
    const row = sessionCsv(recorder.seconds()).split('\r\n')[1]!.split(',');
    expect(row.slice(-3)).toEqual(['rtt-high:primary;encoder-slow', 'primary', 'true']);
  });
});

describe('what main keeps for a reloaded window', () => {
  it('keeps the last 5 minutes of stats by time and every event, and starts over for a new broadcast', () => {
    const history = new BroadcastHistoryStore();
    for (let t = 1; t <= 400; t += 1) history.addStats(fakeSnapshot(T0 + t));
    EVENTS.forEach((e) => history.addEvent(e));
    const kept = history.recentStats();
    expect(kept).toHaveLength(300);
    expect(kept[0]!.t).toBe(T0 + 101);
    expect(kept.at(-1)!.t).toBe(T0 + 400);
    // The report still has every second of the broadcast.
    expect(history.session.seconds()).toHaveLength(400);
    expect(history.session.events()).toEqual(EVENTS);
    history.reset();
    expect(history.recentStats()).toEqual([]);
    expect(history.session.events()).toEqual([]);
  });

  it('keeps 5 minutes whatever the stats interval (two a second here)', () => {
    const history = new BroadcastHistoryStore();
    for (let i = 1; i <= 800; i += 1) history.addStats(fakeSnapshot(T0 + i / 2));
    expect(history.recentStats()).toHaveLength(600);
  });

  it('bounds the events it keeps and says how many it dropped', () => {
    const history = new BroadcastHistoryStore(300, { maxSeconds: 10, maxEvents: 3 });
    EVENTS.forEach((e) => history.addEvent(e));
    expect(history.session.events()).toEqual(EVENTS.slice(-3));
    expect(history.session.eventsDropped).toBe(4);
  });
});

describe('reportFileName', () => {
  it('names the file after the start time in UTC', () => {
    expect(reportFileName(Date.UTC(2026, 0, 31, 14, 23, 5) / 1000, 'csv')).toBe('srt-companion-session-20260131-142305Z.csv');
  });
});
