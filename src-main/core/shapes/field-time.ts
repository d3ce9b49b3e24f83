import { inEventTimeRange, parseIsoTime } from '../decoder/event-time';
import { quoteForDetail } from '../decoder/identifier';
import type { ZoneClock } from './zone-clock';
import { LongInteger, describeValue, numberFromText } from './values';

/** Formats of a time field (TimeFieldFormatSchema). */
export type FieldTimeFormat = 'iso' | 'epoch-s' | 'epoch-ms' | 'epoch-us' | 'epoch-ns';

/** Digits dropped to reach milliseconds: µs 3, ns 6. */
const DROPPED_DIGITS: Readonly<Record<'epoch-us' | 'epoch-ns', number>> = { 'epoch-us': 3, 'epoch-ns': 6 };
const INTEGER_TEXT = /^-?\d{1,30}$/;

/**
 * The event time (epoch ms) a time field holds, or NaN. ISO: with a zone, or without one when `clock`
 * gives the zone (then a local time the zone skips is NaN). Epochs: a number, or a text / long integer
 * of digits. µs and ns are cut to the millisecond (floor) from their digits, never through a double, so
 * 1698501144401773000 ns is exactly 1698501144401 ms. Seconds round to the ms, as the decoder's epoch-s does.
 */
export function readFieldTime(value: unknown, format: FieldTimeFormat, clock: ZoneClock | null): number {
  if (format === 'iso') return typeof value === 'string' ? isoTime(value, clock) : NaN;
  let ms: number;
  if (typeof value === 'number') ms = fromNumber(value, format);
  else if (value instanceof LongInteger) ms = fromDigits(value.digits, format);
  else if (typeof value === 'string') ms = INTEGER_TEXT.test(value) ? fromDigits(value, format) : fromNumber(numberFromText(value), format);
  else return NaN;
  return inEventTimeRange(ms);
}

/** Why readFieldTime refused `value` of field `field`, in words (rejection path only). */
export function describeFieldTime(field: string, value: unknown, format: FieldTimeFormat, clock: ZoneClock | null): string {
  const found = describeValue(value);
  if (format === 'iso') {
    if (typeof value !== 'string') return `time field "${field}" is ${found}; expected an ISO-8601 text such as "2023-01-01T00:00:00Z"`;
    if (!Number.isNaN(parseIsoTime(value))) return `time field "${field}" ${found} is outside years 0000–9999`;
    const wall = parseIsoTime(value + 'Z');
    if (Number.isNaN(wall)) return `time field "${field}" is ${found}; expected an ISO-8601 date-time such as "2023-01-01T00:00:00Z"${clock === null ? '' : ' or "2023-01-01 00:00:00"'}`;
    if (clock === null) return `time field "${field}" is ${found}, a local time without a zone; set the time zone of the shape (e.g. Europe/Amsterdam) or send Z / ±hh:mm`;
    return `time field "${field}": local time ${quoteForDetail(value)} ${clock.describeGap(wall)}`;
  }
  const unit = { 'epoch-s': 'seconds', 'epoch-ms': 'milliseconds', 'epoch-us': 'microseconds', 'epoch-ns': 'nanoseconds' }[format];
  if (typeof value === 'number' || value instanceof LongInteger) return `time field "${field}" ${found} (epoch ${unit}) is outside years 0000–9999`;
  return `time field "${field}" is ${found}; expected a number of epoch ${unit}`;
}

/**
 * True when a JSON number of epoch nanoseconds may have been rounded across a millisecond boundary.
 * Beyond 2^53 a double is within half an ulp (128 ns in 2023) of the digits, so only values that close
 * to a whole ms are in doubt; those messages are parsed again from their digits (the rest take the fast path).
 */
export function isNanosAmbiguous(value: number): boolean {
  if (value <= Number.MAX_SAFE_INTEGER && value >= -Number.MAX_SAFE_INTEGER) return false;
  const margin = Math.abs(value) * 2 ** -51; // two ulps
  const rest = Math.abs(value % 1_000_000);
  return rest <= margin || rest >= 1_000_000 - margin;
}

function isoTime(text: string, clock: ZoneClock | null): number {
  const zoned = parseIsoTime(text);
  if (!Number.isNaN(zoned) || clock === null) return zoned;
  // Zone-less: the strict parser reads the wall clock as UTC once a Z is added; a text that had a zone stays NaN.
  const wall = parseIsoTime(text + 'Z');
  return Number.isNaN(wall) ? NaN : inEventTimeRange(clock.toUtc(wall));
}

function fromNumber(value: number, format: Exclude<FieldTimeFormat, 'iso'>): number {
  if (!Number.isFinite(value)) return NaN;
  switch (format) {
    case 'epoch-s':
      return Math.round(value * 1000);
    case 'epoch-ms':
      return value;
    case 'epoch-us':
    case 'epoch-ns': {
      const divisor = format === 'epoch-us' ? 1_000 : 1_000_000;
      if (!Number.isSafeInteger(value)) return Math.floor(value / divisor);
      const rest = value % divisor; // exact for safe integers, so no rounding moves a time into the next ms
      return (value - rest) / divisor - (rest < 0 ? 1 : 0);
    }
  }
}

/** Epoch ms from an integer's decimal digits ("-" allowed), without a lossy double on the way. */
function fromDigits(digits: string, format: Exclude<FieldTimeFormat, 'iso'>): number {
  if (format === 'epoch-s' || format === 'epoch-ms') return fromNumber(Number(digits), format);
  const isNegative = digits.charCodeAt(0) === 0x2d;
  const body = isNegative ? digits.slice(1) : digits;
  const cut = body.length - DROPPED_DIGITS[format];
  if (cut <= 0) return isNegative && /[1-9]/.test(body) ? -1 : 0;
  const whole = Number(body.slice(0, cut));
  if (!isNegative) return whole;
  return /[1-9]/.test(body.slice(cut)) ? -whole - 1 : -whole;
}
