/**
 * Which stored resolution answers a history query — the one chooser of the SQL stores and the memory
 * store: the coarsest window size that still gives at least maxPoints over the range (exactly
 * maxPoints counts as enough), so a chart gets about one point per pixel and no more. The order of
 * `sizesMs` does not matter.
 *
 * Edge cases, decided once (two copies used to differ on them):
 * - Raw readings: 0 when even the finest window is too coarse and raw history exists (hasRaw).
 * - Nothing stored (no usable size and no raw history): null, not 0. "Raw readings" and "no data"
 *   are different answers; a caller that can only say a size answers empty series at size 0.
 * - Sizes that are not positive finite numbers are ignored: a size of 0 would otherwise read as
 *   "raw" (the range divided by 0 is "enough points"), and NaN or a negative size is a corrupt row.
 * - The range is clamped at 0 points: `to` before `from` behaves like an empty range.
 */
export function chooseResolution(sizesMs: readonly number[], from: number, to: number, maxPoints: number, hasRaw: boolean): number | null {
  const span = Math.max(0, to - from);
  let best: number | null = null;
  let finest: number | null = null;
  for (const size of sizesMs) {
    if (!(size > 0 && Number.isFinite(size))) continue;
    if (finest === null || size < finest) finest = size;
    if (span / size >= maxPoints && (best === null || size > best)) best = size;
  }
  if (best !== null) return best;
  if (hasRaw) return 0;
  return finest;
}
