import type { Alarm } from '../../src-shared/domain/alarms';
import type { Rule } from '../../src-shared/domain/rules';
import type { Station } from '../../src-shared/domain/station';
import type { AlarmGroup } from './alarm-groups';
import { isGroupUnacknowledged } from './alarm-groups';
import { formatDuration } from './alarm-sort';
import { alarmFigures, alarmPlace } from './alarm-text';
import { controlRoomZone, formatShort, formatTime, isSameDay } from '../time/control-room-time';

// Soft hyphens (\u00AD) let the long words break in the narrow dashboard list, with a hyphen shown.
const STATE_TEXT: Readonly<Record<Alarm['state'], string>> = {
  normal: 'Normal',
  unacknowledged: 'Unacknow\u00ADledged',
  acknowledged: 'Acknow\u00ADledged',
  'returned-unacknowledged': 'Cleared, unacknow\u00ADledged',
};

/** The priority cell: shape, colour and word together (ISA-101: colour is never the only signal). */
export function PriorityBadge(props: { readonly severity: Alarm['severity'] }) {
  return (
    <span className={`priority priority-${props.severity}`}>
      <span aria-hidden="true">{props.severity === 'critical' ? '◆' : '▲'}</span> {props.severity === 'critical' ? 'Critical' : 'Warning'}
    </span>
  );
}

/** When an alarm was raised, on the data's clock, in the control-room zone: the time alone today, the date too before that. */
export function formatRaisedAt(ms: number, dataNow: number, zone = controlRoomZone()): string {
  return isSameDay(ms, dataNow, zone) ? formatTime(ms, zone) : formatShort(ms, zone);
}

/** What the row needs besides its alarms. */
export interface AlarmRowProps {
  readonly group: AlarmGroup;
  readonly station: Station | undefined;
  readonly rule: Rule | undefined;
  /** Wall clock (shelf expiries). */
  readonly now: number;
  /** The data's clock, against which event-time durations are read (wall-clock alarms use `now`). */
  readonly dataNow: number;
  readonly isSelected: boolean;
  readonly isChecked: boolean;
  readonly compact: boolean;
  readonly onSelect: () => void;
  readonly onCheck: (isChecked: boolean) => void;
}

/**
 * One condition in the list: its worst alarm (a critical above a warning of the same quantity), the
 * station by name and district, value and limit with units, and when it was raised. Unacknowledged
 * critical alarms stay prominent until acknowledged. The checkbox selects the row for bulk actions.
 */
export function AlarmRow(props: AlarmRowProps) {
  const { group, now, dataNow } = props;
  const alarm = group.worst;
  const unack = isGroupUnacknowledged(group);
  const className = ['alarm-row', unack ? 'is-unack' : '', unack && alarm.severity === 'critical' ? 'is-critical-unack' : '', props.isSelected ? 'is-selected' : ''].filter(Boolean).join(' ');
  // Threshold and outlier alarms carry the data's event time; silent-station and system alarms the wall clock.
  const clockNow = alarm.metric === null ? now : dataNow;
  const since = alarm.isActive || alarm.clearedAt === null ? clockNow - alarm.activatedAt : alarm.clearedAt - alarm.activatedAt;
  const place = alarmPlace(alarm.stationId, props.station);
  const figures = alarmFigures(alarm, props.rule);
  const others = group.members.slice(1);
  const ids = group.members.map((a) => a.id).join(' ');
  return (
    <tr className={className} aria-selected={props.isSelected} onClick={props.onSelect} data-testid={`alarm-row-${alarm.id}`} data-alarm-ids={ids} data-state={alarm.state} data-severity={alarm.severity}>
      <td className="check-cell" onClick={(e) => e.stopPropagation()}>
        <input type="checkbox" tabIndex={-1} checked={props.isChecked} onChange={(e) => props.onCheck(e.target.checked)} aria-label={`Select ${figures.what} at ${place.name}`} data-testid="alarm-check" />
      </td>
      <td>
        <PriorityBadge severity={alarm.severity} />
        {others.length > 0 && (
          <span className="sub" data-testid="alarm-also" title={others.map((a) => a.message).join('\n')}>
            + {others.map((a) => `${a.severity} ${a.state === 'acknowledged' ? '(ack.)' : ''}`.trim()).join(', ')}
          </span>
        )}
      </td>
      <td data-testid="alarm-station" title={alarm.stationId}>
        <span className="station-name">{place.name}</span>
        <span className="sub">
          {[place.district, place.name === alarm.stationId ? null : alarm.stationId]
            .filter((part): part is string => part !== null)
            .map((part, i) => (
              <span key={part}>
                {i > 0 && ' · '}
                <span className="nowrap">{part}</span>
              </span>
            ))}
        </span>
      </td>
      <td data-testid="alarm-what">
        {figures.what}
        <span className="sub">
          <span className="nowrap" data-testid="alarm-peak">{figures.peak}</span>
          {figures.limit !== '–' && (
            <>
              {' · '}
              <span className="nowrap">
                limit <span data-testid="alarm-limit">{figures.limit}</span>
              </span>
            </>
          )}
        </span>
      </td>
      <td className="num" data-testid="alarm-raised" title={`${new Date(alarm.activatedAt).toISOString()} (UTC)`}>
        <time dateTime={new Date(alarm.activatedAt).toISOString()}>{formatRaisedAt(alarm.activatedAt, clockNow)}</time>
        <span className="sub" data-testid="alarm-for">{formatDuration(since)}</span>
      </td>
      <td data-testid="alarm-state">
        {STATE_TEXT[alarm.state]}
        {alarm.shelf !== null && alarm.shelf.until > now && ` · shelved (${formatDuration(alarm.shelf.until - now)} left)`}
        {alarm.isChattering && ' · chattering'}
      </td>
      {!props.compact && <td className="message">{group.members.map((a) => <div key={a.id}>{a.message}</div>)}</td>}
    </tr>
  );
}
