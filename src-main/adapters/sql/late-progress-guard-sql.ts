/**
 * The late-merge bookkeeping beyond a partition's end (Store.dropLateProgressBeyond, core/late-progress-guard.ts):
 * progress rows whose processed offset is past the end and journaled positions at or past it describe messages
 * the partition does not hold. Only a topic deleted and created again under the same name, or a log truncated by
 * an unclean leader election, leaves them; kept, they would make the new messages at those offsets count as
 * stored (not merged) or as merged before (skipped).
 */
import type { SourcePosition } from '../../../src-shared/domain/reading';
import type { DroppedLateProgress } from '../../core/ports';
import type { SqlClient } from './sql-client';
import { numberArray, textArray } from './sql-array';

const dropProgress = `DELETE FROM late_progress l USING unnest($1::text[], $2::integer[], $3::bigint[]) AS e(t, p, o)
WHERE l.topic = e.t AND l.kafka_partition = e.p AND l.processed_offset > e.o
RETURNING l.topic, l.kafka_partition, l.processed_offset::text`;

const dropJournal = `WITH gone AS (
  DELETE FROM late_journal j USING unnest($1::text[], $2::integer[], $3::bigint[]) AS e(t, p, o)
  WHERE j.topic = e.t AND j.kafka_partition = e.p AND j.kafka_offset >= e.o
  RETURNING j.topic, j.kafka_partition
) SELECT topic, kafka_partition, count(*)::integer FROM gone GROUP BY 1, 2`;

/** Deletes, in one transaction, what lies beyond each partition's end; returns the partitions that had any. */
export async function dropLateProgressBeyond(client: SqlClient, ends: readonly SourcePosition[]): Promise<DroppedLateProgress[]> {
  if (ends.length === 0) return [];
  const params = [textArray(ends.map((e) => e.topic)), numberArray(ends.map((e) => e.partition)), textArray(ends.map((e) => e.offset))];
  const [progress, journal] = await client.transaction(async (tx) => [await tx.query(dropProgress, params), await tx.query(dropJournal, params)]);
  const out: DroppedLateProgress[] = [];
  for (const end of ends) {
    const same = (r: readonly unknown[]): boolean => String(r[0]) === end.topic && Number(r[1]) === end.partition;
    const offsets = progress.rows.filter(same).map((r) => BigInt(String(r[2])));
    const journaled = journal.rows.filter(same).reduce((n, r) => n + Number(r[2]), 0);
    if (offsets.length === 0 && journaled === 0) continue;
    const processed = offsets.length === 0 ? null : String(offsets.reduce((a, b) => (b > a ? b : a)));
    out.push({ topic: end.topic, partition: end.partition, end: end.offset, processed, journaled });
  }
  return out;
}
