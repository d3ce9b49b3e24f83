import { useRef, useState } from 'react';
import { useSession } from '../app-context';

/** The contract's limit on an imported file's contents. */
const MAX_FILE_CHARS = 20_000_000;
/** Problems listed in full; the rest are counted. */
const SHOWN_PROBLEMS = 20;

interface ImportOutcome {
  readonly fileName: string;
  readonly imported: number;
  readonly problems: readonly string[];
}

/**
 * "Import station file…": a station registry (CSV id,name,district,lat,lon or GeoJSON Points) is read
 * here and its CONTENTS are sent with stations:import (a path would mean nothing to a remote engine);
 * the count and the rows it could not read are shown, and the station list is re-read.
 */
export function StationImport(props: { readonly onImported?: () => void }) {
  const { api, refreshStations } = useSession();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function onFile(file: File | undefined): Promise<void> {
    if (file === undefined) return;
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      const content = await file.text();
      if (content.length > MAX_FILE_CHARS) throw new Error('The file is too large (more than 20 MB of text).');
      const result = await api.request('stations:import', { fileName: file.name, content });
      // First: the map's unplaced list that holds this import stays open when the import places its last station.
      props.onImported?.();
      // The list is read again before the result shows, so the counts and the map beside it already include the import.
      await refreshStations();
      setOutcome({ fileName: file.name, imported: result.imported, problems: result.problems });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
      // The same file can be imported again after it was edited.
      if (input.current !== null) input.current.value = '';
    }
  }

  return (
    <div className="station-import" data-testid="station-import">
      <button type="button" disabled={busy} onClick={() => input.current?.click()} data-testid="station-import-button">
        {busy ? 'Importing…' : 'Import station file…'}
      </button>
      <input ref={input} type="file" accept=".csv,.geojson,.json" hidden aria-label="Station file (CSV or GeoJSON)" data-testid="station-import-file" onChange={(e) => void onFile(e.target.files?.[0])} />
      {outcome !== null && (
        <div role="status" data-testid="station-import-result" data-imported={outcome.imported} data-problems={outcome.problems.length}>
          <p>
            Imported {outcome.imported} station{outcome.imported === 1 ? '' : 's'} from {outcome.fileName}
            {outcome.problems.length > 0 && `; ${outcome.problems.length} row${outcome.problems.length === 1 ? '' : 's'} could not be read:`}
          </p>
          {outcome.problems.length > 0 && (
            <ul className="plain-list import-problems" data-testid="station-import-problems">
              {outcome.problems.slice(0, SHOWN_PROBLEMS).map((p, i) => (
                <li key={i}>{p}</li>
              ))}
              {outcome.problems.length > SHOWN_PROBLEMS && <li>… and {outcome.problems.length - SHOWN_PROBLEMS} more</li>}
            </ul>
          )}
        </div>
      )}
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
