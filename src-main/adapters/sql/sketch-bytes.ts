/**
 * A window's mergeable sketch (core/windows/mergeable-window.ts, a list of numbers) as the base64 text of
 * its float64s, which SQL turns into the bytea column with decode(…, 'base64') and back with encode().
 * Little-endian, as Float64Array is on every platform the app ships for.
 */

/** Base64 of the numbers as float64s; null for none. */
export function sketchToBase64(sketch: readonly number[] | undefined): string | null {
  if (sketch === undefined) return null;
  return Buffer.from(Float64Array.from(sketch).buffer).toString('base64');
}

/** The numbers back from base64 (line breaks, as encode() adds them, are ignored); null for none. */
export function sketchFromBase64(text: string | null): number[] | null {
  if (text === null) return null;
  const bytes = Buffer.from(text, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return Array.from(new Float64Array(copy.buffer, 0, Math.floor(copy.length / 8)));
}
