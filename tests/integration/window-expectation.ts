/**
 * The brute-force side of the "nothing lost" tests: exact window statistics computed from the readings
 * with plain arrays and sorting (independent of src-main/core/windows), and a comparison with the rows of
 * PostgreSQL's window_aggregates table that lists every missing, extra or wrong window.
 */
import type pg from 'pg';
import type { Reading } from '../../src-shared/domain/reading';
import type { WindowAggregate } from '../../src-shared/domain/window-aggregate';
import { CITY_STATION_ID } from '../../src-shared/domain/reading';
import { SKETCH_MIN_MAGNITUDE, SKETCH_RELATIVE_ACCURACY } from '../../src-main/core/windows/key-mapping';
import { INLINE_VALUES } from '../../src-main/core/windows/window-pool';

/**
 * Exact statistics of one (station, metric, size, start) window — the domain's WindowAggregate, with p95 the
 * value at 0-based rank floor(0.95·(n−1)) of the sorted values, as the sketch defines it.
 */
export type ExpectedWindow = WindowAggregate;

/** A row of window_aggregates. */
type StoredWindow = Omit<ExpectedWindow, never>;

/** Identity of a window, as the table's primary key. */
export function windowKey(stationId: string, metric: string, sizeMs: number, start: number): string {
  return `${stationId}|${metric}|${sizeMs}|${start}`;
}

/**
 * Every window the readings fill, per station and city-wide (CITY_STATION_ID), for each size; windows
 * start at multiples of their size (epoch ms), like the aggregator's.
 */
export function expectedWindows(readings: readonly Reading[], sizesMs: readonly number[]): Map<string, ExpectedWindow> {
  const groups = new Map<string, { stationId: string; metric: string; sizeMs: number; start: number; values: number[] }>();
  for (const reading of readings) {
    for (const metric in reading.metrics) {
      const value = reading.metrics[metric] as number;
      for (const stationId of [reading.stationId, CITY_STATION_ID]) {
        for (const sizeMs of sizesMs) {
          const start = Math.floor(reading.ts / sizeMs) * sizeMs;
          const key = windowKey(stationId, metric, sizeMs, start);
          let group = groups.get(key);
          if (group === undefined) groups.set(key, (group = { stationId, metric, sizeMs, start, values: [] }));
          group.values.push(value);
        }
      }
    }
  }
  const out = new Map<string, ExpectedWindow>();
  for (const [key, group] of groups) out.set(key, exact(group));
  return out;
}

function exact(group: { stationId: string; metric: string; sizeMs: number; start: number; values: number[] }): ExpectedWindow {
  const sorted = group.values.sort((a, b) => a - b);
  const n = sorted.length;
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = sum / n;
  // Two-pass variance with Björck's correction term: accurate to a few ulps.
  let squares = 0;
  let correction = 0;
  for (const v of sorted) {
    squares += (v - mean) * (v - mean);
    correction += v - mean;
  }
  const variance = (squares - (correction * correction) / n) / n;
  return {
    stationId: group.stationId,
    metric: group.metric,
    sizeMs: group.sizeMs,
    start: group.start,
    count: n,
    mean: mean + correction / n,
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
    stddev: Math.sqrt(Math.max(0, variance)),
    p95: sorted[Math.floor(0.95 * (n - 1))] as number,
  };
}

/** What compareWithTable found; every list empty means the table is exactly the expectation. */
export interface TableComparison {
  readonly expected: number;
  readonly stored: number;
  readonly missing: readonly string[];
  readonly extra: readonly string[];
  /** "key: field stored X, expected Y". */
  readonly wrong: readonly string[];
}

/** Relative error used for mean and stddev: relative to the window's value scale (max |min|, |max|). */
function relativeError(actual: number, expected: number, scale: number): number {
  return Math.abs(actual - expected) / Math.max(scale, SKETCH_MIN_MAGNITUDE);
}

/** Why a stored window differs from its expectation, or null when it matches. */
export function windowMismatch(stored: StoredWindow, expected: ExpectedWindow): string | null {
  const problems: string[] = [];
  if (stored.count !== expected.count) problems.push(`count ${stored.count} ≠ ${expected.count}`);
  if (stored.min !== expected.min) problems.push(`min ${stored.min} ≠ ${expected.min}`);
  if (stored.max !== expected.max) problems.push(`max ${stored.max} ≠ ${expected.max}`);
  const scale = Math.max(Math.abs(expected.min), Math.abs(expected.max));
  if (!(relativeError(stored.mean, expected.mean, scale) <= 1e-9)) problems.push(`mean ${stored.mean} ≠ ${expected.mean}`);
  if (!(relativeError(stored.stddev, expected.stddev, scale) <= 1e-9)) problems.push(`stddev ${stored.stddev} ≠ ${expected.stddev}`);
  if (expected.count <= INLINE_VALUES) {
    // Small windows keep their values inline and report the exact p95.
    if (stored.p95 !== expected.p95) problems.push(`p95 ${stored.p95} ≠ exact ${expected.p95} (${expected.count} values)`);
  } else if (!(Math.abs(stored.p95 - expected.p95) <= SKETCH_RELATIVE_ACCURACY * Math.abs(expected.p95) + SKETCH_MIN_MAGNITUDE)) {
    problems.push(`p95 ${stored.p95} not within ${SKETCH_RELATIVE_ACCURACY * 100} % of ${expected.p95}`);
  }
  return problems.length === 0 ? null : problems.join(', ');
}

/**
 * Reads window_aggregates (rows whose metric is in `ignoreMetrics` left out, e.g. the stream-closing
 * marker whose windows stay open) and compares it key by key with the expectation.
 */
export async function compareWithTable(client: pg.Client, expected: ReadonlyMap<string, ExpectedWindow>, ignoreMetrics: readonly string[] = []): Promise<TableComparison> {
  const result = await client.query<{ station_id: string; metric: string; size_ms: number; window_start: string; count: string; mean: number; min: number; max: number; stddev: number; p95: number }>(
    'SELECT station_id, metric, size_ms, window_start, count, mean, min, max, stddev, p95 FROM window_aggregates WHERE NOT (metric = ANY($1::text[]))',
    [[...ignoreMetrics]],
  );
  const missing: string[] = [];
  const extra: string[] = [];
  const wrong: string[] = [];
  const seen = new Set<string>();
  for (const row of result.rows) {
    const stored: StoredWindow = {
      stationId: row.station_id,
      metric: row.metric,
      sizeMs: Number(row.size_ms),
      start: Number(row.window_start),
      count: Number(row.count),
      mean: row.mean,
      min: row.min,
      max: row.max,
      stddev: row.stddev,
      p95: row.p95,
    };
    const key = windowKey(stored.stationId, stored.metric, stored.sizeMs, stored.start);
    seen.add(key);
    const want = expected.get(key);
    if (want === undefined) {
      extra.push(key);
      continue;
    }
    const problem = windowMismatch(stored, want);
    if (problem !== null) wrong.push(`${key}: ${problem}`);
  }
  for (const key of expected.keys()) if (!seen.has(key)) missing.push(key);
  return { expected: expected.size, stored: result.rows.length, missing, extra, wrong };
}

/** A short, readable summary for assertion messages (first few keys of each list). */
export function summarize(comparison: TableComparison): string {
  const head = (list: readonly string[]): string => (list.length === 0 ? 'none' : `${list.length}: ${list.slice(0, 5).join('; ')}${list.length > 5 ? '; …' : ''}`);
  return `expected ${comparison.expected} windows, stored ${comparison.stored}; missing ${head(comparison.missing)}; extra ${head(comparison.extra)}; wrong ${head(comparison.wrong)}`;
}
