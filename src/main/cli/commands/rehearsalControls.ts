// `push --local`: faults on demand (keys at a terminal, SIGUSR1/SIGUSR2) and on schedule (--fault), and the viewer
// story printed at the end of the rehearsal.

import type { RehearsalFault, ViewerStory } from '../../../shared/rehearsalTypes';
import type { CliContext } from '../cliContext';
import type { ScheduledFault } from './faultSpec';

/** The keys a rehearsal listens to at a terminal, and the fault each injects (with its defaults). */
export const REHEARSAL_KEYS: Record<string, RehearsalFault> = {
  o: { kind: 'outage', target: 'primary' },
  g: { kind: 'glitch', target: 'primary' },
  l: { kind: 'loss', target: 'primary' },
  k: { kind: 'refuse-key', target: 'both' },
};

/**
 * Starts the rehearsal's fault triggers: `inject` is called for each key press, signal (SIGUSR1 outage, SIGUSR2 glitch)
 * and scheduled fault. Returns the function that stops them all (raw mode off, timers cleared, handlers removed).
 */
export function startRehearsalControls(ctx: CliContext, scheduled: readonly ScheduledFault[], inject: (fault: RehearsalFault) => void, say: (text: string) => void): () => void {
  const { stdin } = ctx.io;
  const onKey = (chunk: Buffer): void => {
    const key = chunk.toString('utf8').toLowerCase();
    const fault = REHEARSAL_KEYS[key];
    if (fault) inject(fault);
    else if (key === '\u0003') process.kill(process.pid, 'SIGINT'); // raw mode swallows Ctrl-C
  };
  const outage = (): void => inject(REHEARSAL_KEYS.o!);
  const glitch = (): void => inject(REHEARSAL_KEYS.g!);
  const interactive = Boolean(stdin.isTTY && stdin.setRawMode);
  if (interactive) {
    stdin.setRawMode?.(true);
    stdin.on('data', onKey);
    stdin.resume();
    say('Keys: o primary outage, g primary glitch, l primary loss burst, k both refuse the key; Ctrl-C stops.');
  }
  const posix = ctx.io.platform !== 'win32';
  if (posix) {
    process.on('SIGUSR1', outage);
    process.on('SIGUSR2', glitch);
  }
  const timers = scheduled.map(({ fault, atS }) => setTimeout(() => inject(fault), atS * 1000));
  return () => {
    for (const t of timers) clearTimeout(t);
    if (interactive) {
      stdin.off('data', onKey);
      stdin.setRawMode?.(false);
      stdin.pause();
    }
    if (posix) {
      process.off('SIGUSR1', outage);
      process.off('SIGUSR2', glitch);
    }
  };
}

const clock = (s: number): string => `${String(Math.floor(s / 60)).padStart(2, '0')}:${(s % 60).toFixed(1).padStart(4, '0')}`;

/** The end-of-rehearsal text: what viewers would have seen under Gcore's rules, decision by decision. */
export function viewerStoryText(story: ViewerStory): string {
  const { summary } = story;
  const lines = [`What viewers would have seen (local model of Gcore's ingest, ${clock(story.durationS)} of rehearsal):`];
  if (summary.firstPictureAfterS === null) {
    lines.push('  no picture at all: no ingest carried the stream long enough for the platform to start it.');
  } else {
    lines.push(`  first picture ${summary.firstPictureAfterS} s after the start; then ${summary.noPictureS} s without picture, ` +
      `${summary.switches} switch${summary.switches === 1 ? '' : 'es'} between ingests, ${summary.restarts} restart${summary.restarts === 1 ? '' : 's'}.`);
  }
  for (const e of story.events) lines.push(`  ${clock(e.atS)}  ${e.text}`);
  for (const p of story.pending) lines.push(`  had it gone on, ${p.afterS} s after the stop: ${p.text}`);
  return lines.join('\n');
}
