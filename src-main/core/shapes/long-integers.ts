/** Cached patterns per key: an integer of 16+ digits as the value of `"key"`. */
const patterns = new Map<string, RegExp>();

/**
 * JSON text with the integer values of `key` that have 16 or more digits turned into strings of
 * their digits, so JSON.parse keeps every digit (a double holds 15–16; epoch nanoseconds such as
 * 1698501144401773000 have 19). `(?<!\\)` keeps an escaped quote inside a string from starting a key;
 * in valid JSON a key's opening quote never follows a backslash. Other numbers are untouched.
 */
export function quoteLongIntegers(text: string, key: string): string {
  let pattern = patterns.get(key);
  if (pattern === undefined) {
    const escaped = JSON.stringify(key).slice(1, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    pattern = new RegExp(`((?<!\\\\)"${escaped}"\\s*:\\s*)(-?\\d{16,})(?![\\d.eE])`, 'g');
    patterns.set(key, pattern);
  }
  return text.replace(pattern, '$1"$2"');
}
