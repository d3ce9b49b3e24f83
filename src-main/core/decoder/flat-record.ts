/**
 * A scanner for the common case of the wire format: one flat JSON object whose values are all
 * plain ASCII strings (no escapes) or short decimal numbers. It reads the bytes directly, with no
 * UTF-8 decoding, no JSON.parse and no per-field allocation, and gives up (returns false) on
 * anything else: nesting, literals, escapes, non-ASCII, exponents, more than 15 significant
 * digits, keys starting with a digit, too many fields, any syntax doubt. The decoder then takes
 * the JSON.parse path, so giving up is always safe and the scanner only has to be right about
 * what it accepts.
 */
export const MAX_FLAT_FIELDS = 128;

/** Field value kinds. */
export const FIELD_STRING = 1;
export const FIELD_NUMBER = 2;

/** The scanner's output, reused across messages: field i spans keyStart[i]..keyEnd[i] (bytes, without quotes). */
export class FlatRecord {
  count = 0;
  readonly keyStart = new Int32Array(MAX_FLAT_FIELDS);
  readonly keyEnd = new Int32Array(MAX_FLAT_FIELDS);
  /** FNV-1a hash of the key's bytes, computed while scanning (see ByteStringTable). */
  readonly keyHash = new Int32Array(MAX_FLAT_FIELDS);
  readonly kind = new Uint8Array(MAX_FLAT_FIELDS);
  /** For strings: the value's bytes without quotes. */
  readonly valueStart = new Int32Array(MAX_FLAT_FIELDS);
  readonly valueEnd = new Int32Array(MAX_FLAT_FIELDS);
  readonly numbers = new Float64Array(MAX_FLAT_FIELDS);
}

// Exact powers of ten: m / 10^k is correctly rounded when m < 2^53 and k ≤ 22 (Clinger's fast path),
// so the result equals JSON.parse's.
/** FNV-1a constants; ByteStringTable hashes with the same ones. */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** Scans `bytes` into `out`; false when the message needs the general path. */
export function scanFlatRecord(bytes: Uint8Array, out: FlatRecord): boolean {
  const n = bytes.length;
  let i = skipSpace(bytes, 0);
  if (bytes[i] !== 0x7b) return false;
  i = skipSpace(bytes, i + 1);
  let count = 0;
  for (;;) {
    if (bytes[i] !== 0x22 || count === MAX_FLAT_FIELDS) return false;
    const keyStart = i + 1;
    // A key starting with a digit may be an array index, which objects enumerate first: leave
    // such records to JSON.parse so the two paths see fields in the same order.
    const lead = bytes[keyStart];
    if (lead !== undefined && lead >= 0x30 && lead <= 0x39) return false;
    let hash = FNV_OFFSET;
    let keyEnd = keyStart;
    for (;;) {
      const c = bytes[keyEnd];
      if (c === 0x22) break;
      if (c === undefined || c < 0x20 || c > 0x7e || c === 0x5c) return false;
      hash = Math.imul(hash ^ c, FNV_PRIME);
      keyEnd++;
    }
    out.keyHash[count] = hash;
    i = skipSpace(bytes, keyEnd + 1);
    if (bytes[i] !== 0x3a) return false;
    i = skipSpace(bytes, i + 1);
    out.keyStart[count] = keyStart;
    out.keyEnd[count] = keyEnd;
    const first = bytes[i];
    if (first === 0x22) {
      const valueEnd = scanPlainString(bytes, i + 1);
      if (valueEnd < 0) return false;
      out.kind[count] = FIELD_STRING;
      out.valueStart[count] = i + 1;
      out.valueEnd[count] = valueEnd;
      i = valueEnd + 1;
    } else {
      const end = scanNumber(bytes, i, out, count);
      if (end < 0) return false;
      out.kind[count] = FIELD_NUMBER;
      i = end;
    }
    count++;
    i = skipSpace(bytes, i);
    if (bytes[i] === 0x2c) {
      i = skipSpace(bytes, i + 1);
      continue;
    }
    if (bytes[i] !== 0x7d) return false;
    out.count = count;
    return skipSpace(bytes, i + 1) === n;
  }
}

function skipSpace(bytes: Uint8Array, i: number): number {
  for (;;) {
    const c = bytes[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/** Index of the closing quote of a string of printable ASCII without escapes starting at `i`, or -1. */
function scanPlainString(bytes: Uint8Array, i: number): number {
  for (;;) {
    const c = bytes[i];
    if (c === 0x22) return i;
    if (c === undefined || c < 0x20 || c > 0x7e || c === 0x5c) return -1;
    i++;
  }
}

/** Parses a JSON number of ≤ 15 significant digits without exponent at `i` into out.numbers[field]; index after it, or -1. */
function scanNumber(bytes: Uint8Array, i: number, out: FlatRecord, field: number): number {
  const negative = bytes[i] === 0x2d;
  if (negative) i++;
  let mantissa = 0;
  let digitCount = 0;
  let c = bytes[i];
  if (c === 0x30) {
    c = bytes[++i];
    if (c !== undefined && c >= 0x30 && c <= 0x39) return -1; // leading zero: not JSON
  } else if (c !== undefined && c >= 0x31 && c <= 0x39) {
    while (c !== undefined && c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      digitCount++;
      c = bytes[++i];
    }
  } else {
    return -1;
  }
  let scale = 0;
  if (c === 0x2e) {
    c = bytes[++i];
    while (c !== undefined && c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      digitCount++;
      scale++;
      c = bytes[++i];
    }
    if (scale === 0) return -1;
  }
  if (c === 0x65 || c === 0x45 || digitCount > 15) return -1;
  const magnitude = mantissa / (POWERS_OF_TEN[scale] as number);
  out.numbers[field] = negative ? -magnitude : magnitude;
  return i;
}
