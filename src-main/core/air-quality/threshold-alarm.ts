/**
 * The alarms of the information and alert thresholds (issue 18): their rule ids and the condition each
 * threshold event makes for the alarm manager (AirQualityFeed routes the events here).
 */
import type { Condition } from '../rules/condition';
import { CONCENTRATION_UNIT, POLLUTANT_LABEL, type Pollutant } from './pollutants';
import type { ThresholdEvent } from './threshold-tracker';

/** The alarm rule id of a threshold: `air:o3-information`, `air:no2-alert`. */
export function thresholdRuleId(pollutant: Pollutant, kind: 'information' | 'alert'): string {
  return `air:${pollutant}-${kind}`;
}

/** Whether a rule id is a threshold alarm's (as thresholdRuleId makes them). */
export function isThresholdRuleId(ruleId: string): boolean {
  return /^air:[a-z0-9]+-(information|alert)$/.test(ruleId);
}

/** A threshold event as an alarm condition: information thresholds are warnings, alert thresholds critical. */
export function thresholdCondition(stationId: string, pollutant: Pollutant, event: Exclude<ThresholdEvent, { type: 'none' }>, at: number): Condition {
  const { threshold, highestHourly, latestValue } = event.episode;
  const unit = CONCENTRATION_UNIT[pollutant];
  const name = POLLUTANT_LABEL[pollutant];
  const over = threshold.consecutiveHours === 1 ? 'over one hour' : `for ${threshold.consecutiveHours} consecutive hours`;
  const isActive = event.type !== 'ended';
  const message = isActive
    ? `${name} is above the ${threshold.kind} threshold at ${stationId}: ${round(latestValue)} ${unit} in the last hour (threshold ${threshold.level} ${unit} ${over}, highest ${round(highestHourly.value)} ${unit}). The public must be informed (${threshold.source}).`
    : `${name} is back at or below the ${threshold.kind} threshold at ${stationId} (${round(latestValue)} ${unit}; the episode peaked at ${round(highestHourly.value)} ${unit}).`;
  return {
    ruleId: thresholdRuleId(pollutant, threshold.kind),
    stationId,
    metric: pollutant,
    isActive,
    value: isActive ? latestValue : null,
    threshold: threshold.level,
    severity: threshold.kind === 'alert' ? 'critical' : 'warning',
    message,
    at,
  };
}

export function round(value: number): number {
  return Math.round(value * 10) / 10;
}
