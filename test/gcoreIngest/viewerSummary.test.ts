// The model's report as a stats line and a story (pure, injected clock): what viewers see now, the totals, the decisions
// in sentences, and what the platform would still do after the stop.

import { describe, expect, it } from 'vitest';
import { GcoreIngestModel } from '../../src/main/ingestModel/gcoreIngestModel';
import { describeViewerEvent, viewerStory, viewerSummary } from '../../src/main/ingestModel/viewerSummary';
import { connect, stop } from './modelFacts';

function model(facts: Parameters<GcoreIngestModel['record']>[0][]): GcoreIngestModel {
  const m = new GcoreIngestModel({ clock: () => 0, startMs: 0 });
  for (const f of facts) m.record(f);
  return m;
}

describe('viewerSummary', () => {
  it('says "not started" before any data and the start gap while the first transcode starts', () => {
    const m = model([]);
    expect(viewerSummary(m.report(1000))).toEqual({
      watching: null, picture: false, noPictureCause: 'not-started', noPictureS: 0, switches: 0, restarts: 0, firstPictureAfterS: null,
    });
    m.record({ kind: 'attempt', role: 'primary', caller: 'p', atMs: 1000 });
    m.record({ kind: 'accepted', role: 'primary', caller: 'p', atMs: 1000, latencyMs: 200 });
    m.record({ kind: 'data', role: 'primary', caller: 'p', atMs: 1000 });
    expect(viewerSummary(m.report(3000))).toMatchObject({ watching: 'primary', picture: false, noPictureCause: 'start-gap', firstPictureAfterS: null });
    expect(viewerSummary(m.report(7000))).toMatchObject({ watching: 'primary', picture: true, noPictureCause: null, firstPictureAfterS: 6 });
  });

  it('a primary dead while the backup carries: viewers switched, in the switch gap, then a picture from the backup', () => {
    const m = model([...connect('primary', 'p', 0), ...connect('backup', 'b', 0), stop('primary', 'p', 20_000)]);
    expect(viewerSummary(m.report(22_000))).toMatchObject({ watching: 'primary', picture: false, noPictureCause: 'no-data', switches: 0 });
    expect(viewerSummary(m.report(25_000))).toMatchObject({ watching: 'backup', picture: false, noPictureCause: 'switch-gap', switches: 1 });
    const later = viewerSummary(m.report(40_000));
    expect(later).toMatchObject({ watching: 'backup', picture: true, noPictureCause: null, switches: 1 });
    // From the primary's loss (20 s + 200 ms latency) to the end of the 15 s switch gap (23 s + 15 s).
    expect(later.noPictureS).toBeCloseTo(38 - 20.2, 5);
  });
});

describe('describeViewerEvent and viewerStory', () => {
  it('names each decision with what it costs viewers, and the switch back that was still to come at the stop', () => {
    const m = model([...connect('primary', 'p', 0), ...connect('backup', 'b', 0), stop('primary', 'p', 20_000),
      ...connect('primary', 'p2', 30_000)]);
    const story = viewerStory(m.report(40_000), m.report(130_000), m.rules);
    expect(story.durationS).toBe(40);
    expect(story.events.map((e) => [e.atS, e.text])).toEqual([
      [0, 'Gcore starts the stream from the primary ingest (primary receives data); viewers see no picture for about 5 s while it starts'],
      [23, 'Gcore switches viewers from the primary to the backup ingest (primary missing for 3000 ms, backup online); viewers see no picture for about 15 s'],
    ]);
    // 60 s of stable primary from 30 s: the switch back at 90 s, 50 s after the stop.
    expect(story.pending).toEqual([{ afterS: 50, text: expect.stringContaining('from the backup to the primary ingest (primary stable for 60000 ms)') }]);
    expect(describeViewerEvent({ atMs: 0, kind: 'restart', from: 'primary', to: 'primary', reason: 'primary carries data on a new connection' }, m.rules))
      .toBe('Gcore restarts the stream on the primary ingest (primary carries data on a new connection); viewers see no picture for about 5 s');
  });
});
