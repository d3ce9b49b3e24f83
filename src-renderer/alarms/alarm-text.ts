/** What the alarm list says about an alarm: the station by name, the quantity, and values with units. */
import type { Alarm } from '../../src-shared/domain/alarms';
import { formatLevel, formatMeasurement, formatNumber, formatSilence } from '../../src-shared/domain/format';
import { metricInfo } from '../../src-shared/domain/metrics';
import { CITY_STATION_ID } from '../../src-shared/domain/reading';
import type { Rule } from '../../src-shared/domain/rules';
import type { Station } from '../../src-shared/domain/station';

/** The cells of an alarm row that depend on what the alarm is about. */
export interface AlarmFigures {
  /** The quantity: "Temperature", "No data", "System". */
  readonly what: string;
  /** The worst value while active, with its unit; '–' when there is none. */
  readonly peak: string;
  /** The limit, with its unit; '–' when there is none. */
  readonly limit: string;
}

/** Where an alarm is: the station's name and district from the registry, its id when unknown. */
export interface AlarmPlace {
  readonly name: string;
  readonly district: string | null;
}

/**
 * Figures of an alarm in words an operator reads: a threshold alarm in the metric's unit and decimals,
 * an outlier's limit in σ, a silent station's silence and limit as durations ("60 s", not 60026.0).
 * `rule` is the alarm's rule when it is still configured.
 */
export function alarmFigures(alarm: Alarm, rule: Rule | undefined): AlarmFigures {
  if (alarm.kind === 'system') return { what: 'System', peak: '–', limit: '–' };
  if (alarm.metric === null) {
    // The one station-level process rule is the stale (silent station) rule: its values are milliseconds.
    return { what: 'No data', peak: orDash(alarm.peakValue, formatSilence), limit: orDash(alarm.threshold, formatSilence) };
  }
  const metric = alarm.metric;
  const limit = rule?.kind === 'outlier' ? orDash(alarm.threshold, (k) => `${formatNumber(k)}σ`) : orDash(alarm.threshold, (v) => formatLevel(v, metric));
  return { what: metricInfo(metric).label, peak: orDash(alarm.peakValue, (v) => formatMeasurement(v, metric)), limit };
}

/** The station of an alarm by name and district; the city-wide pseudo station for system alarms. */
export function alarmPlace(stationId: string, station: Station | undefined): AlarmPlace {
  if (stationId === CITY_STATION_ID) return { name: 'City-wide', district: null };
  if (station === undefined) return { name: stationId, district: null };
  return { name: station.name === '' ? stationId : station.name, district: station.district === '' ? null : station.district };
}

/** An alarm in words for a message to the operator: "University Bridge · Temperature (critical)", never its internal id. */
export function alarmLabel(alarm: Alarm, station: Station | undefined): string {
  const what = alarm.kind === 'system' ? 'System' : alarm.metric === null ? 'No data' : metricInfo(alarm.metric).label;
  return `${alarmPlace(alarm.stationId, station).name} · ${what} (${alarm.severity})`;
}

/**
 * What a bulk action says when some of its requests failed: how many were done, then each failure by its alarm's
 * label — or the reason once, when every failure had the same one ("Not connected to the server").
 */
export function bulkFailureText(total: number, failures: readonly { readonly label: string; readonly reason: string }[]): string {
  const done = `${total - failures.length} of ${total} done`;
  const reasons = new Set(failures.map((f) => f.reason));
  if (reasons.size === 1) return `${done}. ${failures.length === 1 ? failures[0]!.label : `${failures.length} alarms`}: ${[...reasons][0]}`;
  return `${done}. ${failures.map((f) => `${f.label}: ${f.reason}`).join('; ')}`;
}

/** Everything the alarm filter matches against: station id, name and district, metric id and label, message. */
export function alarmSearchText(alarm: Alarm, station: Station | undefined): string {
  const place = alarmPlace(alarm.stationId, station);
  const metric = alarm.metric === null ? (alarm.kind === 'system' ? 'system' : 'no data silent') : `${alarm.metric} ${metricInfo(alarm.metric).label}`;
  return `${alarm.stationId} ${place.name} ${place.district ?? ''} ${metric} ${alarm.message}`.toLowerCase();
}

function orDash(value: number | null, format: (value: number) => string): string {
  return value === null ? '–' : format(value);
}
