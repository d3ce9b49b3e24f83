/**
 * Which stored resolution answers a history query: the coarsest window size that still gives at
 * least maxPoints over the range, so a chart gets about one point per pixel and no more.
 * Returns 0 (raw readings) when even the finest window is too coarse and raw history exists; returns
 * null when nothing at all is stored.
 */
export function chooseResolution(sizesMs: readonly number[], from: number, to: number, maxPoints: number, hasRaw: boolean): number | null {
  const span = Math.max(0, to - from);
  let best: number | null = null;
  let finest: number | null = null;
  for (const size of sizesMs) {
    if (size <= 0) continue;
    if (finest === null || size < finest) finest = size;
    if (span / size >= maxPoints && (best === null || size > best)) best = size;
  }
  if (best !== null) return best;
  if (hasRaw) return 0;
  return finest;
}
