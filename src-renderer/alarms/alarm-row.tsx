import type { Alarm } from '../../src-shared/domain/alarms';
import { metricInfo } from '../../src-shared/domain/metrics';
import { formatDuration, isUnacknowledged } from './alarm-sort';

const STATE_TEXT: Readonly<Record<Alarm['state'], string>> = {
  normal: 'Normal',
  unacknowledged: 'Unacknowledged',
  acknowledged: 'Acknowledged',
  'returned-unacknowledged': 'Cleared, unacknowledged',
};

/** A value in the metric's unit and decimals; '–' when absent. */
export function formatValue(value: number | null, metric: string | null): string {
  if (value === null) return '–';
  const info = metricInfo(metric ?? '');
  return `${value.toFixed(metric === null ? 1 : info.decimals)} ${metric === null ? '' : info.unit}`.trim();
}

/** The priority cell: shape, colour and word together (ISA-101: colour is never the only signal). */
export function PriorityBadge(props: { readonly severity: Alarm['severity'] }) {
  return (
    <span className={`priority priority-${props.severity}`}>
      <span aria-hidden="true">{props.severity === 'critical' ? '◆' : '▲'}</span> {props.severity === 'critical' ? 'Critical' : 'Warning'}
    </span>
  );
}

/**
 * One alarm in the list; unacknowledged critical alarms stay prominent until acknowledged. `now` is the
 * wall clock (shelf expiries); `dataNow` the data's clock, against which event-time durations are read.
 */
export function AlarmRow(props: { readonly alarm: Alarm; readonly now: number; readonly dataNow: number; readonly isSelected: boolean; readonly onSelect: () => void; readonly compact: boolean }) {
  const { alarm, now, dataNow } = props;
  const unack = isUnacknowledged(alarm);
  const className = ['alarm-row', unack ? 'is-unack' : '', unack && alarm.severity === 'critical' ? 'is-critical-unack' : '', props.isSelected ? 'is-selected' : ''].filter(Boolean).join(' ');
  const since = alarm.isActive || alarm.clearedAt === null ? dataNow - alarm.activatedAt : alarm.clearedAt - alarm.activatedAt;
  return (
    <tr className={className} aria-selected={props.isSelected} onClick={props.onSelect} data-testid={`alarm-row-${alarm.id}`} data-state={alarm.state} data-severity={alarm.severity}>
      <td>
        <PriorityBadge severity={alarm.severity} />
      </td>
      <td className="mono">{alarm.stationId}</td>
      <td>{alarm.metric === null ? alarm.kind : metricInfo(alarm.metric).label}</td>
      <td className="num">{formatValue(alarm.peakValue, alarm.metric)}</td>
      <td className="num">{formatValue(alarm.threshold, alarm.metric)}</td>
      <td className="num" data-testid="alarm-for">{formatDuration(since)}</td>
      <td data-testid="alarm-state">
        {STATE_TEXT[alarm.state]}
        {alarm.shelf !== null && alarm.shelf.until > now && ` · shelved (${formatDuration(alarm.shelf.until - now)} left)`}
        {alarm.isChattering && ' · chattering'}
      </td>
      {!props.compact && <td className="message">{alarm.message}</td>}
    </tr>
  );
}
