import { CITY_STATION_ID } from '../../../src-shared/domain/reading';

/**
 * Which strings may name a station or a metric. Ids end up in the UI, in notifications and in
 * PostgreSQL text columns, so the allowed set is narrow and explicit:
 * - 1 to 128 UTF-16 code units;
 * - no C0 controls (U+0000–U+001F), DEL (U+007F) or C1 controls (U+0080–U+009F);
 * - no lone (unpaired) surrogates;
 * - no invisible or direction-changing format characters, which let a hostile id look like
 *   another one on screen ("Trojan Source", CVE-2021-42574): U+00AD, U+061C, U+180E, U+200B–U+200F,
 *   U+2028–U+202E, U+2060–U+206F, U+FEFF, and the non-characters U+FFFE/U+FFFF;
 * - no leading or trailing space (" st-07" and "st-07" would look like one station).
 */
export const MAX_IDENTIFIER_LENGTH = 128;

/** Null when `text` is an acceptable id, otherwise why not (for a rejection's detail). */
export function describeInvalidIdentifier(text: string): string | null {
  const length = text.length;
  if (length === 0) return 'is empty';
  if (length > MAX_IDENTIFIER_LENGTH) return `is ${length} characters long (max ${MAX_IDENTIFIER_LENGTH})`;
  if (text.charCodeAt(0) === 0x20 || text.charCodeAt(length - 1) === 0x20) return 'starts or ends with a space';
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x20 && code < 0x7f) continue; // printable ASCII: the common case
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return `contains control character ${hex(code)} at position ${i}`;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = i + 1 < length ? text.charCodeAt(i + 1) : 0;
      if (next < 0xdc00 || next > 0xdfff) return `contains a lone surrogate ${hex(code)} at position ${i}`;
      i++;
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) return `contains a lone surrogate ${hex(code)} at position ${i}`;
    if (isInvisibleFormat(code)) return `contains invisible or direction-changing character ${hex(code)} at position ${i}`;
  }
  return null;
}

function isInvisibleFormat(code: number): boolean {
  return (
    code === 0xad ||
    code === 0x61c ||
    code === 0x180e ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x206f) ||
    code === 0xfeff ||
    code === 0xfffe ||
    code === 0xffff
  );
}

function hex(code: number): string {
  return 'U+' + code.toString(16).toUpperCase().padStart(4, '0');
}

const DETAIL_TEXT_MAX = 60;

/** A value quoted for a rejection detail: JSON-escaped (so controls show as \u0000) and shortened. */
export function quoteForDetail(text: string): string {
  if (text.length <= DETAIL_TEXT_MAX) return JSON.stringify(text);
  let end = DETAIL_TEXT_MAX;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // do not cut a surrogate pair in half
  return JSON.stringify(text.slice(0, end)) + `… (${text.length} characters)`;
}

/** The kind of a JSON value in words, without serialising it (a deep value must not be stringified). */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  if (type === 'object') return 'an object';
  if (type === 'string') return 'a string';
  if (type === 'number') return 'a number';
  if (type === 'boolean') return 'a boolean';
  return type;
}

/** describeInvalidIdentifier, plus the reserved city-wide id "*". */
export function describeInvalidStation(stationId: string): string | null {
  if (stationId === CITY_STATION_ID) return 'is reserved for city-wide aggregates';
  return describeInvalidIdentifier(stationId);
}
