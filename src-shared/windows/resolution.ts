/**
 * Picks the window size for a history query: the coarsest size that still yields at least maxPoints
 * over the range, so a chart gets enough points for its pixel width without fetching more than it can show.
 * Returns 0 (raw readings) when even the smallest window is too coarse and raw history is available.
 */
export function chooseResolution(sizesMs: readonly number[], from: number, to: number, maxPoints: number, hasRaw: boolean): number {
  const span = Math.max(0, to - from);
  const ascending = [...sizesMs].sort((a, b) => a - b);
  for (let i = ascending.length - 1; i >= 0; i--) {
    const size = ascending[i] as number;
    if (span / size >= maxPoints) return size;
  }
  const smallest = ascending[0] ?? 0;
  return hasRaw && span / Math.max(1, smallest) < maxPoints ? 0 : smallest;
}
