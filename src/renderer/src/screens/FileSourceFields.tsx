// The file source's fields: "Choose file…" (main opens the dialog, checks the file and remembers it), what the file holds
// and whether it goes out as it is or is encoded, and the loop switch. The window never types a path itself.

import { useEffect, useRef, useState, type JSX } from 'react';
import type { InputSource } from '../../../shared/broadcastTypes';
import { describeFileSummary, type FileSourceInfo } from '../../../shared/fileSourceTypes';
import type { SrtCompanionApi } from '../../../shared/ipcContract';
import { Notice } from '../components/Notice';

/** The two calls the file source needs from main. */
export type FileSourceApi = Pick<SrtCompanionApi, 'chooseSourceFile' | 'describeSourceFile'>;

export type FileInput = Extract<InputSource, { kind: 'file' }>;

export interface FileSourceFieldsProps {
  input: FileInput;
  files: FileSourceApi;
  onInput(input: InputSource): void;
}

export function FileSourceFields({ input, files, onInput }: FileSourceFieldsProps): JSX.Element {
  const [info, setInfo] = useState<FileSourceInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The effect below runs once per api; it reads the current choice through this ref.
  const current = useRef({ input, onInput });
  current.current = { input, onInput };

  // The file main remembers, checked again (it may have changed or gone since): its summary, and the choice when empty.
  useEffect(() => {
    let mounted = true;
    void files.describeSourceFile().then((r) => {
      if (!mounted) return;
      if (!r.ok) return setError(r.message);
      if (r.value === null) return;
      setInfo(r.value);
      const { input: now, onInput: set } = current.current;
      if (now.path === '') set({ ...now, path: r.value.summary.path });
    });
    return () => {
      mounted = false;
    };
  }, [files]);

  const choose = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const r = await files.chooseSourceFile();
      if (!r.ok) setError(r.message);
      else if (r.value.status === 'chosen') {
        setInfo(r.value.file);
        onInput({ ...input, path: r.value.file.summary.path });
      }
    } finally {
      setBusy(false);
    }
  };

  const shown = info !== null && info.summary.path === input.path ? info : null;
  return (
    <div className="file-source">
      <div className="actions">
        <button type="button" onClick={() => void choose()} disabled={busy}>
          {busy ? 'Checking the file…' : input.path === '' ? 'Choose file…' : 'Choose another file…'}
        </button>
      </div>
      {input.path !== '' ? (
        <p className="file-path">
          File: <strong>{input.path}</strong>
        </p>
      ) : null}
      {shown !== null ? (
        <div aria-label="File summary">
          <p className="hint">{describeFileSummary(shown.summary)}</p>
          <p>
            <strong>{shown.sentAsIs ? 'Sent as it is' : 'Will be encoded'}</strong>
            {shown.sentAsIs ? ' (no re-encoding)' : ' with the chosen encoder'}
          </p>
          <ul className="hint">
            {shown.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {error !== null ? <Notice kind="error">{error}</Notice> : null}
      <label>
        <input type="checkbox" checked={input.loop} onChange={(e) => onInput({ ...input, loop: e.target.checked })} />
        Loop: play the file again and again until you stop (otherwise the broadcast ends with the file)
      </label>
    </div>
  );
}
