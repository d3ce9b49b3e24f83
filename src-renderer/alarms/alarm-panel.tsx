import { useEffect, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useObservable, useSession } from '../app-context';
import { useNow } from '../shell/use-now';
import { AlarmActionDialog } from './alarm-actions';
import type { AlarmAction } from './alarm-actions';
import { AlarmFilterBar } from './alarm-filter-bar';
import { AlarmRow } from './alarm-row';
import { OutOfServiceList } from './out-of-service-list';
import { isUnacknowledged, NO_FILTER, visibleAlarms } from './alarm-sort';
import type { AlarmFilter } from './alarm-sort';

/**
 * The working alarm list (dashboard and Alarms view). Arrow keys move the selection; A acknowledges,
 * S shelves, U unshelves, O toggles out of service for the selected alarm's station.
 */
export function AlarmPanel(props: { readonly compact: boolean }) {
  const session = useSession();
  const all = useObservable(session.alarms.all);
  const now = useNow(1000);
  const dataNow = session.live.dataTime(now);
  const [filter, setFilter] = useState<AlarmFilter>(NO_FILTER);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [action, setAction] = useState<AlarmAction | null>(null);
  const list = visibleAlarms(all, filter, now);
  const selected = list.find((a) => a.id === selectedId) ?? list[0] ?? null;
  const newCritical = list.filter((a) => a.severity === 'critical' && isUnacknowledged(a)).length;

  useEffect(() => {
    if (selectedId !== null && !list.some((a) => a.id === selectedId)) setSelectedId(null);
  }, [list, selectedId]);

  function onKey(e: KeyboardEvent): void {
    if (selected === null || e.altKey || e.ctrlKey || e.metaKey) return;
    const i = list.indexOf(selected);
    const key = e.key.toLowerCase();
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const next = list[Math.min(list.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)))];
      if (next !== undefined) setSelectedId(next.id);
    } else if (key === 'a' && isUnacknowledged(selected)) setAction({ kind: 'ack', alarm: selected });
    else if (key === 's') setAction({ kind: filter.showShelved ? 'unshelve' : 'shelve', alarm: selected });
    else if (key === 'u' && selected.shelf !== null) setAction({ kind: 'unshelve', alarm: selected });
    else if (key === 'o') setAction({ kind: 'oos', alarm: selected });
    else return;
    e.preventDefault();
  }

  return (
    <section className={props.compact ? 'alarm-panel compact' : 'alarm-panel'} aria-label="Alarms" data-testid="alarm-panel">
      <AlarmFilterBar filter={filter} onChange={setFilter} count={list.length} />
      {newCritical > 0 && (
        <div className="critical-banner" role="alert" data-testid="critical-banner">
          ◆ {newCritical} critical alarm{newCritical === 1 ? '' : 's'} not acknowledged
        </div>
      )}
      <div className="alarm-table-wrap" tabIndex={0} onKeyDown={onKey} aria-label="Alarm list. Arrows select, A acknowledge, S shelve, U unshelve, O out of service">
        <table className="alarm-table" data-testid="alarm-table">
          <thead>
            <tr>
              <th>Priority</th>
              <th>Station</th>
              <th>Metric</th>
              <th className="num">Peak</th>
              <th className="num">Limit</th>
              <th className="num">For</th>
              <th>State</th>
              {!props.compact && <th>Message</th>}
            </tr>
          </thead>
          <tbody>
            {list.map((alarm) => (
              <AlarmRow key={alarm.id} alarm={alarm} now={now} dataNow={dataNow} compact={props.compact} isSelected={alarm.id === selected?.id} onSelect={() => setSelectedId(alarm.id)} />
            ))}
          </tbody>
        </table>
        {list.length === 0 && <p className="empty">{filter.showShelved ? 'No shelved alarms.' : 'No open alarms.'}</p>}
      </div>
      <div className="alarm-actions">
        <button type="button" disabled={selected === null || !isUnacknowledged(selected)} onClick={() => selected && setAction({ kind: 'ack', alarm: selected })} data-testid="alarm-ack" title="A">
          Acknowledge
        </button>
        {filter.showShelved ? (
          <button type="button" disabled={selected === null} onClick={() => selected && setAction({ kind: 'unshelve', alarm: selected })} data-testid="alarm-unshelve" title="U">
            Unshelve
          </button>
        ) : (
          <button type="button" disabled={selected === null} onClick={() => selected && setAction({ kind: 'shelve', alarm: selected })} data-testid="alarm-shelve" title="S">
            Shelve…
          </button>
        )}
        <button type="button" disabled={selected === null} onClick={() => selected && setAction({ kind: 'oos', alarm: selected })} data-testid="alarm-oos" title="O">
          Out of service…
        </button>
      </div>
      <OutOfServiceList />
      {action !== null && <AlarmActionDialog action={action} onClose={() => setAction(null)} />}
    </section>
  );
}
