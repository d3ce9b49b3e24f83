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
  return inEventTimeRange(ms);
}

/** `ms` when it lies in years 0000–9999, else NaN (NaN stays NaN). */
export function inEventTimeRange(ms: number): number {
  return ms >= MIN_EVENT_TIME_MS && ms <= MAX_EVENT_TIME_MS ? ms : NaN;
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
 * local time would depend on the machine's zone. Fractions beyond ms are truncated; texts over
 * 64 characters are refused. Written by hand because it runs once per message (no regex, no Date).
 */
export function parseIsoTime(text: string): number {
  const n = text.length;
  if (n > ISO_MAX_LENGTH) return NaN;
  for (let i = 0; i < n; i++) isoScratch[i] = text.charCodeAt(i);
  return parseIsoCodes(isoScratch, 0, n);
}

const ISO_MAX_LENGTH = 64;
const isoScratch = new Uint16Array(ISO_MAX_LENGTH);

/** parseIsoTime over character codes codes[start, end), so the byte fast path needs no string. */
export function parseIsoCodes(codes: Uint8Array | Uint16Array, start: number, end: number): number {
  const n = end - start;
  if (n < 17 || n > ISO_MAX_LENGTH) return NaN;
  const year = digits(codes, start, end, 4);
  if (Number.isNaN(year) || codes[start + 4] !== 0x2d || codes[start + 7] !== 0x2d) return NaN;
  const month = digits(codes, start + 5, end, 2);
  const day = digits(codes, start + 8, end, 2);
  const sep = codes[start + 10];
  if (sep !== 0x54 && sep !== 0x74 && sep !== 0x20) return NaN;
  const hour = digits(codes, start + 11, end, 2);
  if (codes[start + 13] !== 0x3a) return NaN;
  const minute = digits(codes, start + 14, end, 2);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59)) return NaN;
  let i = start + 16;
  let second = 0;
  let millis = 0;
  if (codes[i] === 0x3a) {
    second = digits(codes, i + 1, end, 2);
    if (!(second <= 59)) return NaN;
    i += 3;
    const dot = i < end ? codes[i] : 0;
    if (dot === 0x2e || dot === 0x2c) {
      i++;
      const first = i;
      let scale = 100;
      for (; i < end; i++) {
        const c = (codes[i] as number) - 0x30;
        if (c < 0 || c > 9) break;
        millis += c * scale; // digits after the third have scale < 1: truncated below
        scale /= 10;
      }
      if (i === first) return NaN;
      millis = Math.floor(millis + 1e-9);
    }
  }
  const offsetMinutes = i < end ? parseZone(codes, i, end) : NaN;
  if (Number.isNaN(offsetMinutes)) return NaN;
  const days = daysFromCivil(year, month, day);
  return ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 + second * 1000 + millis;
}

/** Zone in codes[i, end), in minutes east of UTC; NaN if malformed. */
function parseZone(codes: Uint8Array | Uint16Array, i: number, end: number): number {
  const c = codes[i] as number;
  if (c === 0x5a || c === 0x7a) return i + 1 === end ? 0 : NaN;
  if (c !== 0x2b && c !== 0x2d) return NaN;
  const sign = c === 0x2d ? -1 : 1;
  const hours = digits(codes, i + 1, end, 2);
  let minutes = 0;
  const rest = end - (i + 3);
  if (rest === 3 && codes[i + 3] === 0x3a) minutes = digits(codes, i + 4, end, 2);
  else if (rest === 2) minutes = digits(codes, i + 3, end, 2);
  else if (rest !== 0) return NaN;
  if (!(hours <= 23 && minutes <= 59)) return NaN;
  return sign * (hours * 60 + minutes);
}

/** The decimal number in codes[at, at+count), or NaN if it runs past `end` or holds a non-digit. */
function digits(codes: Uint8Array | Uint16Array, at: number, end: number, count: number): number {
  if (at + count > end) return NaN;
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = (codes[i] as number) - 0x30;
    if (c < 0 || c > 9) return NaN;
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
