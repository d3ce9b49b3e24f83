/**
 * Non-finite numbers. JSON has no NaN or Infinity, yet they reach us three ways:
 * 1. as strings ("NaN", "Infinity", "-inf"...) from producers that stringify floats; a metric
 *    field holding one of the strings below is rejected as 'non-finite' (other strings are
 *    ignored like any non-numeric field);
 * 2. as numbers too large for a double (1e999), which JSON.parse turns into ±Infinity;
 * 3. as bare tokens (`NaN`, `Infinity`, `-Infinity`), which is what Python's json.dumps writes
 *    for float('nan'). That is not JSON, but naming the cause beats a bare "not JSON":
 *    findBareNonFiniteToken spots them on the rejection path only.
 */
const NON_FINITE_STRINGS: ReadonlySet<string> = new Set([
  'NaN', '-NaN', '+NaN', 'nan', '-nan', '+nan',
  'Infinity', '-Infinity', '+Infinity', 'infinity', '-infinity', '+infinity',
  'inf', '-inf', '+inf', 'Inf', '-Inf', '+Inf',
]);

/** True for the strings that spell a non-finite number (see above). */
export function isNonFiniteString(text: string): boolean {
  return text.length <= 9 && NON_FINITE_STRINGS.has(text);
}

/**
 * Position of a bare NaN/Infinity token outside any string in `text`, or -1. A cheap scan that
 * tracks only whether it is inside a string; used only after JSON.parse has failed.
 */
export function findBareNonFiniteToken(text: string): number {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if ((c === 0x4e && text.startsWith('NaN', i)) || (c === 0x49 && text.startsWith('Infinity', i))) {
      return i;
    }
  }
  return -1;
}

/** True when a string value starting with this byte could spell a non-finite number (N, n, I, i, +, -). */
export function mayStartNonFinite(first: number | undefined): boolean {
  return first === 0x4e || first === 0x6e || first === 0x49 || first === 0x69 || first === 0x2b || first === 0x2d;
}
