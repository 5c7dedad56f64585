// Streams: the account's live streams with tags, search and filters, a create form, and the picked one's detail panel.

import { useCallback, useEffect, useMemo, useState, type FormEvent, type JSX } from 'react';
import type { SrtCompanionApi } from '../../../shared/ipcContract';
import type { StreamView } from '../../../shared/streams';
import { Notice } from '../components/Notice';
import { StreamTags } from '../components/StreamTags';
import { NO_FILTERS, isFiltering, matchesFilters, type StreamFilters } from '../logic/streamFilters';
import { StreamDetail } from './StreamDetail';
import { StreamFilterBar } from './StreamFilterBar';

export interface StreamsScreenProps {
  api: SrtCompanionApi;
  signedIn: boolean;
  selected: StreamView | null;
  onSelect(stream: StreamView | null): void;
}

/** Case-insensitive match on name, or the id typed with or without '#'. */
export function matchesSearch(stream: StreamView, query: string): boolean {
  const q = query.trim().toLowerCase().replace(/^#/, '');
  return q === '' || stream.name.toLowerCase().includes(q) || String(stream.id) === q;
}

export function StreamsScreen({ api, signedIn, selected, onSelect }: StreamsScreenProps): JSX.Element {
  const [streams, setStreams] = useState<StreamView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [newName, setNewName] = useState('');
  const [createError, setCreateError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [filters, setFilters] = useState<StreamFilters>(NO_FILTERS);
  const [deleted, setDeleted] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await api.listStreams();
    if (r.ok) {
      setStreams(r.value);
      setLoadError(null);
    } else {
      setLoadError(r.message);
    }
  }, [api]);

  useEffect(() => {
    if (signedIn) void load();
  }, [signedIn, load]);

  const visible = useMemo(() => (streams ?? []).filter((s) => matchesSearch(s, query) && matchesFilters(s, filters)), [streams, query, filters]);

  const create = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const name = newName.trim();
    if (name === '') {
      setCreateError('Enter a name for the new stream.');
      return;
    }
    setCreating(true);
    try {
      const r = await api.createStream(name);
      if (r.ok) {
        setStreams((prev) => [r.value, ...(prev ?? [])]);
        setNewName('');
        setCreateError(null);
        onSelect(r.value);
      } else {
        setCreateError(r.message);
      }
    } finally {
      setCreating(false);
    }
  };

  const update = (s: StreamView): void => {
    setStreams((prev) => (prev === null ? prev : prev.map((x) => (x.id === s.id ? s : x))));
    onSelect(s);
  };

  const removed = (id: number): void => {
    const name = streams?.find((x) => x.id === id)?.name ?? selected?.name ?? `#${id}`;
    setStreams((prev) => (prev === null ? prev : prev.filter((x) => x.id !== id)));
    setDeleted(`Deleted stream “${name}”.`);
    onSelect(null);
  };

  if (!signedIn) {
    return (
      <section className="screen" aria-labelledby="streams-title">
        <h1 id="streams-title">Streams</h1>
        <Notice kind="info">Sign in under Account to list and create your Gcore live streams.</Notice>
      </section>
    );
  }

  return (
    <section className="screen" aria-labelledby="streams-title">
      <h1 id="streams-title">Streams</h1>
      <div className="two-col">
        <div className="col">
          <form className="form inline-form" onSubmit={(e) => void create(e)}>
            <label htmlFor="new-stream-name">New stream name</label>
            <input id="new-stream-name" value={newName} onChange={(e) => setNewName(e.target.value)} maxLength={255} />
            <button type="submit" disabled={creating}>
              {creating ? 'Creating…' : 'Create stream'}
            </button>
          </form>
          {createError !== null ? <Notice kind="error">{createError}</Notice> : null}
          <div className="form inline-form">
            <label htmlFor="stream-search">Search streams</label>
            <input id="stream-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
            <button type="button" onClick={() => void load()}>
              Refresh
            </button>
          </div>
          <StreamFilterBar filters={filters} onChange={setFilters} />
          {loadError !== null ? <Notice kind="error">{loadError}</Notice> : null}
          {deleted !== null ? <Notice kind="success">{deleted}</Notice> : null}
          {streams === null && loadError === null ? <p>Loading streams…</p> : null}
          {streams !== null && visible.length === 0 ? (
            <p>
              {streams.length === 0
                ? 'No streams yet: create one above.'
                : isFiltering(filters)
                  ? 'No stream matches the search and filters.'
                  : 'No stream matches the search.'}
            </p>
          ) : null}
          <ul className="stream-list" aria-label="Streams">
            {visible.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  className="stream-item"
                  aria-pressed={selected?.id === s.id}
                  onClick={() => onSelect(s)}
                >
                  <span className="stream-name">{s.name}</span>
                  <span className="muted"> #{s.id}</span>
                </button>
                <StreamTags stream={s} />
              </li>
            ))}
          </ul>
        </div>
        <div className="col">
          {selected !== null ? (
            <StreamDetail api={api} stream={selected} onUpdate={update} onClose={() => onSelect(null)} onDeleted={removed} />
          ) : (
            <p className="hint">Pick a stream to see its SRT endpoints and whether the platform sees it live.</p>
          )}
        </div>
      </div>
    </section>
  );
}
