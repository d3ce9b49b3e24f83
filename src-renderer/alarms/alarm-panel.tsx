import { useEffect, useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { Rule } from '../../src-shared/domain/rules';
import type { Station } from '../../src-shared/domain/station';
import { useObservable, useSession } from '../app-context';
import { useNow } from '../shell/use-now';
import { AlarmActionDialog } from './alarm-actions';
import { AlarmDrillDown } from './alarm-drill-down';
import type { AlarmAction } from './alarm-actions';
import { AlarmFilterBar } from './alarm-filter-bar';
import { alarmsToAcknowledge, alarmsToShelve, groupAlarms } from './alarm-groups';
import type { AlarmGroup } from './alarm-groups';
import { AlarmRow } from './alarm-row';
import { alarmPlace, alarmSearchText } from './alarm-text';
import { OutOfServiceList } from './out-of-service-list';
import { PendingRows } from './pending-rows';
import { OpenIncidentButton } from '../replay/open-incident-button';
import { NoticeList } from '../air/notice-list';
import { hasPublicNotice } from '../air/notice-text';
import { countShelved, isUnacknowledged, NO_FILTER, visibleAlarms } from './alarm-sort';
import type { AlarmFilter } from './alarm-sort';

/**
 * The working alarm list (dashboard and Alarms view), one row per condition (alarm-groups.ts). Arrow
 * keys move the cursor; Space ticks the row for a bulk action; A acknowledges the ticked rows (or the
 * cursor's row when none is ticked) with one comment, S shelves, U unshelves, O toggles out of service
 * for the cursor row's station.
 */
export function AlarmPanel(props: { readonly compact: boolean }) {
  const session = useSession();
  const all = useObservable(session.alarms.all);
  const stations = useObservable(session.stations);
  const rules = useObservable(session.rules);
  const now = useNow(1000);
  const dataNow = session.live.dataTime(now);
  const [filter, setFilter] = useState<AlarmFilter>(NO_FILTER);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [checkedKeys, setCheckedKeys] = useState<ReadonlySet<string>>(new Set());
  const [action, setAction] = useState<AlarmAction | null>(null);
  const stationById = useMemo(() => new Map<string, Station>(stations.map((s) => [s.id, s])), [stations]);
  const ruleById = useMemo(() => new Map<string, Rule>(rules.map((r) => [r.id, r])), [rules]);
  const list = visibleAlarms(all, filter, now, (a) => alarmSearchText(a, stationById.get(a.stationId)));
  const groups = groupAlarms(list, ruleById);
  const selected = groups.find((g) => g.key === selectedKey) ?? groups[0] ?? null;
  const checked = groups.filter((g) => checkedKeys.has(g.key));
  const newCritical = list.filter((a) => a.severity === 'critical' && isUnacknowledged(a)).length;
  // Bulk actions act on the ticked rows; with none ticked, on the cursor's row.
  const targets: readonly AlarmGroup[] = checked.length > 0 ? checked : selected === null ? [] : [selected];
  const toAcknowledge = alarmsToAcknowledge(targets);
  // The row the operator chose (click or arrows) opens its trend and is highlighted on the map.
  const opened = selectedKey === null ? null : (groups.find((g) => g.key === selectedKey) ?? null);
  const focusStation = opened?.worst.stationId ?? null;

  useEffect(() => {
    session.focus.set(focusStation);
  }, [session, focusStation]);
  useEffect(() => () => session.focus.set(null), [session]);

  useEffect(() => {
    if (selectedKey !== null && !groups.some((g) => g.key === selectedKey)) setSelectedKey(null);
    if ([...checkedKeys].some((key) => !groups.some((g) => g.key === key))) setCheckedKeys(new Set([...checkedKeys].filter((key) => groups.some((g) => g.key === key))));
  }, [groups, selectedKey, checkedKeys]);

  function setChecked(key: string, isChecked: boolean): void {
    const next = new Set(checkedKeys);
    if (isChecked) next.add(key);
    else next.delete(key);
    setCheckedKeys(next);
  }

  function open(kind: AlarmAction['kind']): void {
    if (selected === null) return;
    if (kind === 'ack') {
      if (toAcknowledge.length > 0) setAction({ kind, alarm: toAcknowledge[0]!, alarms: toAcknowledge });
    } else if (kind === 'shelve' || kind === 'unshelve') {
      const alarms = alarmsToShelve(targets, kind === 'unshelve');
      if (alarms.length > 0) setAction({ kind, alarm: alarms[0]!, alarms });
    } else setAction({ kind, alarm: selected.worst });
  }

  function onClose(): void {
    setAction(null);
    if (action?.kind !== 'oos') setCheckedKeys(new Set());
  }

  function onKey(e: KeyboardEvent): void {
    if (selected === null || e.altKey || e.ctrlKey || e.metaKey) return;
    const i = groups.indexOf(selected);
    const key = e.key.toLowerCase();
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const next = groups[Math.min(groups.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)))];
      if (next !== undefined) setSelectedKey(next.key);
    } else if (e.key === ' ') setChecked(selected.key, !checkedKeys.has(selected.key));
    else if (key === 'a') open('ack');
    else if (key === 's') open(filter.showShelved ? 'unshelve' : 'shelve');
    else if (key === 'u') open('unshelve');
    else if (key === 'o') open('oos');
    else return;
    e.preventDefault();
  }

  const isAllChecked = groups.length > 0 && checked.length === groups.length;
  return (
    <section className={props.compact ? 'alarm-panel compact' : 'alarm-panel'} aria-label="Alarms" data-testid="alarm-panel">
      <AlarmFilterBar filter={filter} onChange={setFilter} count={list.length} shelvedCount={countShelved(all, now)} />
      {newCritical > 0 && (
        <div className="critical-banner" role="alert" data-testid="critical-banner">
          ◆ {newCritical} critical alarm{newCritical === 1 ? '' : 's'} not acknowledged
        </div>
      )}
      <PendingRows compact={props.compact} filter={filter} />
      <div className="alarm-table-wrap" tabIndex={0} onKeyDown={onKey} aria-label="Alarm list. Arrows move, Space selects, A acknowledge, S shelve, U unshelve, O out of service">
        <table className="alarm-table" data-testid="alarm-table">
          <thead>
            <tr>
              <th className="check-cell">
                <input type="checkbox" tabIndex={-1} checked={isAllChecked} disabled={groups.length === 0} onChange={(e) => setCheckedKeys(new Set(e.target.checked ? groups.map((g) => g.key) : []))} aria-label="Select all alarms" data-testid="alarm-check-all" />
              </th>
              <th>Priority</th>
              <th>Station</th>
              <th>Peak · limit</th>
              <th className="num">Raised at</th>
              <th data-testid="alarm-state-header">State</th>
              {!props.compact && <th>Message</th>}
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => (
              <AlarmRow
                key={group.key}
                group={group}
                station={stationById.get(group.worst.stationId)}
                rule={ruleById.get(group.worst.ruleId)}
                now={now}
                dataNow={dataNow}
                compact={props.compact}
                isSelected={group.key === selected?.key}
                isChecked={checkedKeys.has(group.key)}
                onSelect={() => setSelectedKey(group.key)}
                onCheck={(isChecked) => setChecked(group.key, isChecked)}
              />
            ))}
          </tbody>
        </table>
        {groups.length === 0 && <p className="empty">{filter.showShelved ? 'No shelved alarms.' : 'No open alarms.'}</p>}
      </div>
      <div className="alarm-actions">
        <button type="button" disabled={toAcknowledge.length === 0} onClick={() => open('ack')} data-testid="alarm-ack" title="A">
          {checked.length > 0 ? `Acknowledge ${checked.length} selected` : 'Acknowledge'}
        </button>
        {filter.showShelved ? (
          <button type="button" disabled={selected === null} onClick={() => open('unshelve')} data-testid="alarm-unshelve" title="U">
            Unshelve
          </button>
        ) : (
          <button type="button" disabled={selected === null} onClick={() => open('shelve')} data-testid="alarm-shelve" title="S">
            Shelve…
          </button>
        )}
        <button type="button" disabled={selected === null} onClick={() => open('oos')} data-testid="alarm-oos" title="O">
          Out of service…
        </button>
        <OpenIncidentButton alarms={selected?.members ?? []} stationName={selected === null ? null : alarmPlace(selected.worst.stationId, stationById.get(selected.worst.stationId)).name} />
      </div>
      {opened !== null && <AlarmDrillDown alarms={opened.members} rulesById={ruleById} stationName={alarmPlace(opened.worst.stationId, stationById.get(opened.worst.stationId)).name} />}
      {opened !== null && opened.members.filter((a) => hasPublicNotice(a.id)).map((a) => <NoticeList key={a.id} alarmId={a.id} title="Public notice for this alarm" />)}
      <OutOfServiceList />
      {action !== null && <AlarmActionDialog action={action} onClose={onClose} />}
    </section>
  );
}
