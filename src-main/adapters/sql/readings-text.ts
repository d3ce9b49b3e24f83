/**
 * The raw-readings write as text, built straight from the Reading objects: COPY text-format rows for
 * PostgreSQL, or the three array literals of the UNNEST statement for PGlite. The metrics jsonb text is
 * written by hand from cached per-name fragments, so a reading costs a few string appends instead of
 * JSON.stringify plus a second escaping pass over the whole JSON.
 */
import type { Reading } from '../../../src-shared/domain/reading';

/** COPY text format: backslash, tab, newline and carriage return are escaped (PostgreSQL docs, COPY "Text Format"). */
// eslint-disable-next-line no-control-regex -- NUL is one of the characters looked for
const copySpecial = /[\\\t\n\r\u0000]/;
/** Inside a quoted array element: backslash and double quote. */
// eslint-disable-next-line no-control-regex -- NUL is one of the characters looked for
const arraySpecial = /[\\"\u0000]/;
/** Halves of surrogate pairs standing alone: JSON.stringify writes them as \udXXX escapes, which jsonb rejects. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Metric names are few; a flood of unknown names (hostile input) only costs a cache reset. */
const MAX_CACHED_NAMES = 10_000;
const copyKeys = new Map<string, string>();
const arrayKeys = new Map<string, string>();

/** One field of a COPY text row: NUL (which text cannot hold) becomes U+FFFD, the rest escaped. */
export function copyField(value: string): string {
  if (!copySpecial.test(value)) return value;
  let out = '';
  for (const ch of value) {
    if (ch === '\\') out += '\\\\';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\u0000') out += '\uFFFD';
    else out += ch;
  }
  return out;
}

/** A string as the inside of a quoted array element (the quotes themselves not included). */
function arrayElement(value: string): string {
  return arraySpecial.test(value) ? value.replaceAll('\u0000', '\uFFFD').replace(/["\\]/g, '\\$&') : value;
}

/** JSON text jsonb accepts: NUL (which jsonb refuses, escaped or not) becomes U+FFFD. */
function jsonb(json: string): string {
  return json.indexOf('\\u0000') < 0 ? json : json.replaceAll('\\u0000', '\\ufffd');
}

/** '"name":' as JSON, then escaped for the target format. */
function keyFragment(cache: Map<string, string>, name: string, escape: (s: string) => string): string {
  let fragment = cache.get(name);
  if (fragment === undefined) {
    if (cache.size >= MAX_CACHED_NAMES) cache.clear();
    fragment = escape(jsonb(JSON.stringify(name.replace(loneSurrogate, '\uFFFD'))) + ':');
    cache.set(name, fragment);
  }
  return fragment;
}

/**
 * The metrics object as JSON, escaped for the target format. Numbers print as JSON.stringify prints
 * them (non-finite ones become null, as there); a value that is not a number at all (a spilled write
 * read back from disk carries null for NaN) takes the generic JSON.stringify route.
 */
function metricsJson(metrics: Readonly<Record<string, number>>, cache: Map<string, string>, escape: (s: string) => string): string {
  // Object.keys, not for…in: several times cheaper here (no prototype walk, no own-property checks).
  const names = Object.keys(metrics);
  let out = '{';
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const value = metrics[name];
    if (typeof value !== 'number') return escape(jsonb(JSON.stringify(metrics)));
    if (i > 0) out += ',';
    out += keyFragment(cache, name, escape);
    out += Number.isFinite(value) ? String(value) : 'null';
  }
  return out + '}';
}

/** Rows from..to-1 as COPY text format lines: station_id, ts, metrics (jsonb text). */
export function readingsCopyText(readings: readonly Reading[], from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) {
    const r = readings[i]!;
    out += copyField(r.stationId);
    out += '\t';
    out += String(r.ts);
    out += '\t';
    out += metricsJson(r.metrics, copyKeys, copyField);
    out += '\n';
  }
  return out;
}

/** Rows from..to-1 as the array literals of unnest($1::text[], $2::bigint[], $3::jsonb[]). */
export function readingsArrays(readings: readonly Reading[], from: number, to: number): [ids: string, ts: string, metrics: string] {
  let ids = '{';
  let ts = '{';
  let metrics = '{';
  for (let i = from; i < to; i++) {
    const r = readings[i]!;
    const sep = i > from ? ',"' : '"';
    ids += sep;
    ids += arrayElement(r.stationId);
    ids += '"';
    if (i > from) ts += ',';
    ts += String(r.ts);
    metrics += sep;
    metrics += metricsJson(r.metrics, arrayKeys, arrayElement);
    metrics += '"';
  }
  return [ids + '}', ts + '}', metrics + '}'];
}
