/**
 * The reference for the late-data tests: PostgreSQL's own count, avg, min, max, stddev_pop and
 * percentile_cont(0.95) over the raw `readings` table, grouped by station and aligned window start (and
 * city-wide), compared with the stored windows: counts exact, mean/min/max/stddev within 1e-9 relative,
 * p95 within the sketch's stated error of the value at the sketch's rank (⌊0.95·(n−1)⌋, which
 * percentile_cont(0.95) interpolates from) — and never outside the two values percentile_cont lies between.
 */
import { CITY_STATION_ID } from '../../src-shared/domain/reading';
import { SKETCH_MIN_MAGNITUDE, SKETCH_RELATIVE_ACCURACY } from '../../src-main/core/windows/key-mapping';
import type { WindowSeriesQuery, WindowSeries } from '../../src-main/core/ports';

/** A database that answers with rows as arrays (SqlClient, or pg with rowMode 'array'). */
export interface ReferenceDatabase {
  query(sql: string, params?: readonly unknown[]): Promise<{ readonly rows: readonly (readonly unknown[])[] }>;
}

export interface ReferenceWindow {
  readonly count: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  readonly stddev: number;
  /** percentile_cont(0.95) … */
  readonly p95: number;
  /** … and the sorted values at ranks ⌊0.95·(n−1)⌋ and ⌈0.95·(n−1)⌉ it interpolates between. */
  readonly p95Low: number;
  readonly p95High: number;
}

export interface StoredWindowRow {
  readonly count: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  readonly stddev: number;
  readonly p95: number;
}

export function referenceKey(stationId: string, metric: string, sizeMs: number, start: number): string {
  return `${stationId}|${metric}|${sizeMs}|${start}`;
}

const REFERENCE_SQL = `
WITH v AS (SELECT r.station_id, r.ts, e.key AS metric, e.value::float8 AS x FROM readings r, jsonb_each_text(r.metrics) e),
g AS (SELECT v.station_id, v.metric, z.size, (v.ts / z.size) * z.size AS start, v.x FROM v, unnest($1::bigint[]) AS z(size))
SELECT coalesce(station_id, '${CITY_STATION_ID}'), metric, size::float8, start::float8, count(*)::float8, avg(x), min(x), max(x), stddev_pop(x),
  percentile_cont(0.95) WITHIN GROUP (ORDER BY x),
  (array_agg(x ORDER BY x))[floor(0.95 * (count(*) - 1))::int + 1],
  (array_agg(x ORDER BY x))[ceil(0.95 * (count(*) - 1))::int + 1]
FROM g GROUP BY GROUPING SETS ((station_id, metric, size, start), (metric, size, start))`;

/** Every window the raw readings fill, per station and city-wide, for each size. */
export async function referenceWindows(db: ReferenceDatabase, sizesMs: readonly number[]): Promise<Map<string, ReferenceWindow>> {
  const result = await db.query(REFERENCE_SQL, [`{${sizesMs.join(',')}}`]);
  const out = new Map<string, ReferenceWindow>();
  for (const r of result.rows) {
    const n = (i: number): number => Number(r[i]);
    out.set(referenceKey(String(r[0]), String(r[1]), n(2), n(3)), { count: n(4), mean: n(5), min: n(6), max: n(7), stddev: n(8), p95: n(9), p95Low: n(10), p95High: n(11) });
  }
  return out;
}

/** The stored windows of the given metrics and sizes over [from, to), through the store's own read (what history and the back-test see). */
export async function storedWindows(read: (query: WindowSeriesQuery) => Promise<readonly WindowSeries[]>, metrics: readonly string[], sizesMs: readonly number[], from: number, to: number): Promise<Map<string, StoredWindowRow>> {
  const out = new Map<string, StoredWindowRow>();
  for (const metric of metrics) {
    for (const sizeMs of sizesMs) {
      for (const s of await read({ stationIds: null, metric, sizeMs, from, to })) {
        for (let i = 0; i < s.start.length; i++) {
          out.set(referenceKey(s.stationId, metric, sizeMs, s.start[i]!), { count: s.count[i]!, mean: s.mean[i]!, min: s.min[i]!, max: s.max[i]!, stddev: s.stddev[i]!, p95: s.p95[i]! });
        }
      }
    }
  }
  return out;
}

/** Every missing, extra or wrong window, in words (empty: all exact). */
export function compareWithReference(stored: ReadonlyMap<string, StoredWindowRow>, reference: ReadonlyMap<string, ReferenceWindow>): string[] {
  const problems: string[] = [];
  for (const [key, ref] of reference) {
    const got = stored.get(key);
    if (got === undefined) {
      problems.push(`${key}: missing (expected ${ref.count} values)`);
      continue;
    }
    const scale = Math.max(Math.abs(ref.mean), Math.abs(ref.min), Math.abs(ref.max), Number.MIN_VALUE);
    const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(b), scale * 1e-6);
    if (got.count !== ref.count) problems.push(`${key}: count ${got.count}, expected ${ref.count}`);
    if (!close(got.mean, ref.mean)) problems.push(`${key}: mean ${got.mean}, expected ${ref.mean}`);
    if (!close(got.min, ref.min)) problems.push(`${key}: min ${got.min}, expected ${ref.min}`);
    if (!close(got.max, ref.max)) problems.push(`${key}: max ${got.max}, expected ${ref.max}`);
    if (Math.abs(got.stddev - ref.stddev) > 1e-9 * Math.max(ref.stddev, scale * 1e-6)) problems.push(`${key}: stddev ${got.stddev}, expected ${ref.stddev}`);
    const allowed = SKETCH_RELATIVE_ACCURACY * Math.abs(ref.p95Low) + SKETCH_MIN_MAGNITUDE + 1e-12 * scale;
    const outside = got.p95 < Math.min(ref.p95Low, ref.p95) - allowed || got.p95 > Math.max(ref.p95High, ref.p95) + allowed;
    if (Math.abs(got.p95 - ref.p95Low) > allowed || outside) problems.push(`${key}: p95 ${got.p95}, expected ${ref.p95Low} ±1 % (percentile_cont ${ref.p95})`);
  }
  for (const key of stored.keys()) if (!reference.has(key)) problems.push(`${key}: stored but no reading belongs to it`);
  return problems;
}
