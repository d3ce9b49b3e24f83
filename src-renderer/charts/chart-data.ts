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

/** Never call two points closer than this a gap, whatever the sampling rate. */
export const MIN_GAP_MS = 5_000;

/**
 * Points of a series in [from, to]: the history backfill first (only where older than the ring),
 * then the live ring. `columns` picks ring columns; the backfill maps them to mean, min, max.
 */
export function collectSeries(backfill: Backfill | null, ring: RingBuffer | null, from: number, to: number, columns: number): CollectedSeries {
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
  const ts = new Float64Array(n);
  const cols = Array.from({ length: columns }, () => new Float64Array(n));
  const gapMs = new Float64Array(n);
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
  if (ring !== null) {
    for (let i = r0; i < r1; i++, o++) {
      ts[o] = ring.tsAt(i);
      for (let c = 0; c < columns; c++) (cols[c] as Float64Array)[o] = ring.valueAt(i, c);
      gapMs[o] = o === boundary && boundary > 0 ? Math.max(backfillGap, ringGap) : ringGap;
    }
  }
  return { ts, columns: cols, gapMs };
}

/** Median distance between neighbouring points, from up to 64 samples. */
export function medianStep(ring: RingBuffer, i0: number, i1: number): number {
  const count = i1 - i0 - 1;
  if (count < 1) return 0;
  const stride = Math.max(1, Math.floor(count / 64));
  const steps: number[] = [];
  for (let i = i0 + 1; i < i1; i += stride) steps.push(ring.tsAt(i) - ring.tsAt(i - 1));
  steps.sort((a, b) => a - b);
  return steps[steps.length >> 1] as number;
}

/** uPlot's aligned columns: one x array, then one y array per series (null = gap, undefined = no sample here). */
export type AlignedColumns = [Float64Array, ...(number | null | undefined)[][]];

/**
 * Join series sampled at different times onto one x axis for uPlot. A series has `undefined` where
 * another series has a sample (uPlot spans those) and `null` inside a real gap (uPlot breaks the
 * line there), so a silent station shows as a gap, never as an interpolated line.
 */
export function alignSeries(series: readonly CollectedSeries[]): AlignedColumns {
  let total = 0;
  for (const s of series) total += s.ts.length * 2;
  const all = new Float64Array(total);
  let n = 0;
  for (const s of series) {
    for (let i = 0; i < s.ts.length; i++) {
      all[n++] = s.ts[i] as number;
      // A gap gets an x of its own just after the last sample, so there is always a slot for the null.
      if (i > 0 && (s.ts[i] as number) - (s.ts[i - 1] as number) > (s.gapMs[i] as number)) all[n++] = (s.ts[i - 1] as number) + 1;
    }
  }
  const sorted = all.subarray(0, n).sort();
  let unique = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[unique - 1]) sorted[unique++] = sorted[i] as number;
  const xs = sorted.slice(0, unique);
  const out: AlignedColumns = [xs];
  for (const s of series) {
    const ys = s.columns.map(() => new Array<number | null | undefined>(unique));
    let j = 0;
    for (let i = 0; i < s.ts.length; i++) {
      const t = s.ts[i] as number;
      if (i > 0 && t - (s.ts[i - 1] as number) > (s.gapMs[i] as number)) {
        const gapX = (s.ts[i - 1] as number) + 1;
        while ((xs[j] as number) < gapX) j++;
        for (const y of ys) y[j] = null;
      }
      while ((xs[j] as number) < t) j++;
      for (let c = 0; c < ys.length; c++) {
        const v = (s.columns[c] as Float64Array)[i] as number;
        (ys[c] as (number | null | undefined)[])[j] = Number.isFinite(v) ? v : null;
      }
    }
    out.push(...ys);
  }
  return out;
}
