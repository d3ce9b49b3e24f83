import { grown } from '../../src-shared/columns/typed-array-growth';
import type { CollectedSeries } from './chart-data';
import type { Grid } from './align-grid';

/**
 * The selected stations' lines of one chart, thinned to at most one point per pixel-sized slot, in
 * storage a chart keeps across redraws. Points of station s are [start[s], start[s + 1]) of `xs`/`ys`;
 * a NaN y is a break (a silence longer than the series' gap limit, or a non-finite reading): the line
 * stops there and starts again at the next point. `min`/`max` span the finite values (for the y range).
 */
export interface StationLines {
  count: number;
  start: Int32Array;
  xs: Float64Array;
  ys: Float64Array;
  min: number;
  max: number;
}

/** Empty lines; beginStationLines and appendStationLine grow the storage as needed. */
export function createStationLines(): StationLines {
  return { count: 0, start: new Int32Array(1), xs: new Float64Array(0), ys: new Float64Array(0), min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
}

/** Forget the previous redraw's lines (keeps the storage). */
export function beginStationLines(lines: StationLines): void {
  lines.count = 0;
  lines.start[0] = 0;
  lines.min = Number.POSITIVE_INFINITY;
  lines.max = Number.NEGATIVE_INFINITY;
}

function ensureRoom(lines: StationLines, points: number): void {
  lines.start = grown(lines.start, lines.count + 2);
  lines.xs = grown(lines.xs, points);
  lines.ys = grown(lines.ys, points);
}

/**
 * Add one station's line (column 0 of `s`) on `grid`, with the rules alignOnGrid applies to a series:
 * a slot keeps one sample — of several, the one farthest from the previous slot's value (so a
 * one-sample spike stays visible), else the last; x is the slot's start; a silence longer than the
 * gap limit that leaves a slot empty breaks the line. A redraw touches each sample once and allocates
 * nothing once the storage has grown (STYLE rule 8).
 */
export function appendStationLine(lines: StationLines, s: CollectedSeries, grid: Grid): void {
  const { length } = s;
  const slots = Math.max(1, Math.floor(grid.slots));
  const step = (grid.to - grid.from) / slots || 1;
  const from = grid.from;
  // At most one point per sample plus one break per sample.
  let o = lines.start[lines.count] as number;
  ensureRoom(lines, o + 2 * length);
  const { xs, ys } = lines;
  const ts = s.ts;
  const values = s.columns[0] as Float64Array;
  const gapMs = s.gapMs;
  let min = lines.min;
  let max = lines.max;
  let slot = -1;
  let held = Number.NaN;
  let reference = Number.NaN;
  for (let i = 0; i < length; i++) {
    const t = ts[i] as number;
    const k = Math.min(slots, Math.max(0, Math.floor((t - from) / step)));
    if (k !== slot) {
      if (slot >= 0) {
        xs[o] = from + slot * step;
        ys[o++] = held;
        reference = held;
      }
      if (i > 0 && t - (ts[i - 1] as number) > (gapMs[i] as number) && k > slot + 1) {
        xs[o] = from + (slot + 1) * step;
        ys[o++] = Number.NaN;
      }
      slot = k;
      held = Number.NaN;
    }
    const v = values[i] as number;
    if (!Number.isFinite(v)) {
      held = Number.NaN;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    if (Number.isFinite(held) && Number.isFinite(reference) && Math.abs(held - reference) > Math.abs(v - reference)) continue;
    held = v;
  }
  if (slot >= 0) {
    xs[o] = from + slot * step;
    ys[o++] = held;
  }
  lines.min = min;
  lines.max = max;
  lines.count++;
  lines.start[lines.count] = o;
}

/** Points (including breaks) held for station `index`. */
export function stationPointCount(lines: StationLines, index: number): number {
  return (lines.start[index + 1] as number) - (lines.start[index] as number);
}
