// push's end-of-broadcast summary: readable figures (whole kbps, one decimal for ms and %), the share on air, recordings.

import { describe, expect, it } from 'vitest';
import { sessionSummaryText } from '../../src/main/cli/commands/sessionSummary';
import type { SessionReport } from '../../src/shared/sessionReportTypes';

const report: SessionReport = {
  type: 'session-report', startedAtS: 1_796_000_000, endedAtS: 1_796_000_017, finalState: 'stopped', reason: 'the file has ended',
  target: 'urls', mode: 'failover', targetKbps: 6406, latencyMs: 2000, durationS: 17, onAirS: 13.4, secondsRecorded: 17,
  failovers: 0, failbacks: 0,
  encoder: { restarts: 0, kbps: { min: 5486.2, avg: 6433.583, max: 8041 }, speed: { min: 1, avg: 1.0133, max: 1.02 } },
  ingests: [{ role: 'primary', connectedS: 13, carriedS: 13, sendKbps: { min: 2792.4, avg: 6540.77, max: 12474 }, rttMs: { min: 0.7, avg: 2.5466, max: 10.8 }, lossPct: { min: 0, avg: 0.0333, max: 0.4 }, lostPkts: 1 }],
  events: [], eventsDropped: 0, viewerStory: null, recordings: { folder: null, files: [] },
};

describe('sessionSummaryText', () => {
  it('prints the figures rounded for a terminal, not with the report’s full precision', () => {
    expect(sessionSummaryText(report)).toBe([
      'Session: 0:17, on air 0:13 (79 %), 0 failovers, 0 failbacks, 0 encoder restarts; stopped (the file has ended).',
      '  per ingest, min/avg/max over the seconds it was connected:',
      '  primary carried 0:13  send 2792/6541/12474 kbps  rtt 0.7/2.5/10.8 ms  loss 0/0/0.4 %  lost 1 packet',
      '  encoder 5486/6434/8041 kbps, speed 1/1.01/1.02 x',
      '  0 events',
    ].join('\n'));
  });
});
