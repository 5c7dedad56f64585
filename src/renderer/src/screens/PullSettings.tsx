// A pull stream's settings: the source URLs Gcore pulls from (secrets masked), in round-robin order, and how Gcore
// retries them (both documented behaviours, since which one an account gets is not confirmed).

import type { JSX } from 'react';
import { pullRetryPolicy, type PullRetryBehaviour } from '../../../shared/pullRetryPolicy';
import type { StreamView } from '../../../shared/streams';

function Behaviour({ title, behaviour }: { title: string; behaviour: PullRetryBehaviour }): JSX.Element {
  return (
    <>
      <h4>
        {title} <span className="muted">({behaviour.source})</span>
      </h4>
      <ul className="plain-list">
        {behaviour.lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </>
  );
}

/** How Gcore retries pull sources, as a titled block. */
export function PullRetryPolicyView(): JSX.Element {
  const policy = pullRetryPolicy();
  return (
    <section aria-label="How Gcore retries">
      <h3>How Gcore retries</h3>
      <p className="hint">Gcore’s documentation describes two behaviours; which one your account gets is not confirmed.</p>
      <Behaviour title="Current" behaviour={policy.current} />
      <Behaviour title="Older" behaviour={policy.older} />
      <h4>Either way</h4>
      <ul className="plain-list">
        {policy.advice.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  );
}

/** The sources of a pull stream in the order Gcore tries them. */
export function PullSourceList({ stream }: { stream: StreamView }): JSX.Element {
  if (stream.pullSources.length === 0) return <p>Gcore has no source URL for this stream: set one under Pull.</p>;
  return (
    <ol className="plain-list" aria-label="Pull sources">
      {stream.pullSources.map((url) => (
        <li key={url}>
          <code>{url}</code>
        </li>
      ))}
    </ol>
  );
}

/** Everything a pull stream is set up with: its sources and the retry policy. */
export function PullSettings({ stream }: { stream: StreamView }): JSX.Element {
  return (
    <>
      <h3>Pull settings</h3>
      <p>
        Gcore pulls this stream from {stream.pullSources.length} source{stream.pullSources.length === 1 ? '' : 's'}, tried in
        this order (round robin). Change them under Pull.
      </p>
      <PullSourceList stream={stream} />
      <PullRetryPolicyView />
    </>
  );
}
