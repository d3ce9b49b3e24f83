import { useEffect, useState } from 'react';
import type { Incident } from '../../src-shared/domain/replay';
import { useObservable, useSession } from '../app-context';
import { formatShort, formatSortable, instantOfWallClock } from '../time/control-room-time';
import type { ReplayController, ReplayState } from './replay-controller';

/** The saved incidents (newest first) as a picker: choosing one replays it from its start. */
export function SavedIncidents(props: { readonly replay: ReplayController }) {
  const session = useSession();
  const state = useObservable(props.replay.state);
  const [incidents, setIncidents] = useState<readonly Incident[]>([]);
  // Reloaded when the incident being replayed changes (a save names a new one).
  const savedKey = `${state?.incident?.id ?? ''}|${state?.incident?.title ?? ''}`;
  useEffect(() => {
    let isCurrent = true;
    session.api.request('incident:list', {}).then((list) => isCurrent && setIncidents(list), () => undefined);
    return () => {
      isCurrent = false;
    };
  }, [session, savedKey]);
  return (
    <label>
      Saved incidents{' '}
      <select
        value=""
        disabled={incidents.length === 0}
        data-testid="saved-incidents"
        onChange={(e) => {
          const incident = incidents.find((i) => i.id === e.target.value);
          if (incident !== undefined) void props.replay.openIncident(incident);
        }}
      >
        <option value="">{incidents.length === 0 ? 'none' : `${incidents.length} saved…`}</option>
        {incidents.map((i) => (
          <option key={i.id} value={i.id}>
            {i.title} · {formatShort(i.from)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Saves the incident being replayed (or a new one around the moment): title, range and notes. */
export function IncidentForm(props: { readonly replay: ReplayController; readonly state: ReplayState; readonly onDone: () => void }) {
  const session = useSession();
  const incident = props.state.incident;
  const [title, setTitle] = useState(incident?.title ?? `Incident at ${formatShort(props.state.at)}`);
  const [from, setFrom] = useState(wallText(incident?.from ?? props.state.at - 2 * 60_000));
  const [to, setTo] = useState(wallText(incident?.to ?? props.state.at + 10 * 60_000));
  const [notes, setNotes] = useState(incident?.notes ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const fromMs = instantOfWallClock(from);
  const toMs = instantOfWallClock(to);
  const isValid = title.trim() !== '' && fromMs !== null && toMs !== null && toMs > fromMs;

  async function save(): Promise<void> {
    if (fromMs === null || toMs === null) return;
    try {
      const saved = await session.api.request('incident:save', { id: incident?.id ?? null, title, from: fromMs, to: toMs, notes, alarmId: incident?.alarmId ?? null });
      props.replay.setIncident(saved);
      props.onDone();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <form className="incident-form" data-testid="incident-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <label>Title <input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} data-testid="incident-title" /></label>
      <label>From <input type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} data-testid="incident-from" /></label>
      <label>To <input type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} data-testid="incident-to" /></label>
      <label className="incident-notes">Notes <textarea value={notes} rows={2} onChange={(e) => setNotes(e.target.value)} data-testid="incident-notes" /></label>
      <button type="submit" disabled={!isValid} data-testid="incident-save">Save incident</button>
      <button type="button" onClick={props.onDone}>Cancel</button>
      {problem !== null && <p className="replay-banner-problem" role="alert">{problem}</p>}
    </form>
  );
}

/** A datetime-local input's text for an instant, in the control-room zone. */
function wallText(ms: number): string {
  return formatSortable(ms).replace(' ', 'T');
}
