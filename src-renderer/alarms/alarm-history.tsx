import { useState } from 'react';
import { useAlarmHistory } from './use-alarm-history';

function time(ms: number): string {
  return new Date(ms).toLocaleString([], { hour12: false });
}

/** The audit trail of the last 7 days: every state change with who, when and the comment. */
export function AlarmHistory() {
  const { data, error, reload } = useAlarmHistory();
  const [text, setText] = useState('');
  const needle = text.trim().toLowerCase();
  const events = (data?.events ?? []).filter((e) => needle === '' || `${e.alarmId} ${e.type} ${e.who} ${e.comment ?? ''}`.toLowerCase().includes(needle));
  const sorted = [...events].sort((a, b) => b.at - a.at);
  return (
    <section className="panel" aria-label="Alarm history" data-testid="alarm-history">
      <div className="filter-bar">
        <input type="search" placeholder="Filter alarm, event, operator, comment…" aria-label="Filter history" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="button" onClick={reload}>
          Refresh
        </button>
        <span className="count">{sorted.length} events</span>
      </div>
      {error !== null && <p className="form-error" role="alert">{error}</p>}
      <div className="scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Alarm</th>
              <th>Event</th>
              <th>From → to</th>
              <th className="num">Value</th>
              <th>Who</th>
              <th>Comment</th>
            </tr>
          </thead>
          <tbody>
            {sorted.slice(0, 2000).map((e, i) => (
              <tr key={`${e.alarmId}-${e.at}-${i}`}>
                <td className="mono">{time(e.at)}</td>
                <td className="mono">{e.alarmId}</td>
                <td>{e.type}</td>
                <td>
                  {e.fromState} → {e.toState}
                </td>
                <td className="num">{e.value === null ? '–' : e.value.toFixed(2)}</td>
                <td>{e.who}</td>
                <td>{e.comment ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {data !== null && sorted.length === 0 && <p className="empty">No alarm events in the last 7 days.</p>}
      </div>
    </section>
  );
}
