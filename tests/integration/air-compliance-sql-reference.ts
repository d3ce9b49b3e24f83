/**
 * Compliance figures computed by PostgreSQL alone from the stored hourly windows, written from the text
 * of Directive 2008/50/EC (Annex XI A, Annex VII A) and not from the app's code:
 * - an hourly value is valid with 75 % of its data: the simulated sensors report every 5 minutes, so an
 *   hour needs 9 of its 12 readings — and lies outside every period an operator marked invalid, and carries
 *   no stored automatic data-quality flag that leaves it out (quality_flags.excluded);
 * - a daily mean needs 75 % of the day's hourly values (18 of 24; on the 23- and 25-hour days of a
 *   daylight-saving change, 75 % rounded up: 18 and 19);
 * - a running 8-hour mean is the mean of the valid hours among the 8 ending with an hour, valid with 6;
 *   each local day takes the 24 (23, 25) means ending at its hours, the first covering 17:00 of the day
 *   before; its maximum is valid with 75 % of them valid;
 * - an annual mean is the mean of the valid hours, its capture their number over the hours of the year.
 * Days and years are local days of `zone`. Exceedance: strictly above the level.
 */
import type pg from 'pg';

export interface ReferenceSeries {
  readonly stationId: string;
  readonly pollutant: string;
  readonly validHours: number;
  readonly annualMean: number | null;
  readonly hoursOver: (level: number) => { startMs: number; value: number }[];
  readonly validMeanDays: number;
  readonly validRunningDays: number;
  readonly daysOver: (statistic: 'daily-mean' | 'max-daily-8h-mean', level: number) => { date: string; value: number }[];
}

const VALID_HOURS = `
  SELECT w.station_id, w.metric, w.window_start, w.mean
  FROM window_aggregates w
  WHERE w.size_ms = 3600000 AND w.station_id <> '*' AND w.count >= 9
    AND w.window_start >= $2::bigint - 8 * 3600000 AND w.window_start < $3::bigint
    AND NOT EXISTS (SELECT 1 FROM quality_invalidations q WHERE q.revoked_at IS NULL AND q.station_id = w.station_id AND q.metric = w.metric
                    AND q.from_ms < w.window_start + 3600000 AND q.to_ms > w.window_start)
    AND NOT EXISTS (SELECT 1 FROM quality_flags f WHERE f.excluded AND f.station_id = w.station_id AND f.metric = w.metric AND f.hour_start = w.window_start)`;

/** Every station and pollutant of local year `year` in `zone`, from PostgreSQL's own arithmetic. */
export async function referenceYear(client: pg.Client, zone: string, year: number): Promise<ReferenceSeries[]> {
  const bounds = await client.query<{ start_ms: string; end_ms: string }>(
    `SELECT (extract(epoch from (make_date($2, 1, 1)::timestamp AT TIME ZONE $1)) * 1000)::bigint AS start_ms,
            (extract(epoch from (make_date($2 + 1, 1, 1)::timestamp AT TIME ZONE $1)) * 1000)::bigint AS end_ms`,
    [zone, year],
  );
  const startMs = Number(bounds.rows[0]!.start_ms);
  const endMs = Number(bounds.rows[0]!.end_ms);
  const params = [zone, startMs, endMs];
  const hours = await client.query<{ station_id: string; metric: string; window_start: string; mean: number }>(
    `SELECT * FROM (${VALID_HOURS}) v WHERE v.window_start >= $2 AND $1::text IS NOT NULL ORDER BY v.window_start`,
    params,
  );
  const days = await client.query<{ station_id: string; metric: string; day: string; valid: string; needed: string; mean: number | null; valid_running: string; max_running: number | null }>(
    `WITH valid AS (${VALID_HOURS}),
     series AS (SELECT DISTINCT station_id, metric FROM valid),
     grid AS (SELECT s.station_id, s.metric, h AS hour_start FROM series s, generate_series($2::bigint - 7 * 3600000, $3::bigint - 3600000, 3600000) AS h),
     joined AS (
       SELECT g.*, v.mean AS hour_mean FROM grid g
       LEFT JOIN valid v ON v.station_id = g.station_id AND v.metric = g.metric AND v.window_start = g.hour_start),
     -- Every hour is on the grid, so the 8 rows ending with a row are the 8 hours ending with it.
     running AS (
       SELECT j.*, count(hour_mean) OVER w AS n, avg(hour_mean) OVER w AS m FROM joined j
       WINDOW w AS (PARTITION BY station_id, metric ORDER BY hour_start ROWS BETWEEN 7 PRECEDING AND CURRENT ROW)),
     labelled AS (SELECT r.*, (to_timestamp(r.hour_start / 1000.0) AT TIME ZONE $1)::date AS day FROM running r WHERE r.hour_start >= $2),
     per_day AS (
       SELECT station_id, metric, day, count(*) AS day_hours, count(hour_mean) AS valid, avg(hour_mean) AS mean,
              count(*) FILTER (WHERE n >= 6) AS valid_running, max(m) FILTER (WHERE n >= 6) AS max_running
       FROM labelled GROUP BY 1, 2, 3)
     SELECT station_id, metric, day::text AS day, valid, ceil(day_hours * 0.75) AS needed, mean, valid_running, max_running FROM per_day`,
    params,
  );
  const out: ReferenceSeries[] = [];
  const keys = new Set(days.rows.map((d) => `${d.station_id}|${d.metric}`));
  for (const key of keys) {
    const [stationId, pollutant] = key.split('|') as [string, string];
    const mine = hours.rows.filter((h) => h.station_id === stationId && h.metric === pollutant);
    const myDays = days.rows.filter((d) => d.station_id === stationId && d.metric === pollutant);
    const validMean = myDays.filter((d) => Number(d.valid) >= Number(d.needed));
    const validRunning = myDays.filter((d) => Number(d.valid_running) >= Number(d.needed));
    out.push({
      stationId,
      pollutant,
      validHours: mine.length,
      annualMean: mine.length === 0 ? null : mine.reduce((a, h) => a + h.mean, 0) / mine.length,
      hoursOver: (level) => mine.filter((h) => h.mean > level).map((h) => ({ startMs: Number(h.window_start), value: h.mean })),
      validMeanDays: validMean.length,
      validRunningDays: validRunning.length,
      daysOver: (statistic, level) => {
        const list = statistic === 'daily-mean' ? validMean.map((d) => ({ date: d.day, value: d.mean as number })) : validRunning.map((d) => ({ date: d.day, value: d.max_running as number }));
        return list.filter((d) => d.value > level).sort((a, b) => a.date.localeCompare(b.date));
      },
    });
  }
  return out;
}
