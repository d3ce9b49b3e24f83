import { withSketchArray, type WindowAggregate } from '../../../src-shared/domain/window-aggregate';

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

/** Base64 of a window's sketch in either form (a span of the aggregator's buffer is encoded in place); null for none. */
export function windowSketchBase64(window: WindowAggregate): string | null {
  const { sketchBuffer, sketchAt, sketchLength } = window;
  if (sketchBuffer === undefined || sketchAt === undefined || sketchLength === undefined) return sketchToBase64(window.sketch);
  return Buffer.from(sketchBuffer.buffer, sketchBuffer.byteOffset + sketchAt * 8, sketchLength * 8).toString('base64');
}

/**
 * JSON.stringify replacer for writes that may hold the aggregator's windows: a window's sketch span
 * becomes its `sketch` array, so the spill and the dead-letter file keep the sketch (not the whole buffer).
 */
export function sketchSpansAsArrays(_key: string, value: unknown): unknown {
  return value !== null && typeof value === 'object' && 'sketchBuffer' in value ? withSketchArray(value as WindowAggregate) : value;
}

/** The numbers back from base64 (line breaks, as encode() adds them, are ignored); null for none. */
export function sketchFromBase64(text: string | null): number[] | null {
  if (text === null) return null;
  const bytes = Buffer.from(text, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return Array.from(new Float64Array(copy.buffer, 0, Math.floor(copy.length / 8)));
}
