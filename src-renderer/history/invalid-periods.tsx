import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { QualityInvalidation } from '../../src-shared/domain/air-quality';
import { useSession } from '../app-context';
import { formatDateTime } from '../time/control-room-time';
import { RevokeMark } from '../air/revoke-mark';

/**
 * Under the history chart (issue 18): the periods operators marked invalid for the shown stations and metric
 * within the shown range, and a form that marks the shown (zoomed) period of one station invalid with a
 * reason. Invalid data are left out of the indices and the compliance figures; the mark is audited, and
 * each listed mark can be revoked with a reason (RevokeMark).
 */
export function InvalidPeriods({ stationIds, metric, from, to, onList }: { stationIds: readonly string[]; metric: string; from: number; to: number; onList: (list: readonly QualityInvalidation[]) => void }) {
  const session = useSession();
  const [list, setList] = useState<readonly QualityInvalidation[]>([]);
  const [stationId, setStationId] = useState(stationIds[0] ?? '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const stationKey = stationIds.join(',');

  useEffect(() => {
    let isCurrent = true;
    session.api.request('quality:invalidations', { stationId: null, metric, from: Math.max(0, Math.floor(from)), to: Math.ceil(to) }).then(
      (found) => {
        if (!isCurrent) return;
        const shown = found.filter((i) => stationKey.split(',').includes(i.stationId));
        setList(shown);
        onList(shown);
      },
      (e: unknown) => isCurrent && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      isCurrent = false;
    };
  }, [session, metric, from, to, stationKey, version, onList]);

  function submit(e: FormEvent): void {
    e.preventDefault();
    setError(null);
    const station = stationIds.includes(stationId) ? stationId : (stationIds[0] ?? '');
    session.api.request('quality:invalidate', { stationId: station, metric, from: Math.max(0, Math.floor(from)), to: Math.ceil(to), reason }).then(
      () => {
        setReason('');
        setVersion((v) => v + 1);
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }

  return (
    <section className="invalid-periods" data-testid="invalid-periods" aria-label="Data marked invalid">
      <h3>Data marked invalid ({list.length})</h3>
      {list.length === 0 ? (
        <p className="hint">No period of the shown stations is marked invalid in this range.</p>
      ) : (
        <ul data-testid="invalid-periods-list">
          {list.map((i) => (
            <li key={i.id} className="invalid-period">
              <strong>{i.stationId}</strong> {formatDateTime(i.fromMs)} – {formatDateTime(i.toMs)}: {i.reason} <span className="hint">(marked by {i.by}, {formatDateTime(i.at)})</span>{' '}
              <RevokeMark invalidation={i} onRevoked={() => setVersion((v) => v + 1)} />
            </li>
          ))}
        </ul>
      )}
      <form className="invalidate-form" onSubmit={submit}>
        <label className="field">
          <span>Station</span>
          <select value={stationId} onChange={(e) => setStationId(e.target.value)} data-testid="invalidate-station">
            {stationIds.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Reason</span>
          <input value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} placeholder="e.g. analyser fault" data-testid="invalidate-reason" />
        </label>
        <button type="submit" disabled={reason.trim().length === 0 || stationIds.length === 0} data-testid="invalidate-submit">
          Mark the shown period invalid
        </button>
        <p className="hint">Zoom the chart to the bad period first. Invalid data are left out of indices and compliance; the mark is audited.</p>
        {error !== null && <p className="form-error" role="alert">{error}</p>}
      </form>
    </section>
  );
}
