import { quoteForDetail } from './identifier';
import { findBareNonFiniteToken } from './non-finite';
import { reject, type DecodeResult } from './reject-reason';

/** A 'non-finite' rejection naming the metric and what it held. */
export function rejectNonFinite(metric: string, shown: string): DecodeResult {
  return reject('non-finite', `metric ${quoteForDetail(metric)} is ${shown}; metrics must be finite numbers`);
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
