import type { AlarmFilter } from './alarm-sort';

/**
 * Text, priority and shelved filters above the alarm list. The shelf's own count stands beside its
 * checkbox; the number of alarms the list shows is labelled as such (a bare number after "Shelved" read
 * as the shelved count while it counted the unshelved list).
 */
export function AlarmFilterBar(props: { readonly filter: AlarmFilter; readonly onChange: (filter: AlarmFilter) => void; readonly count: number; readonly shelvedCount: number }) {
  const { filter, onChange } = props;
  return (
    <div className="filter-bar">
      <input type="search" placeholder="Station, district…" title="Filter by station, district, metric or message" aria-label="Filter alarms by station, district, metric or message" value={filter.text} onChange={(e) => onChange({ ...filter, text: e.target.value })} data-testid="alarm-filter" />
      <select aria-label="Priority" value={filter.severity} onChange={(e) => onChange({ ...filter, severity: e.target.value as AlarmFilter['severity'] })}>
        <option value="">All priorities</option>
        <option value="critical">Critical</option>
        <option value="warning">Warning</option>
      </select>
      <label className="check">
        <input type="checkbox" checked={filter.showShelved} onChange={(e) => onChange({ ...filter, showShelved: e.target.checked })} data-testid="alarm-show-shelved" />
        <span>
          Shelved (<span data-testid="alarm-shelved-count">{props.shelvedCount}</span>)
        </span>
      </label>
      <span className="count" data-testid="alarm-count" title={filter.showShelved ? 'Shelved alarms shown' : 'Open alarms shown'}>
        {props.count} {filter.showShelved ? 'shelved' : 'open'}
      </span>
    </div>
  );
}
