/**
 * The changes to a pollutant's stored hours that a compliance build may have read before (issue 18): counted per
 * pollutant in `air_changes`, each with the instant it touches the hours from in `air_change_log`; air-history-sql.ts
 * writes a build's days only if no change since the count it read touches an hour before the days' end.
 */
import type { SqlQueryable } from './sql-client';
import { POLLUTANTS } from '../../core/air-quality/pollutants';
import { numberArray, textArray } from './sql-array';

/** A change to one pollutant's stored hours, touching them from `fromMs` on. */
export interface AirChange {
  readonly pollutant: string;
  readonly fromMs: number;
}

const noteChanges = `WITH counted AS (
  INSERT INTO air_changes (pollutant, changes) SELECT p, 1 FROM unnest($1::text[]) AS p ORDER BY p
  ON CONFLICT (pollutant) DO UPDATE SET changes = air_changes.changes + 1
  RETURNING pollutant, changes
)
INSERT INTO air_change_log (pollutant, seq, from_ms)
SELECT c.pollutant, c.changes, f.from_ms FROM counted c JOIN unnest($1::text[], $2::bigint[]) AS f(p, from_ms) ON f.p = c.pollutant`;

/**
 * Counts changes to the stored hours of their pollutants, before the change itself is written in the same
 * transaction: a compliance build that read the hours before it, and whose days the change touches, then writes
 * nothing and builds again. The counter rows are taken in pollutant order, so two changes never deadlock. Called
 * by the flag, late-merge, invalidation and revocation writes.
 */
export async function noteAirChanges(q: SqlQueryable, changes: readonly AirChange[]): Promise<void> {
  const earliest = new Map<string, number>();
  for (const c of changes) {
    if (!(POLLUTANTS as readonly string[]).includes(c.pollutant)) continue;
    earliest.set(c.pollutant, Math.min(earliest.get(c.pollutant) ?? Number.POSITIVE_INFINITY, c.fromMs));
  }
  if (earliest.size === 0) return;
  const pollutants = [...earliest.keys()].sort();
  await q.query(noteChanges, [textArray(pollutants), numberArray(pollutants.map((p) => earliest.get(p)!))]);
}

/**
 * In a build's write, under the lock of the pollutant's counter: true when no change since `changes` touches an
 * hour before `untilMs` (the days' end); the log up to the current count is then done with and deleted.
 */
export async function isUnchangedBefore(q: SqlQueryable, pollutant: string, changes: number, untilMs: number): Promise<boolean> {
  const row = await q.query('SELECT changes FROM air_changes WHERE pollutant = $1 FOR UPDATE', [pollutant]);
  const current = Number(row.rows[0]?.[0] ?? 0);
  if (current !== changes) {
    const since = await q.query('SELECT min(from_ms) FROM air_change_log WHERE pollutant = $1 AND seq > $2', [pollutant, changes]);
    const earliest = since.rows[0]?.[0];
    if (earliest !== null && earliest !== undefined && Number(earliest) < untilMs) return false;
  }
  await q.query('DELETE FROM air_change_log WHERE pollutant = $1 AND seq <= $2', [pollutant, current]);
  return true;
}

/** Each pollutant's count of changes so far (the counter rows made where missing, so a build can lock them). */
export async function readAirChanges(q: SqlQueryable): Promise<Record<string, number>> {
  await q.query('INSERT INTO air_changes (pollutant) SELECT p FROM unnest($1::text[]) AS p ON CONFLICT DO NOTHING', [textArray(POLLUTANTS)]);
  const result = await q.query('SELECT pollutant, changes FROM air_changes');
  const changes: Record<string, number> = {};
  for (const r of result.rows) changes[String(r[0])] = Number(r[1]);
  return changes;
}
