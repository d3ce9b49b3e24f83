import { useCallback, useEffect, useState } from 'react';
import type { QuarantinedMessage } from '../../src-shared/ipc/status';
import { useSession } from '../app-context';
import { formatTime } from '../time/control-room-time';

/** A sample of rejected raw payloads with their reason and position, newest first. */
export function QuarantineList() {
  const { api } = useSession();
  const [items, setItems] = useState<readonly QuarantinedMessage[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api.request('quarantine:list', { limit: 50 }).then(
      (list) => (setItems(list), setError(null)),
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }, [api]);
  useEffect(load, [load]);
  return (
    <section className="panel" aria-label="Rejected message samples" data-testid="quarantine">
      <div className="filter-bar">
        <h3>Rejected message samples</h3>
        <button type="button" onClick={load} data-testid="quarantine-refresh">
          Refresh
        </button>
      </div>
      {error !== null && <p className="form-error" role="alert">{error}</p>}
      {items.length === 0 ? (
        <p className="empty">No rejected messages kept.</p>
      ) : (
        <div className="scroll short">
          <table className="data-table">
            <thead><tr><th>When</th><th>Reason</th><th>Detail</th><th>Position</th><th>Payload (truncated)</th></tr></thead>
            <tbody>
              {[...items].sort((a, b) => b.at - a.at).map((m, i) => (
                <tr key={`${m.at}-${i}`} data-testid="quarantine-row" data-reason={m.reason}>
                  <td className="mono">{formatTime(m.at)}</td>
                  <td>{m.reason}</td>
                  <td>{m.detail}</td>
                  <td className="mono">{m.topic === null ? '–' : `${m.topic}/${m.partition}@${m.offset}`}</td>
                  <td><code className="payload">{m.sample}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
