/** How much stored history the rule preview replays. */
export const BACKTEST_SPAN_MS = 86_400_000;

/**
 * The rule preview's range: the 24 h of stored history up to `dataNow`, the data's clock
 * (LiveStore.dataTime), not the wall clock. Stored windows are stamped in event time, which a sped-up
 * simulator runs ahead of and a replay of last year runs behind; a wall-clock range would miss the newest
 * history in the first case and all of it in the second.
 */
export function backtestWindow(dataNow: number): { readonly from: number; readonly to: number } {
  const to = Math.ceil(dataNow);
  return { from: Math.max(0, to - BACKTEST_SPAN_MS), to };
}
