import { CITY_STATION_ID } from '../../../src-shared/domain/reading';

// Which strings may name a station or a metric is one rule, shared with the IPC contract (an id the
// decoder admits can be taken out of service, and no other).
import { describeInvalidIdentifier } from '../../../src-shared/domain/identifier';

export { describeInvalidIdentifier, MAX_IDENTIFIER_LENGTH } from '../../../src-shared/domain/identifier';

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
