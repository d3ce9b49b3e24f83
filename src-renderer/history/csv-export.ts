import type { HistoryResult } from '../../src-shared/ipc/contract';

/** Quote a CSV field when it holds a separator, quote or newline (RFC 4180). */
export function csvField(value: string): string {
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
