import type { DecoderSettings } from '../../../src-shared/settings/schema';
import { describeJsonType, quoteForDetail } from './identifier';

/** How a message carries its event time. */
export type TimeFormat = DecoderSettings['timeFormat'];

/** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: the range of four-digit ISO years, used for every format. */
export const MIN_EVENT_TIME_MS = -62_167_219_200_000;
export const MAX_EVENT_TIME_MS = 253_402_300_799_999;

/**
 * The event time in epoch ms, or NaN when the value does not fit the format.
 * iso: a string (see parseIsoTime); epoch-s: a JSON number of seconds, rounded to the ms;
 * epoch-ms: a JSON number of ms, kept as given. Numeric strings are refused for the epoch
 * formats: the configured format is a contract, and guessing hides producer bugs.
 */
export function readEventTime(value: unknown, format: TimeFormat): number {
  let ms: number;
  if (format === 'iso') {
    if (typeof value !== 'string') return NaN;
    ms = parseIsoTime(value);
  } else {
    if (typeof value !== 'number') return NaN;
    ms = format === 'epoch-s' ? Math.round(value * 1000) : value;
  }
  return ms >= MIN_EVENT_TIME_MS && ms <= MAX_EVENT_TIME_MS ? ms : NaN; // NaN fails both
}

/** Why readEventTime refused `value` (only called on the rejection path). */
export function describeBadTime(key: string, value: unknown, format: TimeFormat): string {
  const field = JSON.stringify(key);
  if (value === undefined) return `time field ${field} is missing`;
  if (format === 'iso') {
    if (typeof value !== 'string') return `time field ${field} is ${describeJsonType(value)}; expected an ISO-8601 string such as "2026-11-23T10:15:00.120Z"`;
    return `time field ${field} value ${quoteForDetail(value)} is not an ISO-8601 date-time with a zone (Z or ±hh:mm) in years 0000–9999`;
  }
  const unit = format === 'epoch-s' ? 'seconds' : 'milliseconds';
  if (typeof value !== 'number') return `time field ${field} is ${describeJsonType(value)}; expected a JSON number of epoch ${unit}`;
  return `time field ${field} value ${value} (epoch ${unit}) is outside years 0000–9999`;
}

/**
 * Strict ISO-8601 / RFC 3339 date-time to epoch ms; NaN when invalid. Accepts
 * `YYYY-MM-DD(T|t| )hh:mm[:ss[(.|,)fraction]](Z|z|±hh:mm|±hhmm|±hh)`. The zone is required: a
 * local time would depend on the machine's zone. Fractions beyond ms are truncated. Written
 * by hand because it runs once per message (no regex, no Date object).
 */
export function parseIsoTime(text: string): number {
  const n = text.length;
  if (n < 17) return NaN;
  const year = digits(text, 0, 4);
  if (Number.isNaN(year)) return NaN;
  if (text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d) return NaN;
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const sep = text.charCodeAt(10);
  if (sep !== 0x54 && sep !== 0x74 && sep !== 0x20) return NaN;
  const hour = digits(text, 11, 2);
  if (text.charCodeAt(13) !== 0x3a) return NaN;
  const minute = digits(text, 14, 2);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59)) return NaN;
  let i = 16;
  let second = 0;
  let millis = 0;
  if (text.charCodeAt(i) === 0x3a) {
    second = digits(text, i + 1, 2);
    if (!(second <= 59)) return NaN;
    i += 3;
    const dot = text.charCodeAt(i);
    if (dot === 0x2e || dot === 0x2c) {
      i++;
      const start = i;
      let scale = 100;
      for (; i < n; i++) {
        const c = text.charCodeAt(i) - 0x30;
        if (c < 0 || c > 9) break;
        millis += c * scale; // digits after the third have scale < 1: truncate below
        scale /= 10;
      }
      if (i === start) return NaN;
      millis = Math.floor(millis + 1e-9);
    }
  }
  const offsetMinutes = parseZone(text, i);
  if (Number.isNaN(offsetMinutes)) return NaN;
  const days = daysFromCivil(year, month, day);
  return ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 + second * 1000 + millis;
}

/** Zone at `i` to the end of the string, in minutes east of UTC; NaN if malformed. */
function parseZone(text: string, i: number): number {
  const n = text.length;
  const c = text.charCodeAt(i);
  if (c === 0x5a || c === 0x7a) return i + 1 === n ? 0 : NaN;
  if (c !== 0x2b && c !== 0x2d) return NaN;
  const sign = c === 0x2d ? -1 : 1;
  const hours = digits(text, i + 1, 2);
  let minutes = 0;
  const rest = n - (i + 3);
  if (rest === 3 && text.charCodeAt(i + 3) === 0x3a) minutes = digits(text, i + 4, 2);
  else if (rest === 2) minutes = digits(text, i + 3, 2);
  else if (rest !== 0) return NaN;
  if (!(hours <= 23 && minutes <= 59)) return NaN;
  return sign * (hours * 60 + minutes);
}

/** The decimal number in text[start, start+count), or NaN if any character is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i) - 0x30; // NaN past the end
    if (!(c >= 0 && c <= 9)) return NaN;
    value = value * 10 + c;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible low-level date algorithms"). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
