// Rehearsal only: what viewers would see under Gcore's switching rules, now and, after the stop, decision by decision.

import type { JSX } from 'react';
import type { NoPictureCause, ViewerStory, ViewerSummary } from '../../../shared/rehearsalTypes';
import { BigStat } from '../components/BigStat';

export interface ViewerPanelProps {
  /** From the latest stats line while the rehearsal runs. */
  live: ViewerSummary | undefined;
  /** The story so far, frozen at the stop; null until main has one. */
  story: ViewerStory | null;
  running: boolean;
}

const CAUSE: Record<NoPictureCause, string> = {
  'not-started': 'not started yet',
  'start-gap': 'the platform is starting the stream',
  'switch-gap': 'the platform is switching ingests',
  'no-data': 'the watched ingest receives nothing',
};

/** The big figure: which ingest viewers get a picture from, in one word, or that they have none. */
function pictureValue(s: ViewerSummary): string {
  if (!s.picture) return 'No picture';
  return s.watching === 'backup' ? 'Backup' : 'Primary';
}

function pictureText(s: ViewerSummary): string {
  if (s.picture) return `Viewers get the picture from the ${s.watching ?? '—'} ingest.`;
  return `No picture: ${s.noPictureCause ? CAUSE[s.noPictureCause] : 'unknown'}.`;
}

export function ViewerPanel({ live, story, running }: ViewerPanelProps): JSX.Element | null {
  const summary = running ? (live ?? story?.summary) : (story?.summary ?? live);
  if (!summary) return null;
  return (
    <section className="viewer-panel" aria-label="What viewers would see">
      <h2>What viewers would see</h2>
      <p className="hint">A local model of Gcore's ingest applies the platform's rules: it switches viewers to the backup after about 3 s without the primary, back after 60 s of stable primary, and each switch costs about 15 s without picture.</p>
      <div className="big-stats">
        <BigStat label="Viewers" value={pictureValue(summary)} tone={summary.picture ? (summary.watching === 'backup' ? 'normal' : 'good') : 'bad'} />
        <BigStat label="Without picture" value={`${summary.noPictureS} s`} tone={summary.noPictureS > 0 ? 'bad' : 'normal'} />
        <BigStat label="Switches" value={String(summary.switches)} tone={summary.switches > 0 ? 'bad' : 'normal'} />
      </div>
      <p className="viewer-now" role="status">{pictureText(summary)}</p>
      {!running && story ? (
        <ol className="viewer-story" aria-label="Platform decisions">
          {story.events.map((e) => (
            <li key={`${e.atS}-${e.text}`}>
              <span className="muted">{e.atS.toFixed(1)} s</span> {e.text}
            </li>
          ))}
          {story.pending.map((p) => (
            <li key={`pending-${p.afterS}-${p.text}`} className="muted">
              Had it gone on, {p.afterS.toFixed(1)} s after the stop: {p.text}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
