/**
 * The automatic data-quality flags in SQL (issue 18; PostgreSQL and PGlite alike): one row per flagged hour
 * of a station's pollutant, written through the store's ordered write path as the engine raises them, and
 * read for the History page and for the stored compliance figures (which leave the excluded hours out).
 */
import type { QualityFlagHour } from '../../../src-shared/domain/air-quality';
import type { AirHistoryRequest } from '../../core/air-quality/air-history-port';
import type { SqlQueryable } from './sql-client';
import { booleanArray, numberArray, textArray, textArrayWithoutNul } from './sql-array';
import { noteAirChanges } from './air-changes-sql';

/**
 * An hour keeps its first verdict — a restart that re-closes it (with a flagger that lost its history, so it
 * may see a drift as a local event, or nothing) changes nothing — except that a verdict leaving the hour out
 * replaces one that counted it. Each hour newly left out, of a local day the Compliance page has built
 * already, has that series' days built again from that day on (`air_days_built.built_until` lowered, as a
 * late merge does; the day from `air_days`, so the store needs no time zone). Not followed: an hour of a
 * year's last evening into the next year's first 8-hour means.
 */
const upsertFlags = `WITH written AS (
  INSERT INTO quality_flags (station_id, metric, hour_start, kind, excluded, reason)
  SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::boolean[], $6::text[])
  ON CONFLICT (station_id, metric, hour_start) DO UPDATE SET kind = EXCLUDED.kind, excluded = EXCLUDED.excluded, reason = EXCLUDED.reason
  WHERE NOT quality_flags.excluded AND EXCLUDED.excluded
  RETURNING station_id, metric, hour_start, excluded
), touched AS (
  SELECT w.station_id, w.metric AS pollutant, w.hour_start AS at, d.day_start, substr(d.date, 1, 4)::integer AS year
  FROM written w
  CROSS JOIN LATERAL (SELECT day_start, date FROM air_days a WHERE a.station_id = w.station_id AND a.pollutant = w.metric AND a.day_start <= w.hour_start ORDER BY a.day_start DESC LIMIT 1) d
  WHERE w.excluded
), lowest AS (
  SELECT station_id, pollutant, year, min(day_start) AS day_start, min(at) AS at FROM touched GROUP BY station_id, pollutant, year
)
UPDATE air_days_built b SET built_until = l.day_start FROM lowest l
WHERE b.station_id = l.station_id AND b.pollutant = l.pollutant AND b.year = l.year AND b.built_until > l.at`;

/** Stores a batch of flagged hours (idempotent: the key is station, metric and hour). */
export async function writeQualityFlags(tx: SqlQueryable, flags: readonly QualityFlagHour[]): Promise<void> {
  const rows = onePerHour(flags);
  if (rows.length === 0) return;
  // Counted first (see noteAirChanges): a compliance build that read these hours unflagged builds them again.
  await noteAirChanges(tx, rows.filter((f) => f.isExcluded).map((f) => ({ pollutant: f.metric, fromMs: f.hourStartMs })));
  await tx.query(upsertFlags, [
    textArrayWithoutNul(rows.map((f) => f.stationId)),
    textArrayWithoutNul(rows.map((f) => f.metric)),
    numberArray(rows.map((f) => f.hourStartMs)),
    textArrayWithoutNul(rows.map((f) => f.kind)),
    booleanArray(rows.map((f) => f.isExcluded)),
    textArrayWithoutNul(rows.map((f) => f.reason)),
  ]);
}

/** The stored flags of [fromMs, toMs), by station, metric and hour (see the 'flags' request). */
export async function readQualityFlags(client: SqlQueryable, request: Extract<AirHistoryRequest, { op: 'flags' }>): Promise<QualityFlagHour[]> {
  const result = await client.query(
    `SELECT station_id, metric, hour_start, kind, excluded, reason FROM quality_flags
     WHERE hour_start >= $1 AND hour_start < $2 AND ($3::text[] IS NULL OR station_id = ANY($3::text[])) AND ($4::text IS NULL OR metric = $4)
       AND (excluded OR NOT $5::boolean)
     ORDER BY station_id, metric, hour_start
     LIMIT $6`,
    [request.fromMs, request.toMs, request.stationIds === null ? null : textArray(request.stationIds), request.metric, request.excludedOnly, request.limit ?? null],
  );
  return result.rows.map((r) => ({ stationId: String(r[0]), metric: String(r[1]), hourStartMs: Number(r[2]), kind: String(r[3]) as QualityFlagHour['kind'], isExcluded: r[4] === true, reason: String(r[5]) }));
}

/**
 * One row per hour (ON CONFLICT DO UPDATE refuses a statement that touches a row twice): the verdict that
 * leaves the hour out wins, as in the stored row.
 */
function onePerHour(flags: readonly QualityFlagHour[]): readonly QualityFlagHour[] {
  const byHour = new Map<string, QualityFlagHour>();
  for (const f of flags) {
    const key = `${f.stationId}\u0000${f.metric}\u0000${f.hourStartMs}`;
    const seen = byHour.get(key);
    if (seen === undefined || (!seen.isExcluded && f.isExcluded)) byHour.set(key, f);
  }
  return byHour.size === flags.length ? flags : [...byHour.values()];
}
