import { metricInfo } from './metrics';

/** A number for a message: at most 3 decimals, no trailing zeros. */
export function formatNumber(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** A window size for a message: "10 s", "1 min", "1 h". */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

/**
 * A value of a metric as an operator reads it: rounded to the metric's decimals, with its unit
 * ("43.3 °C", "212 AQI"). Metrics outside the catalogue keep two decimals and have no unit.
 */
export function formatMeasurement(value: number, metric: string): string {
  const info = metricInfo(metric);
  const text = value.toFixed(info.decimals);
  // toFixed keeps a minus sign on values that round to zero ("-0.0").
  const shown = Number(text) === 0 ? (0).toFixed(info.decimals) : text;
  return info.unit === '' ? shown : `${shown} ${info.unit}`;
}

/**
 * How long a station or the data has been silent, in words: whole seconds up to two minutes
 * ("60 s"), then whole minutes ("5 min"), then hours and minutes ("2 h 05 min").
 */
export function formatSilence(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A rule's limit with the metric's unit, as the rule gives it ("40 °C", "0.25 mm/h"): limits are typed, not measured, so they are not rounded to the metric's decimals. */
export function formatLevel(level: number, metric: string): string {
  const unit = metricInfo(metric).unit;
  return unit === '' ? formatNumber(level) : `${formatNumber(level)} ${unit}`;
}

/** Escapes the five characters that carry meaning in HTML text and quoted attribute values (pages built as text: public notices, the compliance report). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] as string);
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
