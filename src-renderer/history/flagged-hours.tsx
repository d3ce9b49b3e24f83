import { useEffect, useState } from 'react';
import { useSession } from '../app-context';
import { formatDateTime } from '../time/control-room-time';
import { FLAG_KIND_NAME } from '../air/air-index-store';
import { flagRuns, type FlagRun } from './flag-runs';

/**
 * Under the history chart (issue 18): the hours of the shown stations and metric that the engine flagged
 * automatically (out of range, stuck, spike, drift, possible local event), as runs with the kind in words,
 * whether they are left out of the indices and compliance, and the reason. The chart shades the same runs.
 */
export function FlaggedHours({ stationIds, metric, from, to, onList }: { stationIds: readonly string[]; metric: string; from: number; to: number; onList: (runs: readonly FlagRun[]) => void }) {
  const session = useSession();
  const [runs, setRuns] = useState<readonly FlagRun[]>([]);
  const [error, setError] = useState<string | null>(null);
  const stationKey = stationIds.join('\u0000');

  useEffect(() => {
    let isCurrent = true;
    const ids = stationKey.split('\u0000').filter((id) => id !== '');
    session.api.request('quality:flags', { stationIds: ids.slice(0, 50), metric, from: Math.max(0, Math.floor(from)), to: Math.ceil(to) }).then(
      (found) => {
        if (!isCurrent) return;
        const list = flagRuns(found);
        setError(null);
        setRuns(list);
        onList(list);
      },
      (e: unknown) => isCurrent && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      isCurrent = false;
    };
  }, [session, metric, from, to, stationKey, onList]);

  const hours = runs.reduce((sum, r) => sum + r.hours, 0);
  return (
    <section className="flagged-hours" data-testid="flagged-hours" aria-label="Automatic data-quality flags">
      <h3>
        Data-quality flags ({hours} {hours === 1 ? 'hour' : 'hours'})
      </h3>
      {runs.length === 0 ? (
        <p className="hint">No hour of the shown stations was flagged in this range.</p>
      ) : (
        <ul data-testid="flagged-hours-list">
          {runs.map((r) => (
            <li key={`${r.stationId}-${r.kind}-${r.fromMs}`} className={`flagged-run${r.isExcluded ? ' is-excluded' : ''}`} data-kind={r.kind} data-station={r.stationId} data-from={r.fromMs} data-to={r.toMs}>
              <strong>{r.stationId}</strong> {FLAG_KIND_NAME[r.kind]}, {formatDateTime(r.fromMs)} – {formatDateTime(r.toMs)} ({r.hours} {r.hours === 1 ? 'hour' : 'hours'}
              {r.isExcluded ? ', left out of indices and compliance' : ', still counted'}): <span className="hint">{r.reason}</span>
            </li>
          ))}
        </ul>
      )}
      {error !== null && <p className="form-error" role="alert">{error}</p>}
    </section>
  );
}
