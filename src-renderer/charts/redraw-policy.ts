/** What a chart last drew: data version, span, right edge (event time) and when (wall ms). */
export interface Drawn {
  readonly version: number;
  readonly spanMs: number;
  readonly to: number;
  readonly at: number;
}

/** However little moved, redraw at least this often while data keeps changing (late points, backfill). */
export const MAX_STALE_MS = 1000;

/**
 * Redraw when the span changed, or when new data has arrived and either the right edge moved by at
 * least one pixel of time or the last draw is a second old. A 5-minute span 560 px wide then redraws
 * about twice a second instead of on every 10 Hz frame: a sub-pixel shift is invisible, but the
 * software-rasterised canvases cost the same whether it moved or not.
 */
export function shouldRedraw(drawn: Drawn | null, version: number, spanMs: number, to: number, now: number, plotWidthPx: number): boolean {
  if (drawn === null || drawn.spanMs !== spanMs) return true;
  if (drawn.version === version) return false;
  const msPerPixel = spanMs / Math.max(1, plotWidthPx);
  return to - drawn.to >= msPerPixel || now - drawn.at >= MAX_STALE_MS;
}
