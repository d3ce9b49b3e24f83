import type { Backfill } from '../data/live-store';
import type { RingBuffer } from '../data/ring-buffer';

/**
 * The first `length` points of one series inside a time range, with how far apart points may be
 * before it is a gap. The arrays may be longer than `length` (a chart's scratch storage).
 */
export interface CollectedSeries {
  readonly length: number;
  readonly ts: Float64Array;
  /** One array per column (city: mean, min, max; station: value). */
  readonly columns: readonly Float64Array[];
  /** Per point: the largest distance to the previous point that is still "no gap". */
  readonly gapMs: Float64Array;
}

/** A series over whole arrays (history results, tests). */
export function wholeSeries(ts: Float64Array, columns: readonly Float64Array[], gapMs: Float64Array): CollectedSeries {
  return { length: ts.length, ts, columns, gapMs };
}

/**
 * Reusable point storage for collectSeries (one per series slot of a chart), grown as needed, and the
 * result object it hands out: a redraw allocates neither arrays nor views (typed-array views made up
 * a quarter of the renderer's allocation, bench/suites/renderer.ts).
 */
export interface SeriesScratch {
  ts: Float64Array;
  gapMs: Float64Array;
  /** columnSets[c]: the first c column arrays, so a series of c columns sees exactly c. */
  columnSets: Float64Array[][];
  readonly result: { length: number; ts: Float64Array; columns: readonly Float64Array[]; gapMs: Float64Array };
}

/** Empty scratch; collectSeries grows it on first use. */
export function createSeriesScratch(): SeriesScratch {
  const empty = new Float64Array(0);
  return { ts: empty, gapMs: empty, columnSets: [[]], result: { length: 0, ts: empty, columns: [], gapMs: empty } };
}

/** Room for n points of `columns` columns, growing the storage (×1.5) when too small; the result has length n. */
function viewsOf(scratch: SeriesScratch, n: number, columns: number): CollectedSeries {
  const have = scratch.columnSets.length - 1;
  if (scratch.ts.length < n || have < columns) {
    const capacity = Math.max(n, Math.ceil(scratch.ts.length * 1.5), 64);
    scratch.ts = new Float64Array(capacity);
    scratch.gapMs = new Float64Array(capacity);
    const all = Array.from({ length: Math.max(columns, have) }, () => new Float64Array(capacity));
    scratch.columnSets = all.map((_, c) => all.slice(0, c));
    scratch.columnSets.push(all);
  }
  const { result } = scratch;
  result.length = n;
  result.ts = scratch.ts;
  result.gapMs = scratch.gapMs;
  result.columns = scratch.columnSets[columns] as Float64Array[];
  return result;
}

/** Never call two points closer than this a gap, whatever the sampling rate. */
export const MIN_GAP_MS = 5_000;

/**
 * Points of a series in [from, to]: the history backfill first (only where older than the ring),
 * then the live ring. `columns` picks ring columns; the backfill maps them to mean, min, max (a fourth and
 * fifth column, the city's p5 and p95, are NaN there: history keeps no city percentiles). The result
 * lives in `scratch` (a fresh one by default): a chart passes its own, so redraws allocate nothing, and
 * it is valid until the next call with the same scratch.
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
      for (let c = 0; c < columns; c++) (cols[c] as Float64Array)[o] = c < sources.length ? ((sources[c] as Float64Array)[i] as number) : Number.NaN;
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

/** Spacings sampled for the median step: enough for a steady sensor's rate, few enough to sort in a few steps. */
const STEP_SAMPLES = 15;
const stepSamples = new Float64Array(STEP_SAMPLES);

/**
 * Median distance between neighbouring points, from up to 15 spacings spread over [i0, i1): an
 * insertion sort of a reused array, no allocation (a typed-array sort of 64 samples for each of the
 * ~190 series of a redraw was a measurable share of building the charts' data).
 */
export function medianStep(ring: RingBuffer, i0: number, i1: number): number {
  const count = i1 - i0 - 1;
  if (count < 1) return 0;
  const stride = Math.max(1, Math.ceil(count / STEP_SAMPLES));
  let n = 0;
  for (let i = i0 + 1; i < i1 && n < STEP_SAMPLES; i += stride) {
    const step = ring.tsAt(i) - ring.tsAt(i - 1);
    let j = n++;
    while (j > 0 && (stepSamples[j - 1] as number) > step) {
      stepSamples[j] = stepSamples[j - 1] as number;
      j--;
    }
    stepSamples[j] = step;
  }
  return stepSamples[n >> 1] as number;
}

/** uPlot's aligned columns: one x array, then one y array per series (null = gap, undefined = no sample here). */
export type AlignedColumns = [Float64Array, ...(number | null | undefined)[][]];
