import { useRef, useState } from 'react';
import { useObservable, useSession } from '../app-context';
import { parseDistricts, type DistrictCollection } from '../../src-shared/map/districts';

/** The contract's limit on a settings message is 8 MiB (WebSocket); districts stay well under it. */
const MAX_FILE_CHARS = 5_000_000;

/**
 * "Import districts…": the admin's own district outlines (GeoJSON FeatureCollection of named
 * Polygon/MultiPolygon features) replace the built-in demo ring. Validated here for an immediate plain
 * answer, then saved with the settings (ui.districts) by their one owner, whose schema checks them again;
 * a bad file changes nothing. "Use built-in districts" removes them.
 */
export function DistrictImport() {
  const session = useSession();
  const settings = useObservable(session.settings);
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ readonly ok: boolean; readonly lines: readonly string[] } | null>(null);
  const current = settings?.settings.ui.districts ?? null;

  async function save(districts: DistrictCollection | null): Promise<void> {
    const view = session.settings.get();
    if (view === null) throw new Error('The settings are not loaded yet; try again in a moment.');
    const saved = await session.api.request('settings:save', { settings: { ...view.settings, ui: { ...view.settings.ui, districts } }, secrets: {} });
    session.settings.set(saved);
  }

  async function onFile(file: File | undefined): Promise<void> {
    if (file === undefined) return;
    setBusy(true);
    setMessage(null);
    try {
      const text = await file.text();
      if (text.length > MAX_FILE_CHARS) throw new Error('The file is too large (more than 5 MB of text): simplify the outlines first.');
      const result = parseDistricts(text);
      if (!result.ok) return setMessage({ ok: false, lines: [`${file.name} was not imported:`, ...result.problems] });
      await save(result.districts);
      setMessage({ ok: true, lines: [`Imported ${result.districts.features.length} districts from ${file.name}.`] });
    } catch (err) {
      setMessage({ ok: false, lines: [err instanceof Error ? err.message : String(err)] });
    } finally {
      setBusy(false);
      if (input.current !== null) input.current.value = '';
    }
  }

  async function reset(): Promise<void> {
    setBusy(true);
    try {
      await save(null);
      setMessage({ ok: true, lines: ['The map shows the built-in demo districts again.'] });
    } catch (err) {
      setMessage({ ok: false, lines: [err instanceof Error ? err.message : String(err)] });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="district-import" data-testid="district-import">
      <p data-testid="district-source">{current === null ? 'Districts: the built-in demo ring.' : `Districts: ${current.features.length} imported.`}</p>
      <button type="button" disabled={busy} onClick={() => input.current?.click()} data-testid="district-import-button">
        {busy ? 'Saving…' : 'Import districts…'}
      </button>
      {current !== null && (
        <button type="button" disabled={busy} onClick={() => void reset()} data-testid="district-reset">
          Use built-in districts
        </button>
      )}
      <input ref={input} type="file" accept=".geojson,.json" hidden aria-label="District file (GeoJSON)" data-testid="district-import-file" onChange={(e) => void onFile(e.target.files?.[0])} />
      {message !== null && (
        <div role={message.ok ? 'status' : 'alert'} className={message.ok ? '' : 'form-error'} data-testid="district-import-result" data-ok={message.ok}>
          <p>{message.lines[0]}</p>
          {message.lines.length > 1 && (
            <ul className="plain-list import-problems">
              {message.lines.slice(1).map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
