import type { HistoryResult } from '../../src-shared/ipc/contract';
import { metricInfo } from '../../src-shared/domain/metrics';
import { controlRoomZone, formatSortable } from '../time/control-room-time';

/**
 * A spreadsheet reads a cell that starts with one of these as a formula (or, for tab and carriage return,
 * strips them and reads what follows): OWASP "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell (a station id, a metric name) as a CSV field: quoted when it holds a separator, quote or
 * newline (RFC 4180); one that a spreadsheet would run as a formula is neutralised as OWASP advises,
 * with a leading single quote and always quoted. Numbers never pass through here: they are written as
 * numbers, so a negative value stays a number.
 */
export function csvField(value: string): string {
  if (FORMULA_START.test(value)) return `"'${value.replaceAll('"', '""')}"`;
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function num(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '' : String(v);
}

/** A column name with its unit, e.g. "mean (°C)"; metrics without a unit keep the bare name. */
function withUnit(name: string, unit: string): string {
  return unit === '' ? name : `${name} (${unit})`;
}

/**
 * A history result as CSV: one row per station and time, the ISO UTC time and the same moment as the
 * control-room zone's wall clock (the zone named in the header), the unit of each value column in its
 * header, empty cells for missing values.
 */
export function historyToCsv(result: HistoryResult, zone = controlRoomZone()): string {
  const unit = metricInfo(result.metric).unit;
  const header = ['station_id', 'time (UTC)', `local_time (${zone})`, 'metric', 'window_ms', withUnit('mean', unit), withUnit('min', unit), withUnit('max', unit), 'count'];
  const lines = [header.map(csvField).join(',')];
  for (const s of result.series) {
    for (let i = 0; i < s.ts.length; i++) {
      const ts = s.ts[i] as number;
      lines.push([csvField(s.stationId), new Date(ts).toISOString(), formatSortable(ts, zone), csvField(result.metric), String(result.sizeMs), num(s.mean[i]), num(s.min[i]), num(s.max[i]), num(s.count[i])].join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
