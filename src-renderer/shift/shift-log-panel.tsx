import { useCallback, useEffect, useState } from 'react';
import type { ShiftEntry } from '../../src-shared/domain/shift';
import { useSession } from '../app-context';
import { defaultRange, entryAuthor, formatMoment, fromInputValue, toInputValue } from './shift-text';
import { ShiftIncidentButton } from '../replay/shift-incident-button';

/** The shift log: search by text, station and time; add a note (optionally carried over); clear a carry-over. */
export function ShiftLogPanel(props: { readonly revision: number; readonly onChanged: () => void }) {
  const { api } = useSession();
  const [range, setRange] = useState(() => defaultRange(Date.now()));
  const [text, setText] = useState('');
  const [stationId, setStationId] = useState('');
  const [entries, setEntries] = useState<readonly ShiftEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [noteStation, setNoteStation] = useState('');
  const [carryOver, setCarryOver] = useState(false);

  const load = useCallback(() => {
    // The end moves with the clock, so a note just added is in the list.
    const to = Math.max(range.to, Date.now() + 60_000);
    api.request('shiftlog:list', { from: range.from, to, text: text.trim() === '' ? null : text, stationId: stationId.trim() === '' ? null : stationId.trim(), limit: 500 }).then(
      (list) => {
        setEntries(list);
        setError(null);
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }, [api, range, text, stationId]);
  useEffect(load, [load, props.revision]);

  const add = (): void => {
    api.request('shiftlog:add', { text: note, stationId: noteStation.trim() === '' ? null : noteStation.trim(), carryOver }).then(
      () => {
        setNote('');
        setCarryOver(false);
        props.onChanged();
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  };
  const clear = (id: string): void => {
    api.request('shiftlog:clearCarryOver', { id }).then(props.onChanged, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };

  return (
    <section className="panel shift-log-panel" data-testid="shift-log">
      <h2>Shift log</h2>
      <form className="shift-note-form" onSubmit={(e) => (e.preventDefault(), add())}>
        <textarea aria-label="Note" data-testid="shift-note-text" placeholder="Write a note for the log" value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
        <input aria-label="Station of the note" data-testid="shift-note-station" placeholder="Station (optional)" value={noteStation} onChange={(e) => setNoteStation(e.target.value)} />
        <label>
          <input type="checkbox" data-testid="shift-note-carry-over" checked={carryOver} onChange={(e) => setCarryOver(e.target.checked)} /> Carry over to the next shift
        </label>
        <button type="submit" data-testid="shift-note-add" disabled={note.trim() === ''}>
          Add note
        </button>
      </form>
      <div className="shift-search" role="search">
        <input aria-label="Search text" data-testid="shift-search-text" placeholder="Search text" value={text} onChange={(e) => setText(e.target.value)} />
        <input aria-label="Search station" data-testid="shift-search-station" placeholder="Station" value={stationId} onChange={(e) => setStationId(e.target.value)} />
        <label>
          From <input type="datetime-local" data-testid="shift-search-from" value={toInputValue(range.from)} onChange={(e) => setRange((r) => ({ ...r, from: fromInputValue(e.target.value) ?? r.from }))} />
        </label>
        <label>
          To <input type="datetime-local" data-testid="shift-search-to" value={toInputValue(range.to)} onChange={(e) => setRange((r) => ({ ...r, to: fromInputValue(e.target.value) ?? r.to }))} />
        </label>
      </div>
      {error !== null && <p className="error" role="alert" data-testid="shift-error">{error}</p>}
      {entries === null ? (
        <p className="muted">Loading…</p>
      ) : entries.length === 0 ? (
        <p className="muted" data-testid="shift-empty">No entries match.</p>
      ) : (
        <table className="shift-entries">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Station</th>
              <th>Entry</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="shift-entry" data-kind={e.kind} data-carry-over={e.carryOver && e.clearedAt === null}>
                <td>{formatMoment(e.at)}</td>
                <td>{entryAuthor(e)}</td>
                <td>{e.stationId ?? ''}</td>
                <td className="shift-entry-text">{e.text}</td>
                <td>
                  <ShiftIncidentButton entry={e} />
                  {e.carryOver && e.clearedAt === null && (
                    <button type="button" data-testid="shift-clear-carry-over" onClick={() => clear(e.id)}>
                      Clear carry-over
                    </button>
                  )}
                  {e.carryOver && e.clearedAt !== null && <span className="muted">cleared by {e.clearedBy}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
