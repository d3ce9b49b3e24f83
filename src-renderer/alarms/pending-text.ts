/**
 * Words for a pending condition (a rule breached, waiting out its pending time): the same in the alarm
 * list's pending rows and the map's tooltip, so the two never disagree.
 */
import { formatDuration as formatWindow } from '../../src-shared/domain/format';
import { metricInfo } from '../../src-shared/domain/metrics';
import type { PendingCondition } from '../../src-shared/ipc/frame';
import type { Station } from '../../src-shared/domain/station';
import type { AlarmFilter } from './alarm-sort';
import { alarmPlace } from './alarm-text';

/** What the rule evaluates: "10-s mean", "1-min p95", or "value" for raw readings. */
export function ruleStatisticLabel(statistic: PendingCondition['statistic'], windowMs: number | null): string {
  if (statistic === 'value' || windowMs === null) return 'value';
  return `${formatWindow(windowMs).replace(' ', '-')} ${statistic}`;
}

/** A value in the metric's unit and decimals: "41.3 °C". */
export function formatPendingValue(value: number, metric: string, decimals = metricInfo(metric).decimals): string {
  return `${value.toFixed(decimals)} ${metricInfo(metric).unit}`.trim();
}

/** Whole seconds until the alarm is due at data time `dataNow` (never negative). */
export function secondsUntilDue(condition: PendingCondition, dataNow: number): number {
  return Math.max(0, Math.ceil((condition.dueAt - dataNow) / 1000));
}

/** "alarm in 12 s", or "alarm due" once the pending time has run out (the window still has to close). */
export function countdownText(condition: PendingCondition, dataNow: number): string {
  const s = secondsUntilDue(condition, dataNow);
  return s > 0 ? `alarm in ${s} s` : 'alarm due';
}

/** "10-s mean 41.3 °C > 40.0 °C": what breached, in the metric's units. */
export function breachText(condition: PendingCondition): string {
  const { value, level, metric } = condition;
  // A value that rounds to its limit gets the decimals that tell them apart ("35.02 °C > 35.0 °C", not "35.0 °C > 35.0 °C").
  let decimals = metricInfo(metric).decimals;
  while (decimals < metricInfo(metric).decimals + 3 && value.toFixed(decimals) === level.toFixed(decimals)) decimals++;
  return `${ruleStatisticLabel(condition.statistic, condition.windowMs)} ${formatPendingValue(value, metric, decimals)} ${condition.operator} ${formatPendingValue(level, metric)}`;
}

/** One line for a tooltip: "Pending critical: 10-s mean 41.3 °C > 40.0 °C, alarm in 12 s". */
export function pendingSummary(condition: PendingCondition, dataNow: number): string {
  return `Pending ${condition.severity}: ${breachText(condition)}, ${countdownText(condition, dataNow)}`;
}

/**
 * Whether the alarm list's filter keeps a pending condition: the same severity choice, and the search text found
 * in its station (id, name, district), metric (id and label) or rule name — as the alarm rows are searched. The
 * shelved list shows no pending rows.
 */
export function isPendingShown(condition: PendingCondition, station: Station | undefined, filter: AlarmFilter): boolean {
  if (filter.showShelved) return false;
  if (filter.severity !== '' && condition.severity !== filter.severity) return false;
  const text = filter.text.trim().toLowerCase();
  if (text === '') return true;
  const place = alarmPlace(condition.stationId, station);
  return `${condition.stationId} ${place.name} ${place.district ?? ''} ${condition.metric} ${metricInfo(condition.metric).label} ${condition.ruleName}`.toLowerCase().includes(text);
}
