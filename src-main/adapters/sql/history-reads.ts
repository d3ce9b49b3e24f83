import type { SqlQueryable } from './sql-client';
import type { HistoryQuery, WindowSeries, WindowSeriesQuery } from '../../core/ports';
import type { HistoryResult, HistorySeries } from '../../../src-shared/ipc/contract';
import { chooseResolution } from '../../core/history-resolution';

// A loose index scan over (metric, size_ms, …): a handful of index probes instead of reading the table.
const storedSizesSql = `WITH RECURSIVE s(v) AS (
  SELECT min(size_ms) FROM window_aggregates WHERE metric = $1
  UNION ALL
  SELECT (SELECT min(size_ms) FROM window_aggregates WHERE metric = $1 AND size_ms > s.v) FROM s WHERE s.v IS NOT NULL
) SELECT v FROM s WHERE v IS NOT NULL`;

/** Window sizes stored for a metric, ascending. */
export async function storedWindowSizes(q: SqlQueryable, metric: string): Promise<number[]> {
  const result = await q.query(storedSizesSql, [metric]);
  return result.rows.map((r) => Number(r[0]));
}

/** Answers a history query at the resolution chooseResolution picks; one columnar series per requested station. */
export async function queryHistory(q: SqlQueryable, query: HistoryQuery): Promise<HistoryResult> {
  const { stationIds, metric, from, to, maxPoints } = query;
  const sizes = await storedWindowSizes(q, metric);
  const finest = sizes.length > 0 ? Math.min(...sizes) : Infinity;
  const needsRawCheck = (to - from) / finest < maxPoints;
  const hasRaw = needsRawCheck && (await rawExists(q, stationIds, metric, from, to));
  const sizeMs = chooseResolution(sizes, from, to, maxPoints, hasRaw);
  if (sizeMs === null) return { sizeMs: 0, metric, series: stationIds.map((id) => emptySeries(id)) };
  const rows =
    sizeMs === 0
      ? await q.query(
          `SELECT station_id, ts::float8, (metrics ->> $1)::float8 AS v, (metrics ->> $1)::float8, (metrics ->> $1)::float8, 1::float8
           FROM readings WHERE station_id = ANY($2::text[]) AND ts >= $3 AND ts < $4 AND metrics ->> $1 IS NOT NULL ORDER BY station_id, ts`,
          [metric, [...stationIds], from, to],
        )
      : await q.query(
          `SELECT station_id, window_start::float8, mean, min, max, count::float8 FROM window_aggregates
           WHERE metric = $1 AND size_ms = $2 AND station_id = ANY($3::text[]) AND window_start >= $4 AND window_start < $5
           ORDER BY station_id, window_start`,
          [metric, sizeMs, [...stationIds], from, to],
        );
  const byStation = splitByStation(rows.rows, 5);
  const series = stationIds.map((id): HistorySeries => {
    const c = byStation.get(id);
    return c ? { stationId: id, ts: c[0]!, mean: c[1]!, min: c[2]!, max: c[3]!, count: c[4]! } : emptySeries(id);
  });
  return { sizeMs, metric, series };
}

/** Stored windows of one size for a metric, for back-testing rules; one series per station with data. */
export async function queryWindows(q: SqlQueryable, query: WindowSeriesQuery): Promise<WindowSeries[]> {
  const params = [query.metric, query.sizeMs, query.from, query.to];
  const stationFilter = query.stationIds === null ? '' : 'AND station_id = ANY($5::text[])';
  const result = await q.query(
    `SELECT station_id, window_start::float8, count::float8, mean, min, max, stddev, p95 FROM window_aggregates
     WHERE metric = $1 AND size_ms = $2 AND window_start >= $3 AND window_start < $4 ${stationFilter}
     ORDER BY station_id, window_start`,
    query.stationIds === null ? params : [...params, [...query.stationIds]],
  );
  const series: WindowSeries[] = [];
  for (const [stationId, c] of splitByStation(result.rows, 7)) {
    series.push({ stationId, start: c[0]!, count: c[1]!, mean: c[2]!, min: c[3]!, max: c[4]!, stddev: c[5]!, p95: c[6]! });
  }
  return series;
}

async function rawExists(q: SqlQueryable, stationIds: readonly string[], metric: string, from: number, to: number): Promise<boolean> {
  const r = await q.query(
    'SELECT 1 FROM readings WHERE station_id = ANY($1::text[]) AND ts >= $2 AND ts < $3 AND metrics ->> $4 IS NOT NULL LIMIT 1',
    [[...stationIds], from, to, metric],
  );
  return r.rows.length > 0;
}

/**
 * Rows [station, c1..cN] ordered by station become per-station columns. Each column is its own
 * Float64Array (not a view of a shared buffer) so posting one series never copies the others.
 */
function splitByStation(rows: readonly (readonly unknown[])[], columns: number): Map<string, Float64Array[]> {
  const out = new Map<string, Float64Array[]>();
  let i = 0;
  while (i < rows.length) {
    const station = String(rows[i]![0]);
    let end = i;
    while (end < rows.length && rows[end]![0] === station) end++;
    const cols: Float64Array[] = [];
    for (let c = 0; c < columns; c++) {
      const col = new Float64Array(end - i);
      for (let r = i; r < end; r++) col[r - i] = Number(rows[r]![c + 1]);
      cols.push(col);
    }
    out.set(station, cols);
    i = end;
  }
  return out;
}

function emptySeries(stationId: string): HistorySeries {
  return { stationId, ts: new Float64Array(0), mean: new Float64Array(0), min: new Float64Array(0), max: new Float64Array(0), count: new Float64Array(0) };
}
