/**
 * PostgreSQL array literals built by hand for the unnest() batch inserts. pg's generic serialiser
 * (prepareValue) costs ~45 ms per 10,000 rows × 10 columns on the engine thread; a join is a few ms.
 * The same literal text works as a parameter on pg and PGlite.
 */

/** '{1,2.5,NaN}' for numbers; null elements become NULL. */
export function numberArray(values: readonly (number | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    out += v === null || v === undefined ? 'NULL' : String(v);
  }
  return out + '}';
}

/** '{"a","b\"c",NULL}': every element quoted, backslash and double quote escaped. */
export function textArray(values: readonly (string | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (v === null || v === undefined) {
      out += 'NULL';
      continue;
    }
    out += '"';
    out += needsEscape.test(v) ? v.replace(escapable, '\\$&') : v;
    out += '"';
  }
  return out + '}';
}

/** '{t,f}' */
export function booleanArray(values: readonly boolean[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) out += (i > 0 ? ',' : '') + (values[i] ? 't' : 'f');
  return out + '}';
}

const needsEscape = /["\\]/;
const escapable = /["\\]/g;

/** textArray with NUL (which PostgreSQL text cannot hold) replaced by U+FFFD. */
export function textArrayWithoutNul(values: readonly string[]): string {
  return textArray(values.map((v) => (v.indexOf('\u0000') < 0 ? v : v.replaceAll('\u0000', '\uFFFD'))));
}
