import type { AlignedColumns, CollectedSeries } from './chart-data';

/** A time range cut into equal slots, about one per horizontal pixel of the plot. */
export interface Grid {
  readonly from: number;
  readonly to: number;
  readonly slots: number;
}

/**
 * Join series onto a pixel-sized time grid for uPlot. The exact union of 20 stations' sample times
 * is ~20× longer than the plot is wide, and uPlot walks every x for every series; one slot per pixel
 * keeps a redraw proportional to the width. A slot shows a series' last sample in it (`undefined`
 * when it has none, which uPlot spans); a silence longer than the series' gap limit puts `null` in
 * the slot after its last sample, so gaps stay gaps. Slots where no series has anything are dropped.
 * Each x is the slot's start; the error is under one pixel.
 */
export function alignOnGrid(series: readonly CollectedSeries[], grid: Grid): AlignedColumns {
  const slots = Math.max(1, Math.floor(grid.slots));
  const step = (grid.to - grid.from) / slots || 1;
  const used = new Uint8Array(slots + 1);
  const columns: (number | null | undefined)[][] = [];
  for (const s of series) {
    const ys = s.columns.map(() => new Array<number | null | undefined>(slots + 1));
    let previousSlot = -1;
    for (let i = 0; i < s.ts.length; i++) {
      const t = s.ts[i] as number;
      const slot = Math.min(slots, Math.max(0, Math.floor((t - grid.from) / step)));
      if (i > 0 && t - (s.ts[i - 1] as number) > (s.gapMs[i] as number) && slot > previousSlot + 1) {
        for (const y of ys) y[previousSlot + 1] = null;
        used[previousSlot + 1] = 1;
      }
      for (let c = 0; c < ys.length; c++) {
        const v = (s.columns[c] as Float64Array)[i] as number;
        (ys[c] as (number | null | undefined)[])[slot] = Number.isFinite(v) ? v : null;
      }
      used[slot] = 1;
      previousSlot = slot;
    }
    columns.push(...ys);
  }
  let kept = 0;
  for (let k = 0; k <= slots; k++) kept += used[k] as number;
  const xs = new Float64Array(kept);
  const out: AlignedColumns = [xs];
  const compact = columns.map(() => new Array<number | null | undefined>(kept));
  for (let k = 0, j = 0; k <= slots; k++) {
    if (used[k] === 0) continue;
    xs[j] = grid.from + k * step;
    for (let c = 0; c < columns.length; c++) (compact[c] as (number | null | undefined)[])[j] = (columns[c] as (number | null | undefined)[])[k];
    j++;
  }
  out.push(...compact);
  return out;
}
