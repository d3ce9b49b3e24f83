/**
 * The air-quality history in SQL (issue 18; PostgreSQL and PGlite run the same statements): the stored
 * hourly pollutant windows with each hour's data capture, the built days (`air_days`) the Compliance page
 * adds up, and the operators' invalidations.
 *
 * An hour's data capture (2008/50/EC Annex XI A: 45 of 60 minutes) is the number of its minutes with a
 * stored 1-minute window holding a reading, over 60 — the live feed's rule. An hour without stored minute
 * windows (an installation without 1-minute windows, or minutes past their retention) falls back to the
 * feed's rate rule: its reading count over the most readings the series had in an hour of the 24 hours
 * ending with it.
 */
import type { SqlClient, SqlQueryable } from './sql-client';
import { lowestLevels, type AirDay } from '../../core/air-quality/air-days';
import type { AirHistoryAnswers, AirHistoryRequest, BuiltMark, Invalidation, SeriesTotals, StoredInvalidation } from '../../core/air-quality/air-history-port';
import type { Pollutant } from '../../core/air-quality/pollutants';
import { POLLUTANTS } from '../../core/air-quality/pollutants';
import { numberArray, textArray } from './sql-array';
import { readQualityFlags } from './quality-flags-sql';
import { isUnchangedBefore, noteAirChanges, readAirChanges } from './air-changes-sql';

const HOUR_MS = 3_600_000;
const RATE_LOOKBACK_MS = 23 * HOUR_MS;

/** Answers one air-history request. */
export async function airHistory<R extends AirHistoryRequest>(client: SqlClient, request: R): Promise<AirHistoryAnswers[R['op']]> {
  const answer = await answerRequest(client, request);
  return answer as AirHistoryAnswers[R['op']];
}

async function answerRequest(client: SqlClient, request: AirHistoryRequest): Promise<AirHistoryAnswers[keyof AirHistoryAnswers]> {
  switch (request.op) {
    case 'horizon':
      return horizon(client);
    case 'hours':
      return readHours(client, request.pollutants, request.fromMs, request.toMs);
    case 'built':
      return readBuilt(client, request.year);
    case 'write-days':
      return client.transaction(async (q) => {
        // The pollutant's counter, locked: a change to its hours commits before this (then it is in the log) or
        // waits for it (then its own lowering of built_until runs after these days are written; noteAirChanges).
        if (!(await isUnchangedBefore(q, request.pollutant, request.changes, request.untilMs))) return false;
        await writeDays(q, request.days, request.built);
        await refreshSums(q, request.built, request.yearStartMs, request.yearEndMs);
        return true;
      });
    case 'year':
      return readYear(client, request.year);
    case 'invalidate':
      await client.transaction(async (q) => {
        await noteAirChanges(q, [{ pollutant: request.invalidation.metric, fromMs: request.invalidation.fromMs }]);
        await insertInvalidation(q, request.invalidation);
        await lowerBuilt(q, request.rebuildFrom);
      });
      return null;
    case 'invalidations':
      return readInvalidations(client, request.stationId, request.metric, request.fromMs, request.toMs);
    case 'invalidation':
      return readInvalidation(client, request.id);
    case 'revoke':
      return client.transaction(async (q) => {
        // Only a standing mark is revoked (two operators at once: the second is told it was revoked already).
        const revoked = await q.query('UPDATE quality_invalidations SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL RETURNING id', [request.id, request.at, request.by]);
        if (revoked.rows.length === 0) return false;
        await noteAirChanges(q, request.rebuildFrom.map((m) => ({ pollutant: m.pollutant, fromMs: m.builtUntil })));
        await lowerBuilt(q, request.rebuildFrom);
        return true;
      });
    case 'flags':
      return readQualityFlags(client, request);
  }
}

/** The year's built marks, and each pollutant's count of changes read before them (air-changes-sql.ts). */
async function readBuilt(client: SqlQueryable, year: number): Promise<AirHistoryAnswers['built']> {
  const changes = await readAirChanges(client);
  const result = await client.query('SELECT station_id, pollutant, year, built_until FROM air_days_built WHERE year = $1', [year]);
  return { marks: result.rows.map((r) => ({ stationId: String(r[0]), pollutant: String(r[1]), year: Number(r[2]), builtUntil: Number(r[3]) })), changes };
}

async function horizon(client: SqlQueryable): Promise<number | null> {
  // One index probe per pollutant (window_aggregates_metric) rather than a scan of every hour.
  const result = await client.query(
    'SELECT max((SELECT max(window_start) FROM window_aggregates w WHERE w.metric = p AND w.size_ms = $2)) FROM unnest($1::text[]) AS p',
    [textArray(POLLUTANTS), HOUR_MS],
  );
  const newest = result.rows[0]?.[0];
  return newest === null || newest === undefined ? null : Number(newest) + HOUR_MS;
}

async function readHours(client: SqlQueryable, pollutants: readonly string[], fromMs: number, toMs: number): Promise<AirHistoryAnswers['hours']> {
  const result = await client.query(
    `WITH h AS (
       SELECT station_id, metric, window_start, mean, count,
              max(count) OVER (PARTITION BY station_id, metric ORDER BY window_start RANGE BETWEEN ${RATE_LOOKBACK_MS} PRECEDING AND CURRENT ROW) AS typical
       FROM window_aggregates
       WHERE metric = ANY($1::text[]) AND size_ms = ${HOUR_MS} AND station_id <> '*' AND window_start >= $2::bigint - ${RATE_LOOKBACK_MS} AND window_start < $3
     ), m AS (
       SELECT station_id, metric, window_start - window_start % ${HOUR_MS} AS hour, count(*) AS minutes
       FROM window_aggregates
       WHERE metric = ANY($1::text[]) AND size_ms = 60000 AND station_id <> '*' AND count > 0 AND window_start >= $2 AND window_start < $3
       GROUP BY 1, 2, 3
     )
     SELECT h.station_id, h.metric, h.window_start, h.mean,
            CASE WHEN m.minutes IS NOT NULL THEN least(1.0, m.minutes / 60.0)
                 WHEN h.typical > 0 THEN least(1.0, h.count::float8 / h.typical) ELSE 0 END
     FROM h LEFT JOIN m ON m.station_id = h.station_id AND m.metric = h.metric AND m.hour = h.window_start
     WHERE h.window_start >= $2
     ORDER BY h.station_id, h.metric, h.window_start`,
    [textArray(pollutants), fromMs, toMs],
  );
  const stationId: string[] = [];
  const metric: string[] = [];
  const startMs: number[] = [];
  const value: number[] = [];
  const coverage: number[] = [];
  for (const row of result.rows) {
    stationId.push(String(row[0]));
    metric.push(String(row[1]));
    startMs.push(Number(row[2]));
    value.push(Number(row[3]));
    coverage.push(Number(row[4]));
  }
  return { stationId, metric, startMs, value, coverage };
}

async function writeDays(q: SqlQueryable, days: readonly AirDay[], built: readonly BuiltMark[]): Promise<void> {
  for (let at = 0; at < days.length; at += 5000) {
    const part = days.slice(at, at + 5000);
    await q.query(
      `INSERT INTO air_days (station_id, pollutant, day_start, date, valid_hours, valid_sum, mean, valid_running_means, max_running_mean, hours_over)
       SELECT s, p, d, t, vh, vs, mn, vr, mr, ho::jsonb
       FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::integer[], $6::float8[], $7::float8[], $8::integer[], $9::float8[], $10::text[]) AS u(s, p, d, t, vh, vs, mn, vr, mr, ho)
       ON CONFLICT (station_id, pollutant, day_start) DO UPDATE SET date = EXCLUDED.date, valid_hours = EXCLUDED.valid_hours, valid_sum = EXCLUDED.valid_sum,
         mean = EXCLUDED.mean, valid_running_means = EXCLUDED.valid_running_means, max_running_mean = EXCLUDED.max_running_mean, hours_over = EXCLUDED.hours_over`,
      [
        textArray(part.map((d) => d.stationId)),
        textArray(part.map((d) => d.pollutant)),
        numberArray(part.map((d) => d.dayStart)),
        textArray(part.map((d) => d.date)),
        numberArray(part.map((d) => d.validHours)),
        numberArray(part.map((d) => d.validSum)),
        numberArray(part.map((d) => d.mean)),
        numberArray(part.map((d) => d.validRunningMeans)),
        numberArray(part.map((d) => d.maxRunningMean)),
        textArray(part.map((d) => JSON.stringify(d.hoursOver))),
      ],
    );
  }
  if (built.length === 0) return;
  await q.query(
    `INSERT INTO air_days_built (station_id, pollutant, year, built_until)
     SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::bigint[])
     ON CONFLICT (station_id, pollutant, year) DO UPDATE SET built_until = EXCLUDED.built_until`,
    [textArray(built.map((b) => b.stationId)), textArray(built.map((b) => b.pollutant)), numberArray(built.map((b) => b.year)), numberArray(built.map((b) => b.builtUntil))],
  );
}

/** The year's sums and notable days of every series, as write-days left them: one row per series. */
async function readYear(client: SqlQueryable, year: number): Promise<AirHistoryAnswers['year']> {
  const result = await client.query(
    `SELECT station_id, pollutant, valid_mean_days, valid_running_days, valid_hours, valid_sum, notable::text
     FROM air_days_built WHERE year = $1 AND station_id <> '*' ORDER BY station_id, pollutant`,
    [year],
  );
  const totals: SeriesTotals[] = [];
  const candidates: AirDay[] = [];
  for (const r of result.rows) {
    const stationId = String(r[0]);
    const pollutant = String(r[1]) as Pollutant;
    totals.push({ stationId, pollutant, validMeanDays: Number(r[2]), validRunningDays: Number(r[3]), validHours: Number(r[4]), validSum: Number(r[5]) });
    for (const d of JSON.parse(String(r[6])) as [number, string, number | null, number | null, [number, number][]][]) {
      candidates.push({ stationId, pollutant, dayStart: d[0], date: d[1], mean: d[2], maxRunningMean: d[3], hoursOver: d[4], validHours: 0, validSum: 0, validRunningMeans: 0 });
    }
  }
  return { totals, candidates };
}

/**
 * After days of some series were written: their years' sums and notable days again, from their days (one
 * primary-key range per series). Notable: above the lowest daily or 8-hour level of any set, or with hours
 * over the lowest hourly level — so switching the standard set needs no rebuild.
 */
async function refreshSums(q: SqlQueryable, marks: readonly BuiltMark[], yearStartMs: number, yearEndMs: number): Promise<void> {
  const series = marks.filter((m) => m.stationId !== '*');
  if (series.length === 0) return;
  const floors = POLLUTANTS.map((p) => ({ pollutant: p, ...lowestLevels(p) }));
  await q.query(
    `UPDATE air_days_built b SET valid_mean_days = t.vm, valid_running_days = t.vr, valid_hours = t.vh, valid_sum = t.vs, notable = t.notable
     FROM (
       SELECT a.station_id, a.pollutant, count(a.mean) AS vm, count(a.max_running_mean) AS vr, coalesce(sum(a.valid_hours), 0) AS vh, coalesce(sum(a.valid_sum), 0) AS vs,
              coalesce(jsonb_agg(jsonb_build_array(a.day_start, a.date, a.mean, a.max_running_mean, a.hours_over) ORDER BY a.day_start)
                FILTER (WHERE a.mean > f.daily OR a.max_running_mean > f.running OR a.hours_over <> '[]'::jsonb), '[]'::jsonb) AS notable
       FROM unnest($1::text[], $2::text[]) AS k(s, p)
       JOIN air_days a ON a.station_id = k.s AND a.pollutant = k.p AND a.day_start >= $3 AND a.day_start < $4
       JOIN unnest($5::text[], $6::float8[], $7::float8[]) AS f(pollutant, daily, running) ON f.pollutant = a.pollutant
       GROUP BY a.station_id, a.pollutant) t
     WHERE b.station_id = t.station_id AND b.pollutant = t.pollutant AND b.year = $8`,
    [
      textArray(series.map((m) => m.stationId)),
      textArray(series.map((m) => m.pollutant)),
      yearStartMs,
      yearEndMs,
      textArray(floors.map((f) => f.pollutant)),
      numberArray(floors.map((f) => finite(f.daily))),
      numberArray(floors.map((f) => finite(f.running))),
      series[0]!.year,
    ],
  );
}

async function insertInvalidation(q: SqlQueryable, i: Invalidation): Promise<void> {
  await q.query(
    `INSERT INTO quality_invalidations (id, station_id, metric, from_ms, to_ms, reason, by_whom, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
    [i.id, i.stationId, i.metric, i.fromMs, i.toMs, i.reason, i.by, i.at],
  );
}

/** The days of the marked series from these instants on are built again at the next read. */
async function lowerBuilt(q: SqlQueryable, marks: readonly BuiltMark[]): Promise<void> {
  for (const m of marks) {
    await q.query('UPDATE air_days_built SET built_until = least(built_until, $4) WHERE station_id = $1 AND pollutant = $2 AND year = $3', [m.stationId, m.pollutant, m.year, m.builtUntil]);
  }
}

async function readInvalidations(client: SqlQueryable, stationId: string | null, metric: string | null, fromMs: number, toMs: number): Promise<readonly Invalidation[]> {
  const result = await client.query(
    `SELECT id, station_id, metric, from_ms, to_ms, reason, by_whom, at FROM quality_invalidations
     WHERE revoked_at IS NULL AND from_ms < $2 AND to_ms > $1 AND ($3::text IS NULL OR station_id = $3) AND ($4::text IS NULL OR metric = $4)
     ORDER BY at DESC LIMIT 1000`,
    [fromMs, toMs, stationId, metric],
  );
  return result.rows.map((r) => ({ id: String(r[0]), stationId: String(r[1]), metric: String(r[2]), fromMs: Number(r[3]), toMs: Number(r[4]), reason: String(r[5]), by: String(r[6]), at: Number(r[7]) }));
}

async function readInvalidation(client: SqlQueryable, id: string): Promise<StoredInvalidation | null> {
  const result = await client.query('SELECT id, station_id, metric, from_ms, to_ms, reason, by_whom, at, revoked_at, revoked_by FROM quality_invalidations WHERE id = $1', [id]);
  const r = result.rows[0];
  if (r === undefined) return null;
  const revokedAt = r[8] === null ? null : Number(r[8]);
  return { id: String(r[0]), stationId: String(r[1]), metric: String(r[2]), fromMs: Number(r[3]), toMs: Number(r[4]), reason: String(r[5]), by: String(r[6]), at: Number(r[7]), revokedAt, revokedBy: r[9] === null ? null : String(r[9]) };
}

/** A level no value reaches stands for "no standard of this statistic" (float8 takes no Infinity from a literal array here). */
function finite(level: number): number {
  return Number.isFinite(level) ? level : 1e300;
}
