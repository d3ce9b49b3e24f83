/**
 * Which windows are closed, per size: what a restart needs to tell a re-read message whose window of some
 * size was stored already from one whose window was still open (docs/DESIGN.md, "Late data", exactly once).
 */
import { alignDown } from './window-support';

/** Per window size: every window of that size starting before `before` is closed (handed on to be stored); null: none is. */
export interface ClosedBound {
  readonly sizeMs: number;
  readonly before: number | null;
}

/**
 * The bounds at one moment. Without a watermark nothing has closed. While closing is under way (windows
 * the watermark passed still wait in memory) only what starts before the oldest window in memory is
 * closed, for every size; otherwise every window that ends at or before the watermark is.
 */
export function closedBounds(sizesMs: readonly number[], mark: number | null, closing: boolean, oldestOpenStart: number | null): ClosedBound[] {
  return sizesMs.map((sizeMs) => ({ sizeMs, before: mark === null ? null : closing ? oldestOpenStart : alignDown(mark, sizeMs) }));
}
