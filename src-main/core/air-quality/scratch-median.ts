/** Small statistics on preallocated scratch buffers, for the data-quality checks (quality-flagger.ts): nothing allocated per hour. */

/** Of three sorted moves, the one nearest zero when all three lie on one side; 0 when they do not. */
export function leastOfThree(sorted: Float64Array): number {
  const low = sorted[0] as number;
  const high = sorted[2] as number;
  return low > 0 ? low : high < 0 ? high : 0;
}

/** The median of the first `length` numbers of `buffer`, sorting them in place (insertion sort: a dozen numbers). */
export function medianOf(buffer: Float64Array, length: number): number {
  for (let i = 1; i < length; i++) {
    const v = buffer[i] as number;
    let j = i - 1;
    while (j >= 0 && (buffer[j] as number) > v) {
      buffer[j + 1] = buffer[j] as number;
      j--;
    }
    buffer[j + 1] = v;
  }
  const mid = length >> 1;
  return length % 2 === 1 ? (buffer[mid] as number) : ((buffer[mid - 1] as number) + (buffer[mid] as number)) / 2;
}
