import type { AlignedColumns, CollectedSeries } from './chart-data';

/** A time range cut into equal slots, about one per horizontal pixel of the plot. */
export interface Grid {
  readonly from: number;
  readonly to: number;
  readonly slots: number;
}

/** Per-chart scratch for alignOnGrid, kept between redraws so a redraw allocates only its output. */
export interface AlignScratch {
  used: Uint8Array;
  index: Int32Array;
}

/** Empty scratch; alignOnGrid grows it to the grid's size on first use. */
export function createAlignScratch(): AlignScratch {
  return { used: new Uint8Array(0), index: new Int32Array(0) };
}

function slotOf(t: number, from: number, step: number, slots: number): number {
  return Math.min(slots, Math.max(0, Math.floor((t - from) / step)));
}

/** True when point i follows a silence longer than the series' gap limit and a slot lies between. */
function startsGap(s: CollectedSeries, i: number, slot: number, previousSlot: number): boolean {
  return i > 0 && (s.ts[i] as number) - (s.ts[i - 1] as number) > (s.gapMs[i] as number) && slot > previousSlot + 1;
}

/**
 * Join series onto a pixel-sized time grid for uPlot. The exact union of 20 stations' sample times
 * is ~20× longer than the plot is wide, and uPlot walks every x for every series; one slot per pixel
 * keeps a redraw proportional to the width. A slot holds one sample per series: of several, the one
 * farthest from the series' previous slot (min/max style, so a one-sample spike stays visible), else
 * the last. A slot where a series has nothing is a hole (reads `undefined`, which uPlot spans); a
 * silence longer than the series' gap limit puts `null` in the slot after its last sample, so gaps
 * stay gaps. Slots where no series has anything are dropped. Each x is the slot's start (error < 1 px).
 *
 * Hot path (STYLE rule 8): two passes over the samples (mark used slots, then write) with reused
 * scratch, and output arrays that only ever receive numbers or null — holes are never written as
 * `undefined`, which would turn V8's unboxed double arrays into arrays of boxed numbers.
 */
export function alignOnGrid(series: readonly CollectedSeries[], grid: Grid, scratch: AlignScratch = createAlignScratch()): AlignedColumns {
  const slots = Math.max(1, Math.floor(grid.slots));
  const step = (grid.to - grid.from) / slots || 1;
  if (scratch.used.length < slots + 1) {
    scratch.used = new Uint8Array(slots + 1);
    scratch.index = new Int32Array(slots + 1);
  } else scratch.used.fill(0, 0, slots + 1);
  const { used, index } = scratch;
  for (const s of series) {
    let previousSlot = -1;
    for (let i = 0; i < s.length; i++) {
      const slot = slotOf(s.ts[i] as number, grid.from, step, slots);
      if (startsGap(s, i, slot, previousSlot)) used[previousSlot + 1] = 1;
      used[slot] = 1;
      previousSlot = slot;
    }
  }
  let kept = 0;
  for (let k = 0; k <= slots; k++) {
    index[k] = kept;
    kept += used[k] as number;
  }
  const xs = new Float64Array(kept);
  for (let k = 0; k <= slots; k++) if (used[k] === 1) xs[index[k] as number] = grid.from + k * step;
  const out: AlignedColumns = [xs];
  for (const s of series) {
    const base = out.length;
    for (let c = 0; c < s.columns.length; c++) out.push(new Array<number | null | undefined>(kept));
    let previousSlot = -1;
    let referenceSlot = -1;
    for (let i = 0; i < s.length; i++) {
      const slot = slotOf(s.ts[i] as number, grid.from, step, slots);
      if (slot !== previousSlot) referenceSlot = previousSlot;
      if (startsGap(s, i, slot, previousSlot)) {
        const g = index[previousSlot + 1] as number;
        for (let c = 0; c < s.columns.length; c++) (out[base + c] as (number | null | undefined)[])[g] = null;
      }
      const j = index[slot] as number;
      for (let c = 0; c < s.columns.length; c++) {
        const ys = out[base + c] as (number | null | undefined)[];
        const v = (s.columns[c] as Float64Array)[i] as number;
        if (!Number.isFinite(v)) {
          ys[j] = null;
          continue;
        }
        const held = slot === previousSlot ? ys[j] : undefined;
        const reference = referenceSlot >= 0 ? ys[index[referenceSlot] as number] : undefined;
        if (typeof held === 'number' && typeof reference === 'number' && Math.abs(held - reference) > Math.abs(v - reference)) continue;
        ys[j] = v;
      }
      previousSlot = slot;
    }
  }
  return out;
}
