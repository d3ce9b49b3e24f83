import { useEffect, useMemo, useState } from 'react';
import type { Rule } from '../../src-shared/domain/rules';
import type { Station } from '../../src-shared/domain/station';
import { useObservable, useSession } from '../app-context';
import { alarmPlace } from './alarm-text';
import { changeText, eventLabel, ruleName, splitAlarmId } from './audit-text';
import { useAlarmHistory } from './use-alarm-history';
import { formatDateTime } from '../time/control-room-time';

function time(ms: number): string {
  return formatDateTime(ms);
}

/**
 * The audit trail of the last 7 days: every state change with who, when and the comment, each alarm by
 * its rule's current name and its station's name. Live: changes appear as they happen.
 */
export function AlarmHistory() {
  const session = useSession();
  const { data, error } = useAlarmHistory();
  const sessionRules = useObservable(session.rules);
  // The rules as the engine has them now (another window may have renamed or deleted one since this one loaded).
  const [current, setCurrent] = useState<readonly Rule[] | null>(null);
  useEffect(() => {
    let cancelled = false;
    session.api.request('rules:list', {}).then(
      (list) => !cancelled && setCurrent(list),
      () => undefined, // The session's copy stands in; its loader reports failures.
    );
    return () => {
      cancelled = true;
    };
  }, [session.api, sessionRules]);
  const rules = current ?? sessionRules;
  const stations = useObservable(session.stations);
  const rulesById = useMemo(() => new Map<string, Rule>(rules.map((r) => [r.id, r])), [rules]);
  const stationsById = useMemo(() => new Map<string, Station>(stations.map((s) => [s.id, s])), [stations]);
  const [text, setText] = useState('');
  const needle = text.trim().toLowerCase();
  const rows = (data?.events ?? []).map((event) => {
    const ids = splitAlarmId(event.alarmId);
    return { event, rule: ruleName(ids.ruleId, rulesById), place: alarmPlace(ids.stationId, stationsById.get(ids.stationId)), stationId: ids.stationId };
  });
  const shown = rows
    .filter(({ event, rule, place, stationId }) => needle === '' || `${event.alarmId} ${rule.name} ${stationId} ${place.name} ${place.district ?? ''} ${eventLabel(event.type)} ${event.who} ${event.comment ?? ''}`.toLowerCase().includes(needle))
    .sort((a, b) => b.event.at - a.event.at);
  return (
    <section className="panel" aria-label="Alarm history" data-testid="alarm-history">
      <div className="filter-bar">
        <input type="search" placeholder="Filter rule, station, event, operator, comment…" aria-label="Filter history" value={text} onChange={(e) => setText(e.target.value)} />
        <span className="count" data-testid="alarm-history-count">
          {shown.length} events · live
        </span>
      </div>
      {error !== null && <p className="form-error" role="alert">{error}</p>}
      <div className="scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Rule</th>
              <th>Station</th>
              <th>Event</th>
              <th>From → to</th>
              <th className="num">Value</th>
              <th>Who</th>
              <th>Comment</th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, 2000).map(({ event: e, rule, place, stationId }, i) => (
              <tr key={`${e.alarmId}-${e.at}-${e.type}-${i}`} data-testid="audit-row" data-alarm-id={e.alarmId} data-type={e.type}>
                <td className="mono" data-testid="audit-when"><time dateTime={new Date(e.at).toISOString()}>{time(e.at)}</time></td>
                <td data-testid="audit-rule" title={e.alarmId}>
                  {rule.name}
                  {rule.isDeleted && <span className="hint"> (deleted rule)</span>}
                </td>
                <td title={stationId}>{place.name}</td>
                <td data-testid="audit-event">{eventLabel(e.type)}</td>
                <td>{changeText(e)}</td>
                <td className="num">{e.value === null ? '–' : e.value.toFixed(2)}</td>
                <td data-testid="audit-who">{e.who}</td>
                <td>{e.comment ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {data !== null && shown.length === 0 && <p className="empty">No alarm events in the last 7 days.</p>}
      </div>
    </section>
  );
}
