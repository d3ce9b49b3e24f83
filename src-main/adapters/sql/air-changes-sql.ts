/**
 * The count of changes to a pollutant's stored hours that a compliance build may have read before (issue 18):
 * kept on each pollutant's year row of `air_days_built` (station '*'); air-history-sql.ts writes a build's
 * days only if the count is still what it read before reading the hours.
 */
import type { SqlQueryable } from './sql-client';
import { POLLUTANTS } from '../../core/air-quality/pollutants';
import { textArray } from './sql-array';

/**
 * Counts a change to the stored hours of these pollutants (every local year) on their year rows, before the
 * change itself is written in the same transaction: a compliance build that read the hours before it then
 * writes nothing (its 'write-days' sees another count) and builds again. Rows locked in one order, so two
 * changes never deadlock. Called by the flag, late-merge, invalidation and revocation writes.
 */
export async function noteAirChanges(q: SqlQueryable, pollutants: readonly string[]): Promise<void> {
  const touched = [...new Set(pollutants)].filter((p) => (POLLUTANTS as readonly string[]).includes(p));
  if (touched.length === 0) return;
  await q.query(
    `UPDATE air_days_built b SET changes = b.changes + 1 FROM (
       SELECT station_id, pollutant, year FROM air_days_built WHERE station_id = '*' AND pollutant = ANY($1::text[]) ORDER BY pollutant, year FOR UPDATE
     ) k WHERE b.station_id = k.station_id AND b.pollutant = k.pollutant AND b.year = k.year`,
    [textArray(touched)],
  );
}
