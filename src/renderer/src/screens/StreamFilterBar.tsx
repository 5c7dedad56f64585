// Three selects that narrow the stream list: push/pull, active/inactive, live on primary/backup or not live.

import type { JSX } from 'react';
import type { ActiveFilter, IngestFilter, LiveFilter, StreamFilters } from '../logic/streamFilters';

export interface StreamFilterBarProps {
  filters: StreamFilters;
  onChange(filters: StreamFilters): void;
}

export function StreamFilterBar({ filters, onChange }: StreamFilterBarProps): JSX.Element {
  return (
    <fieldset className="plain-fieldset filter-bar">
      <legend className="field-label">Show</legend>
      <label>
        Ingest{' '}
        <select value={filters.ingest} onChange={(e) => onChange({ ...filters, ingest: e.target.value as IngestFilter })}>
          <option value="any">Push and pull</option>
          <option value="push">Push</option>
          <option value="pull">Pull</option>
        </select>
      </label>
      <label>
        Switch{' '}
        <select value={filters.active} onChange={(e) => onChange({ ...filters, active: e.target.value as ActiveFilter })}>
          <option value="any">Active and inactive</option>
          <option value="active">Active</option>
          <option value="inactive">Inactive</option>
        </select>
      </label>
      <label>
        Live{' '}
        <select value={filters.live} onChange={(e) => onChange({ ...filters, live: e.target.value as LiveFilter })}>
          <option value="any">Live or not</option>
          <option value="live">Live (primary or backup)</option>
          <option value="primary">Live on primary</option>
          <option value="backup">Live on backup</option>
          <option value="idle">Not live</option>
        </select>
      </label>
    </fieldset>
  );
}
