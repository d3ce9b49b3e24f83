import type { HistoryResult } from '../../src-shared/ipc/contract';

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

/** A history result as CSV: one row per station and time, ISO UTC times, empty cells for missing values. */
export function historyToCsv(result: HistoryResult): string {
  const lines = ['station_id,time,metric,window_ms,mean,min,max,count'];
  for (const s of result.series) {
    for (let i = 0; i < s.ts.length; i++) {
      lines.push([csvField(s.stationId), new Date(s.ts[i] as number).toISOString(), csvField(result.metric), String(result.sizeMs), num(s.mean[i]), num(s.min[i]), num(s.max[i]), num(s.count[i])].join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
