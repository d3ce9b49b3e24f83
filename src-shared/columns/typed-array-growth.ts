/**
 * The one way a typed-array column grows (engine windows, rules, decoder, frames and the renderer's
 * chart storage all use it): a fresh array at least twice as long, the old contents copied to its
 * start. Doubling makes appending one element at a time cost amortised O(1) copies per element.
 * Callers test the length themselves on the hot path and call this only when it is too short.
 */

/** Typed arrays that can grow; all of them can be built from a length by their constructor. */
export type GrowableArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | Uint8ClampedArray;

/** No grown array is shorter than this, so columns that start empty skip the 1, 2, 4, 8 steps. */
export const MIN_GROWN_LENGTH = 16;

/**
 * `array` itself when it already has `minLength` elements; otherwise a new array of the same type
 * with max(minLength, 2 × length, MIN_GROWN_LENGTH) elements, holding `array` at its start and
 * `fill` in every new element. The result never shares memory with `array`.
 */
export function grown<T extends GrowableArray>(array: T, minLength: number, fill = 0): T {
  if (minLength <= array.length) return array;
  const length = Math.max(minLength, array.length * 2, MIN_GROWN_LENGTH);
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array as ArrayLike<number>);
  if (fill !== 0) bigger.fill(fill, array.length);
  return bigger;
}
