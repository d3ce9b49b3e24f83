/**
 * The alarms of the information and alert thresholds (issue 18): their rule ids and the condition each
 * threshold event makes for the alarm manager (AirQualityFeed routes the events here).
 */
import type { Condition } from '../rules/condition';
import { CONCENTRATION_UNIT, POLLUTANT_LABEL, type Pollutant } from './pollutants';
import type { ThresholdEpisode, ThresholdEvent } from './threshold-tracker';
import { THRESHOLDS_2008_50 } from './eu-standards';
import { HOUR_MS, isHourValid, type HourlyValue } from './validity';

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

/**
 * What an hour does to threshold alarms restored active after a restart whose episode no tracker holds
 * (`restored`: their alarm ids): each one it settles — left to the tracker when the tracker raised or carries an
 * episode of the threshold this hour (episode null), or ended by a valid hour at or below the level, with the
 * episode this engine knows (its end only) and the alarm's condition.
 */
export function restoredEnds(stationId: string, pollutant: Pollutant, hour: HourlyValue, events: readonly Exclude<ThresholdEvent, { type: 'none' }>[], restored: ReadonlySet<string>): { alarmId: string; episode: ThresholdEpisode | null; condition: Condition | null }[] {
  const out: { alarmId: string; episode: ThresholdEpisode | null; condition: Condition | null }[] = [];
  for (const threshold of THRESHOLDS_2008_50) {
    if (threshold.pollutant !== pollutant) continue;
    const alarmId = `${thresholdRuleId(pollutant, threshold.kind)}@${stationId}`;
    if (!restored.has(alarmId)) continue;
    // The tracker raised or carries an episode of its own: it ends the alarm when the episode ends.
    if (events.some((e) => e.episode.threshold.id === threshold.id)) out.push({ alarmId, episode: null, condition: null });
    else if (isHourValid(hour) && hour.value <= threshold.level) {
      // What this engine knows of the episode is its end: its start and peak were before the restart (its
      // public notice entry keeps the start and peaks it had), so the message says so instead of naming a peak.
      const seen = { value: hour.value, startMs: hour.startMs };
      const episode: ThresholdEpisode = { threshold, startMs: hour.startMs, endMs: hour.startMs, hoursAbove: 0, highestHourly: seen, highest8hMean: null, latestValue: hour.value, trend: 'falling' };
      const ended = thresholdCondition(stationId, pollutant, { type: 'ended', episode }, hour.startMs + HOUR_MS);
      const message = `${POLLUTANT_LABEL[pollutant]} is back at or below the ${threshold.kind} threshold at ${stationId} (${round(hour.value)} ${CONCENTRATION_UNIT[pollutant]}; the episode began before the engine restarted).`;
      out.push({ alarmId, episode, condition: { ...ended, message } });
    }
  }
  return out;
}

export function round(value: number): number {
  return Math.round(value * 10) / 10;
}
