// Table-driven tests of the pure Gcore ingest model with an injected clock: switches, viewer gaps, connection rules.

import { describe, expect, it } from 'vitest';
import { GcoreIngestModel } from '../../src/main/ingestModel/gcoreIngestModel';
import type { GcoreIngestRules } from '../../src/main/ingestModel/gcoreIngestRules';
import type { IngestFact, NoPictureInterval, ViewerEvent } from '../../src/main/ingestModel/ingestModelTypes';
import { attempt, connect, LATENCY_MS, resume, shutdown, stop } from './modelFacts';

interface Scenario {
  name: string;
  facts: IngestFact[];
  rules?: Partial<GcoreIngestRules>;
  reportAtMs: number;
  switches: number;
  noPictureMs: number;
  /** Expected no-picture spans after the first picture (before it: the start gap, checked separately). */
  gaps?: NoPictureInterval[];
  events?: Array<Pick<ViewerEvent, 'atMs' | 'kind' | 'to'>>;
}

const START_GAP_MS = 5000; // gcoreIngestRules default: viewers get the first picture 5 s after data starts
const bothUp = [...connect('primary', 'p1', 0), ...connect('backup', 'b1', 0)];

const scenarios: Scenario[] = [
  {
    name: 'steady primary and backup: one start, nothing lost',
    facts: bothUp,
    reportAtMs: 90_000, switches: 0, noPictureMs: 0,
    events: [{ atMs: 0, kind: 'start', to: 'primary' }],
  },
  {
    // Counting rule: data missing for d ms with SRT latency L costs max(0, d − L) of picture ([stop + L, resume)).
    name: 'a 1.5 s primary glitch (shorter than the 3 s switch threshold): no switch, 1.5 s − latency without picture',
    facts: [...bothUp, stop('primary', 'p1', 20_000), resume('primary', 'p1', 21_500)],
    reportAtMs: 90_000, switches: 0, noPictureMs: 1500 - LATENCY_MS,
    gaps: [{ fromMs: 20_000 + LATENCY_MS, toMs: 21_500, reason: 'no-data' }],
  },
  {
    name: 'a glitch shorter than the SRT latency is absorbed entirely',
    facts: [...bothUp, stop('primary', 'p1', 20_000), resume('primary', 'p1', 20_150)],
    reportAtMs: 90_000, switches: 0, noPictureMs: 0, gaps: [],
  },
  {
    name: 'primary dead, backup online: switch 3 s after the last data, then a 15 s gap',
    facts: [...bothUp, stop('primary', 'p1', 20_000)],
    reportAtMs: 90_000, switches: 1, noPictureMs: 3000 - LATENCY_MS + 15_000,
    gaps: [
      { fromMs: 20_000 + LATENCY_MS, toMs: 23_000, reason: 'no-data' },
      { fromMs: 23_000, toMs: 38_000, reason: 'switch-gap' },
    ],
    events: [{ atMs: 0, kind: 'start', to: 'primary' }, { atMs: 23_000, kind: 'switch', to: 'backup' }],
  },
  {
    name: 'primary back on a new connection: switch back after 60 s stable, with another 15 s gap',
    facts: [...bothUp, stop('primary', 'p1', 20_000), ...connect('primary', 'p2', 40_000)],
    reportAtMs: 130_000, switches: 2, noPictureMs: 3000 - LATENCY_MS + 15_000 + 15_000,
    gaps: [
      { fromMs: 20_000 + LATENCY_MS, toMs: 23_000, reason: 'no-data' },
      { fromMs: 23_000, toMs: 38_000, reason: 'switch-gap' },
      { fromMs: 100_000, toMs: 115_000, reason: 'switch-gap' },
    ],
    events: [
      { atMs: 0, kind: 'start', to: 'primary' },
      { atMs: 23_000, kind: 'switch', to: 'backup' },
      { atMs: 100_000, kind: 'switch', to: 'primary' },
    ],
  },
  {
    // Seen in a rehearsal on a loaded machine: 370 ms without data on a 2 s-latency session restarted the 60 s clock.
    name: 'a hiccup the SRT latency absorbs does not restart the 60 s the switch back waits for',
    facts: [...bothUp, stop('primary', 'p1', 20_000), ...connect('primary', 'p2', 40_000), stop('primary', 'p2', 70_000),
      resume('primary', 'p2', 70_150)],
    reportAtMs: 130_000, switches: 2, noPictureMs: 3000 - LATENCY_MS + 15_000 + 15_000,
    events: [
      { atMs: 0, kind: 'start', to: 'primary' },
      { atMs: 23_000, kind: 'switch', to: 'backup' },
      { atMs: 100_000, kind: 'switch', to: 'primary' },
    ],
  },
  {
    name: 'a primary that flaps before 60 s never gets viewers back',
    facts: [...bothUp, stop('primary', 'p1', 20_000), ...connect('primary', 'p2', 40_000), stop('primary', 'p2', 95_000),
      resume('primary', 'p2', 96_000)],
    reportAtMs: 150_000, switches: 1, noPictureMs: 3000 - LATENCY_MS + 15_000,
  },
  {
    name: 'backup offline: no switch; viewers see nothing until the primary reconnects and restarts',
    facts: [...connect('primary', 'p1', 0), stop('primary', 'p1', 20_000), ...connect('primary', 'p2', 30_000)],
    reportAtMs: 90_000, switches: 0, noPictureMs: 30_000 - 20_000 - LATENCY_MS + START_GAP_MS,
    gaps: [
      { fromMs: 20_000 + LATENCY_MS, toMs: 30_000, reason: 'no-data' },
      { fromMs: 30_000, toMs: 35_000, reason: 'start-gap' },
    ],
    events: [{ atMs: 0, kind: 'start', to: 'primary' }, { atMs: 30_000, kind: 'restart', to: 'primary' }],
  },
  {
    name: 'backup offline and the primary never returns: no picture up to the report time',
    facts: [...connect('primary', 'p1', 0), stop('primary', 'p1', 20_000)],
    reportAtMs: 90_000, switches: 0, noPictureMs: 90_000 - 20_000 - LATENCY_MS,
  },
  {
    name: 'only the backup connects: viewers watch it; the primary joining later takes over after 60 s',
    facts: [...connect('backup', 'b1', 0), ...connect('primary', 'p1', 30_000)],
    reportAtMs: 120_000, switches: 1, noPictureMs: 15_000,
    events: [{ atMs: 0, kind: 'start', to: 'backup' }, { atMs: 90_000, kind: 'switch', to: 'primary' }],
  },
  {
    name: 'watching the backup, it dies while the primary is back but not yet stable: switch to the primary after 3 s',
    facts: [...bothUp, stop('primary', 'p1', 20_000), ...connect('primary', 'p2', 40_000), stop('backup', 'b1', 50_000)],
    reportAtMs: 90_000, switches: 2, noPictureMs: 3000 - LATENCY_MS + 15_000 + 3000 - LATENCY_MS + 15_000,
    events: [
      { atMs: 0, kind: 'start', to: 'primary' },
      { atMs: 23_000, kind: 'switch', to: 'backup' },
      { atMs: 53_000, kind: 'switch', to: 'primary' },
    ],
  },
  {
    name: 'a second connection to the primary URL is ignored: viewers unaffected',
    facts: [...bothUp, ...connect('primary', 'intruder', 15_000), stop('primary', 'intruder', 16_000)],
    reportAtMs: 90_000, switches: 0, noPictureMs: 0,
  },
  {
    // performance.now() values: (a + 3000) − a is not always 3000 in floating point.
    name: 'fractional clock values: the switch still comes exactly 3 s after the last data',
    facts: [...connect('primary', 'p1', 2420.278603), ...connect('backup', 'b1', 2954.523187), stop('primary', 'p1', 13_423.863088)],
    reportAtMs: 100_000, switches: 1, noPictureMs: 3000 - LATENCY_MS + 15_000,
    events: [{ atMs: 2420.278603, kind: 'start', to: 'primary' }, { atMs: 13_423.863088 + 3000, kind: 'switch', to: 'backup' }],
  },
  {
    name: 'shorter figures (tests): switch after 1 s, 2 s gap',
    rules: { switchAfterMissingMs: 1000, switchGapMs: 2000, idleDropMs: 1000 },
    facts: [...bothUp, stop('primary', 'p1', 20_000)],
    reportAtMs: 30_000, switches: 1, noPictureMs: 1000 - LATENCY_MS + 2000,
  },
];

function modelWith(facts: IngestFact[], rules?: Partial<GcoreIngestRules>): GcoreIngestModel {
  let nowMs = 0;
  const model = new GcoreIngestModel({ clock: () => nowMs, ...(rules ? { rules } : {}) });
  for (const f of facts) {
    nowMs = Math.max(nowMs, f.atMs);
    model.record(f);
  }
  return model;
}

describe('GcoreIngestModel viewer timeline', () => {
  it.each(scenarios)('$name', (s) => {
    const report = modelWith(s.facts, s.rules).report(s.reportAtMs);
    expect(report.totals.switches).toBe(s.switches);
    expect(report.totals.noPictureMs).toBeCloseTo(s.noPictureMs, 6);
    const first = report.totals.firstPictureAtMs ?? Infinity;
    if (s.gaps) expect(report.noPicture.filter((g) => g.fromMs >= first)).toEqual(s.gaps);
    if (s.events) expect(report.events.map(({ atMs, kind, to }) => ({ atMs, kind, to }))).toEqual(s.events);
    // The watching timeline covers the whole report without holes.
    expect(report.watching[0]?.fromMs).toBe(0);
    expect(report.watching.at(-1)?.toMs).toBe(s.reportAtMs);
    report.watching.slice(1).forEach((w, i) => expect(w.fromMs).toBe(report.watching[i]?.toMs));
  });

  it('counts the start separately: no ingest yet, then the start gap, before the first picture', () => {
    const report = modelWith(connect('primary', 'p1', 2000)).report(20_000);
    expect(report.noPicture).toEqual([
      { fromMs: 0, toMs: 2000, reason: 'not-started' },
      { fromMs: 2000, toMs: 7000, reason: 'start-gap' },
    ]);
    expect(report.totals).toMatchObject({ firstPictureAtMs: 7000, beforeFirstPictureMs: 7000, noPictureMs: 0 });
  });

  it('report(atMs) extends the present state: 10 s of facts, the 60 s switch-back computed at 90 s', () => {
    const model = modelWith([...connect('backup', 'b1', 0), ...connect('primary', 'p1', 10_000)]);
    expect(model.report(10_000).events.map((e) => e.kind)).toEqual(['start']);
    const later = model.report(90_000);
    expect(later.events.map((e) => [e.atMs, e.kind, e.to])).toEqual([[0, 'start', 'backup'], [70_000, 'switch', 'primary']]);
    expect(later.watching.at(-1)).toEqual({ fromMs: 70_000, toMs: 90_000, role: 'primary' });
  });
});

describe('GcoreIngestModel connection rules', () => {
  it('drops a second connection to a busy URL silently and ignores its facts', () => {
    const model = modelWith(connect('primary', 'p1', 0));
    expect(model.record(attempt('primary', 'p2', 5000))).toBe('busy');
    expect(model.record({ kind: 'data', role: 'primary', caller: 'p2', atMs: 5100 })).toBe('no-session');
    expect(model.record(attempt('primary', 'p2', 5200))).toBe('busy'); // the same caller's repeated handshake
    expect(model.record(attempt('backup', 'b1', 5000))).toBe('admitted'); // the other URL is free
    expect(model.report(6000).ignoredAttempts).toEqual([{ role: 'primary', caller: 'p2', atMs: 5000, reason: 'busy' }]);
    expect(model.openCaller('primary', 6000)).toBe('p1');
  });

  it.each([
    { name: 'an attempt 8 s after the previous one is dropped', at: 8000, verdict: 'rate-limited' },
    { name: 'an attempt 10 s after the previous one is admitted', at: 10_000, verdict: 'admitted' },
  ])('rate limit: $name', ({ at, verdict }) => {
    const model = modelWith([...connect('primary', 'p1', 0), ...shutdown('primary', 'p1', 2000)]);
    expect(model.record(attempt('primary', 'p2', at))).toBe(verdict);
  });

  it.each([
    { droppedAttemptsCount: true, verdict: 'rate-limited' },
    { droppedAttemptsCount: false, verdict: 'admitted' },
  ])('rate limit: a dropped attempt restarts the interval only if droppedAttemptsCount ($droppedAttemptsCount)',
    ({ droppedAttemptsCount, verdict }) => {
      const model = modelWith([...connect('primary', 'p1', 0), ...shutdown('primary', 'p1', 2000)], { droppedAttemptsCount });
      expect(model.record(attempt('primary', 'p2', 8000))).toBe('rate-limited');
      expect(model.record(attempt('primary', 'p3', 12_000))).toBe(verdict);
    });

  it('drops a connection without data after idleDropMs; live follows the open connection that carried data', () => {
    const model = modelWith([...connect('primary', 'p1', 0), stop('primary', 'p1', 4000), attempt('backup', 'b1', 1000),
      { kind: 'accepted', role: 'backup', caller: 'b1', atMs: 1000 }]);
    expect(model.liveState(2000)).toEqual({ live: true, backup_live: false }); // connected backup without data is not live
    expect(model.connectionOpen('backup', 3999)).toBe(true);
    expect(model.connectionOpen('backup', 4000)).toBe(false); // 3 s after its attempt, no data ever came
    expect(model.liveState(6999)).toEqual({ live: true, backup_live: false });
    expect(model.liveState(7000)).toEqual({ live: false, backup_live: false }); // 3 s after the primary's last data
    const dropped = model.report(8000).sessions.map((s) => [s.role, s.endedAtMs, s.endReason]);
    expect(dropped).toEqual([['primary', 7000, 'idle'], ['backup', 4000, 'idle']]);
    expect(model.record(resume('primary', 'p1', 7500))).toBe('no-session'); // data after the drop is not taken
  });
});
