import { quoteForDetail } from './identifier';
import { findBareNonFiniteToken } from './non-finite';
import { reject, type DecodeResult } from './reject-reason';

/** A 'non-finite' rejection naming the metric and what it held. */
export function rejectNonFinite(metric: string, shown: string): DecodeResult {
  return reject('non-finite', `metric ${quoteForDetail(metric)} is ${shown}; metrics must be finite numbers`);
}

/**
 * The largest magnitude a metric value may have. No measurement comes near it, and numeric extras a record may
 * carry (epoch-ns counters, serial numbers) stay well below it, while a window's sum of squared deviations
 * (Welford's m2) of values beyond about 10¹⁵⁴ overflows to Infinity and its standard deviation becomes NaN for
 * the whole window, city-wide included. At 10¹⁰⁰ a window of 10⁹ values stays finite.
 */
export const MAX_MAGNITUDE = 1e100;

/** Whether `value` is a number a metric may hold: finite and within ±MAX_MAGNITUDE. */
export function isInRange(value: number): boolean {
  return value <= MAX_MAGNITUDE && value >= -MAX_MAGNITUDE;
}

/** A rejection of a metric value outside ±MAX_MAGNITUDE ('non-finite' for ±Infinity and NaN). */
export function rejectOutOfRange(metric: string, value: number): DecodeResult {
  if (!Number.isFinite(value)) return rejectNonFinite(metric, Number.isNaN(value) ? 'NaN' : `${value} (a number beyond the double range, e.g. 1e999)`);
  return reject('out-of-range', `metric ${quoteForDetail(metric)} is ${value}; a metric value must lie within ±${MAX_MAGNITUDE.toExponential()} (no measurement reaches it)`);
}

/** Rejection for text JSON.parse refused, naming the likely cause. */
export function explainUnparsable(text: string, error: unknown): DecodeResult {
  if (text.trim().length === 0) return reject('empty', `payload is only whitespace (${text.length} characters)`);
  const at = findBareNonFiniteToken(text);
  if (at >= 0) {
    const token = text.startsWith('NaN', at) ? 'NaN' : 'Infinity';
    return reject('non-finite', `bare ${token} at character ${at}: not valid JSON (Python's json.dumps writes float("nan") this way); metrics must be finite numbers`);
  }
  return reject('not-json', `not valid JSON: ${errorText(error)}`);
}

/** An error's message, shortened and with control characters made visible (V8 quotes the input in it). */
export function errorText(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const short = message.length > 200 ? message.slice(0, 200) + '…' : message;
  return JSON.stringify(short).slice(1, -1);
}
