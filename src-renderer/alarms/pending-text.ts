/**
 * Words for a pending condition (a rule breached, waiting out its pending time): the same in the alarm
 * list's pending rows and the map's tooltip, so the two never disagree.
 */
import { formatDuration as formatWindow } from '../../src-shared/domain/format';
import { metricInfo } from '../../src-shared/domain/metrics';
import type { PendingCondition } from '../../src-shared/ipc/frame';

/** What the rule evaluates: "10-s mean", "1-min p95", or "value" for raw readings. */
export function ruleStatisticLabel(statistic: PendingCondition['statistic'], windowMs: number | null): string {
  if (statistic === 'value' || windowMs === null) return 'value';
  return `${formatWindow(windowMs).replace(' ', '-')} ${statistic}`;
}

/** A value in the metric's unit and decimals: "41.3 °C". */
export function formatPendingValue(value: number, metric: string): string {
  const info = metricInfo(metric);
  return `${value.toFixed(info.decimals)} ${info.unit}`.trim();
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
  return `${ruleStatisticLabel(condition.statistic, condition.windowMs)} ${formatPendingValue(condition.value, condition.metric)} ${condition.operator} ${formatPendingValue(condition.level, condition.metric)}`;
}

/** One line for a tooltip: "Pending critical: 10-s mean 41.3 °C > 40.0 °C, alarm in 12 s". */
export function pendingSummary(condition: PendingCondition, dataNow: number): string {
  return `Pending ${condition.severity}: ${breachText(condition)}, ${countdownText(condition, dataNow)}`;
}
