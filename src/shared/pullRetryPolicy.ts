// How Gcore retries pull sources, in both documented versions (gcore-api.md §4): plain data and sentences for the CLI,
// the Pull screen and a pull stream's settings panel.

/**
 * Combined length of all URLs joined with single spaces. Only the pre-September-2025 docs state it; the current spec
 * sets no maxLength, so enforcing it is a harmless precaution (gcore-api.md §4).
 */
export const PULL_URI_MAX_CHARS = 255;

/** One documented version of Gcore's pull retry behaviour. */
export interface PullRetryBehaviour {
  /** Where it is documented and since when. */
  source: string;
  /** Plain sentences for the CLI and UI. */
  lines: string[];
}

/** Both documented pull retry behaviours; which one an account sees is not confirmed (gcore-api.md §4 and "Uncertain"). */
export interface PullRetryPolicy {
  current: PullRetryBehaviour & {
    /** Source missing this long → next URL. */
    switchAfterMs: number;
    retryEveryMs: number;
    /** After this long without a working source the stream is stopped and `active` becomes false. */
    giveUpAfterMs: number;
  };
  older: PullRetryBehaviour & {
    /** No video for this long counts as a failure (as does a closed connection). */
    noVideoTimeoutMs: number;
    /** Delays of the successive retries. */
    retryScheduleMs: number[];
    deactivateAfterInactiveMs: number;
  };
  /** What the user should do whichever applies. */
  advice: string[];
}

/** How Gcore retries pull sources, in both documented versions, with the numbers as data. */
export function pullRetryPolicy(): PullRetryPolicy {
  return {
    current: {
      source: 'Gcore API spec and docs since about September 2025',
      lines: [
        'When the source in use has sent nothing for about 3 s, Gcore moves to the next URL in the list (round-robin); viewers see a gap of about 15 s.',
        'Failed sources are retried about every 3 s.',
        'After about 2 hours without a working source, Gcore stops the stream and sets it inactive (active = false); it stays off until it is enabled again, for example by setting the pull URLs again.',
      ],
      switchAfterMs: 3_000,
      retryEveryMs: 3_000,
      giveUpAfterMs: 2 * 60 * 60 * 1000,
    },
    older: {
      source: 'Gcore SRT guide, "Main rules of pulling" (before September 2025)',
      lines: [
        `All pull URLs together may be at most ${PULL_URI_MAX_CHARS} characters (this app still enforces it).`,
        'After the source closes the connection, or sends no video for 30 s, Gcore retries progressively: after 10 s, 30 s, 60 s, 5 min, then 10 min.',
        'The stream is deactivated after 24 hours of inactivity.',
      ],
      noVideoTimeoutMs: 30_000,
      retryScheduleMs: [10_000, 30_000, 60_000, 300_000, 600_000],
      deactivateAfterInactiveMs: 24 * 60 * 60 * 1000,
    },
    advice: [
      'Sources must be reachable from the public internet and keep sending; if the source has an allowlist, ask Gcore support for their current IP ranges.',
      'For a pull stream only "live" shows whether Gcore is receiving; check "active" too, since Gcore turns it off after giving up.',
    ],
  };
}

/**
 * The pull retry behaviour as printable lines: a heading per documented version, then indented "- " items.
 * Both versions are shown because Gcore's docs changed and which one an account gets is not confirmed.
 */
export function describePullRetryPolicy(): string[] {
  const policy = pullRetryPolicy();
  const items = (lines: readonly string[]): string[] => lines.map((line) => `  - ${line}`);
  return [
    'How Gcore retries pull sources (its docs describe two behaviours; which one your account gets is not confirmed):',
    `Current (${policy.current.source}):`,
    ...items(policy.current.lines),
    `Older (${policy.older.source}):`,
    ...items(policy.older.lines),
    'Either way:',
    ...items(policy.advice),
  ];
}
