import type { Backfill } from '../data/live-store';
import type { RingBuffer } from '../data/ring-buffer';

/** The points of one series inside a time range, with how far apart points may be before it is a gap. */
export interface CollectedSeries {
  readonly ts: Float64Array;
  /** One array per column (city: mean, min, max; station: value). */
  readonly columns: readonly Float64Array[];
  /** Per point: the largest distance to the previous point that is still "no gap". */
  readonly gapMs: Float64Array;
}

/** Reusable point storage for collectSeries (one per series slot of a chart), grown as needed. */
export interface SeriesScratch {
  ts: Float64Array;
  columns: Float64Array[];
  gapMs: Float64Array;
}

/** Empty scratch; collectSeries grows it on first use. */
export function createSeriesScratch(): SeriesScratch {
  return { ts: new Float64Array(0), columns: [], gapMs: new Float64Array(0) };
}

/** Views of the first n points of `columns` columns, growing the storage (×1.5) when too small. */
function viewsOf(scratch: SeriesScratch, n: number, columns: number): CollectedSeries {
  if (scratch.ts.length < n || scratch.columns.length < columns) {
    const capacity = Math.max(n, Math.ceil(scratch.ts.length * 1.5), 64);
    scratch.ts = new Float64Array(capacity);
    scratch.gapMs = new Float64Array(capacity);
    scratch.columns = Array.from({ length: Math.max(columns, scratch.columns.length) }, () => new Float64Array(capacity));
  }
  const cols: Float64Array[] = [];
  for (let c = 0; c < columns; c++) cols.push((scratch.columns[c] as Float64Array).subarray(0, n));
  return { ts: scratch.ts.subarray(0, n), columns: cols, gapMs: scratch.gapMs.subarray(0, n) };
}

/** Never call two points closer than this a gap, whatever the sampling rate. */
export const MIN_GAP_MS = 5_000;

/**
 * Points of a series in [from, to]: the history backfill first (only where older than the ring),
 * then the live ring. `columns` picks ring columns; the backfill maps them to mean, min, max. The result
 * views `scratch` (a fresh one by default): a chart passes its own, so redraws allocate no point arrays,
 * and the views are valid until the next call with the same scratch.
 */
export function collectSeries(backfill: Backfill | null, ring: RingBuffer | null, from: number, to: number, columns: number, scratch: SeriesScratch = createSeriesScratch()): CollectedSeries {
  const ringStart = ring === null || ring.length === 0 ? Number.POSITIVE_INFINITY : ring.oldestTs();
  let b0 = 0;
  let b1 = 0;
  if (backfill !== null) {
    while (b0 < backfill.ts.length && (backfill.ts[b0] as number) < from) b0++;
    b1 = b0;
    while (b1 < backfill.ts.length && (backfill.ts[b1] as number) <= to && (backfill.ts[b1] as number) < ringStart) b1++;
  }
  const r0 = ring === null ? 0 : ring.lowerBound(from);
  const r1 = ring === null ? 0 : ring.lowerBound(to + 1e-9);
  const n = b1 - b0 + Math.max(0, r1 - r0);
  const collected = viewsOf(scratch, n, columns);
  const { ts, gapMs } = collected;
  const cols = collected.columns;
  const backfillGap = Math.max(MIN_GAP_MS, 2.5 * (backfill?.stepMs ?? 0));
  const ringGap = ring === null ? MIN_GAP_MS : Math.max(MIN_GAP_MS, 3 * medianStep(ring, r0, r1));
  let o = 0;
  if (backfill !== null) {
    const sources = [backfill.mean, backfill.min, backfill.max];
    for (let i = b0; i < b1; i++, o++) {
      ts[o] = backfill.ts[i] as number;
      for (let c = 0; c < columns; c++) (cols[c] as Float64Array)[o] = (sources[c] as Float64Array)[i] as number;
      gapMs[o] = backfillGap;
    }
  }
  const boundary = o;
  if (ring !== null && r1 > r0) {
    ring.copyRows(r0, r1, ts, cols, o);
    gapMs.fill(ringGap, o, o + r1 - r0);
    if (boundary > 0) gapMs[boundary] = Math.max(backfillGap, ringGap);
  }
  return collected;
}

const stepSamples = new Float64Array(64);

/** Median distance between neighbouring points, from up to 64 samples (numeric typed-array sort, no allocation). */
export function medianStep(ring: RingBuffer, i0: number, i1: number): number {
  const count = i1 - i0 - 1;
  if (count < 1) return 0;
  const stride = Math.max(1, Math.ceil(count / 64));
  let n = 0;
  for (let i = i0 + 1; i < i1 && n < 64; i += stride) stepSamples[n++] = ring.tsAt(i) - ring.tsAt(i - 1);
  const steps = stepSamples.subarray(0, n).sort();
  return steps[n >> 1] as number;
}

/** uPlot's aligned columns: one x array, then one y array per series (null = gap, undefined = no sample here). */
export type AlignedColumns = [Float64Array, ...(number | null | undefined)[][]];
