/** Small helpers of WindowAggregator: window alignment and size checks. */

/** Largest multiple of `size` ≤ t, exact for any finite t (the correction covers rounding in t / size). */
export function alignDown(t: number, size: number): number {
  let start = Math.floor(t / size) * size;
  if (start > t) start -= size;
  else if (start + size <= t) start += size;
  return start;
}

/** Checks tumbling sizes: non-empty, positive, ascending, each a whole multiple of the previous. */
export function validateSizes(sizes: readonly number[]): readonly number[] {
  if (sizes.length === 0) throw new RangeError('sizesMs must not be empty');
  sizes.forEach((size, i) => {
    if (!(size > 0 && Number.isFinite(size))) throw new RangeError(`window size ${size} must be a positive number`);
    const previous = sizes[i - 1];
    if (previous !== undefined && !(size > previous && size % previous === 0)) {
      throw new RangeError(`window size ${size} must be a larger whole multiple of ${previous}`);
    }
  });
  return [...sizes];
}
