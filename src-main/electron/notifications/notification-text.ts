/** Wording of alarm notifications: what a control-room operator reads in a toast. */
import type { Alarm } from '../../../src-shared/domain/alarms';
import { metricInfo } from '../../../src-shared/domain/metrics';
import { CITY_STATION_ID } from '../../../src-shared/domain/reading';
import type { Severity } from '../../../src-shared/domain/rules';
import { formatMeasurement, formatNumber } from '../../../src-shared/domain/format';

/** Name and district of a station, from stations:list. */
export interface StationInfo {
  readonly name: string;
  readonly district: string;
}
export type StationLookup = (stationId: string) => StationInfo | null;

/** Title and body of one notification. */
export interface NotificationText {
  readonly title: string;
  readonly body: string;
}

const SEVERITY_LABEL: Record<Severity, string> = { warning: 'Warning', critical: 'Critical' };

/** "particulate_matter above 45 µg/m³"; the direction is read from value vs threshold (alarms do not carry the operator). */
export function conditionText(alarm: Alarm): string {
  if (alarm.metric === null || alarm.threshold === null) return alarm.message;
  const unit = metricInfo(alarm.metric).unit;
  const value = alarm.value ?? alarm.peakValue;
  const direction = value === null || value >= alarm.threshold ? 'above' : 'below';
  return `${alarm.metric} ${direction} ${formatNumber(alarm.threshold)}${unit ? ` ${unit}` : ''}`;
}

/** One alarm: severity, station, metric, value and threshold. */
export function singleText(alarm: Alarm, lookup: StationLookup, isReminder: boolean): NotificationText {
  const station = stationLabel(alarm.stationId, lookup);
  const what = alarm.metric === null ? alarm.message : metricInfo(alarm.metric).label;
  const title = `${SEVERITY_LABEL[alarm.severity]}${isReminder ? ' (not acknowledged)' : ''}: ${what} at ${station}`;
  if (alarm.metric === null || alarm.threshold === null) return { title, body: alarm.message };
  const unit = metricInfo(alarm.metric).unit;
  const value = alarm.value ?? alarm.peakValue;
  // Rounded to the metric's decimals (formatMeasurement), like every alarm message.
  const valueText = value === null ? 'no value' : formatMeasurement(value, alarm.metric);
  return { title, body: `${valueText} — ${conditionText(alarm)} (${alarm.metric}, threshold ${formatNumber(alarm.threshold)}${unit ? ` ${unit}` : ''})` };
}

/** Several alarms of one rule: "7 stations: particulate_matter above 45 µg/m³ in Centre district". */
export function groupText(alarms: readonly Alarm[], lookup: StationLookup): NotificationText {
  const first = alarms[0] as Alarm;
  const stations = new Set(alarms.map((a) => a.stationId));
  const districts = new Set(alarms.map((a) => lookup(a.stationId)?.district ?? null));
  const onlyDistrict = districts.size === 1 ? [...districts][0] : null;
  const where = onlyDistrict ? ` in ${onlyDistrict} district` : districts.size > 1 ? ` in ${districts.size} districts` : '';
  const worst: Severity = alarms.some((a) => a.severity === 'critical') ? 'critical' : 'warning';
  return { title: `${SEVERITY_LABEL[worst]}: ${stations.size} stations`, body: `${stations.size} stations: ${conditionText(first)}${where}` };
}

function stationLabel(stationId: string, lookup: StationLookup): string {
  if (stationId === CITY_STATION_ID) return 'city-wide';
  return lookup(stationId)?.name ?? stationId;
}
