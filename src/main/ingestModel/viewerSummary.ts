// Pure: a viewer report of the ingest model turned into what a stats line and an event line say (rehearsal only).

import type { ViewerStory, ViewerSummary } from '../../shared/rehearsalTypes';
import type { GcoreIngestRules } from './gcoreIngestRules';
import type { ViewerEvent, ViewerReport } from './ingestModelTypes';

const seconds = (ms: number): number => Math.round(ms / 100) / 10;

/** What viewers see at the report's end (`report.toMs`) and the totals so far. */
export function viewerSummary(report: ViewerReport): ViewerSummary {
  const at = report.toMs;
  const gap = report.noPicture.find((n) => n.fromMs <= at && at < n.toMs)
    // The report ends at `at`: a gap running up to it is still on.
    ?? report.noPicture.find((n) => n.toMs === at && n.fromMs < at);
  const watching = report.watching.at(-1)?.role ?? null;
  const { totals } = report;
  return {
    watching,
    picture: gap === undefined && totals.firstPictureAtMs !== null,
    noPictureCause: gap?.reason ?? (totals.firstPictureAtMs === null ? 'not-started' : null),
    noPictureS: seconds(totals.noPictureMs),
    switches: totals.switches,
    restarts: totals.restarts,
    firstPictureAfterS: totals.firstPictureAtMs === null ? null : seconds(totals.firstPictureAtMs - report.fromMs),
  };
}

/** How long viewers see no picture after a platform decision (the rule that applies). */
export function viewerGapMs(e: ViewerEvent, rules: GcoreIngestRules): number {
  if (e.kind !== 'switch') return rules.startGapMs;
  return e.to === 'primary' ? rules.switchBackGapMs : rules.switchGapMs;
}

/** One sentence for a platform decision, with what it costs viewers. */
export function describeViewerEvent(e: ViewerEvent, rules: GcoreIngestRules): string {
  const gap = `viewers see no picture for about ${seconds(viewerGapMs(e, rules))} s`;
  switch (e.kind) {
    case 'start':
      return `Gcore starts the stream from the ${e.to} ingest (${e.reason}); ${gap} while it starts`;
    case 'switch':
      return `Gcore switches viewers from the ${e.from ?? 'other'} to the ${e.to} ingest (${e.reason}); ${gap}`;
    case 'restart':
      return `Gcore restarts the stream on the ${e.to} ingest (${e.reason}); ${gap}`;
  }
}

/**
 * The rehearsal's story at `report.toMs`: the summary, every decision so far, and the decisions `projected` (a report of the
 * same model to a later time, the state at the end assumed to go on) adds after it.
 */
export function viewerStory(report: ViewerReport, projected: ViewerReport, rules: GcoreIngestRules): ViewerStory {
  return {
    durationS: seconds(report.toMs - report.fromMs),
    summary: viewerSummary(report),
    events: report.events.map((e) => ({ atS: seconds(e.atMs - report.fromMs), text: describeViewerEvent(e, rules) })),
    pending: projected.events.filter((e) => e.atMs > report.toMs)
      .map((e) => ({ afterS: seconds(e.atMs - report.toMs), text: describeViewerEvent(e, rules) })),
  };
}
