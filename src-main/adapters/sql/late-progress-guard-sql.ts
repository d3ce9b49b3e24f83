/**
 * The late-merge bookkeeping beyond a partition's end (Store.dropLateProgressBeyond, core/late-progress-guard.ts):
 * progress rows whose processed offset is past the end and journaled positions at or past it describe messages
 * the partition does not hold. Only a topic deleted and created again under the same name, or a log truncated by
 * an unclean leader election, leaves them; kept, they would make the new messages at those offsets count as
 * stored (not merged) or as merged before (skipped). Applied in the write order, so it lands after every write
 * of the partition's previous owner and before the first of the new one; what it dropped is noted in the shift log.
 */
import type { SourcePosition } from '../../../src-shared/domain/reading';
import { SYSTEM_ACTOR } from '../../../src-shared/domain/alarms';
import type { SqlQueryable } from './sql-client';
import { numberArray, textArray } from './sql-array';

const dropProgress = `DELETE FROM late_progress l USING unnest($1::text[], $2::integer[], $3::bigint[]) AS e(t, p, o)
WHERE l.topic = e.t AND l.kafka_partition = e.p AND l.processed_offset > e.o
RETURNING l.topic, l.kafka_partition, l.processed_offset::text`;

const dropJournal = `WITH gone AS (
  DELETE FROM late_journal j USING unnest($1::text[], $2::integer[], $3::bigint[]) AS e(t, p, o)
  WHERE j.topic = e.t AND j.kafka_partition = e.p AND j.kafka_offset >= e.o
  RETURNING j.topic, j.kafka_partition
) SELECT topic, kafka_partition, count(*)::integer FROM gone GROUP BY 1, 2`;

/** Deletes what lies beyond each partition's end and, when anything did, notes it in the shift log (same transaction). */
export async function dropLateProgressBeyond(tx: SqlQueryable, ends: readonly SourcePosition[], at: number): Promise<void> {
  if (ends.length === 0) return;
  const params = [textArray(ends.map((e) => e.topic)), numberArray(ends.map((e) => e.partition)), textArray(ends.map((e) => e.offset))];
  const progress = await tx.query(dropProgress, params);
  const journal = await tx.query(dropJournal, params);
  const lines: string[] = [];
  for (const end of ends) {
    const same = (r: readonly unknown[]): boolean => String(r[0]) === end.topic && Number(r[1]) === end.partition;
    const offsets = progress.rows.filter(same).map((r) => BigInt(String(r[2])));
    const journaled = journal.rows.filter(same).reduce((n, r) => n + Number(r[2]), 0);
    if (offsets.length === 0 && journaled === 0) continue;
    const highest = offsets.reduce((a, b) => (b > a ? b : a), -1n);
    const what = [offsets.length === 0 ? null : `late-merge progress up to offset ${highest}`, journaled === 0 ? null : `${journaled} merged position(s)`].filter((x) => x !== null).join(' and ');
    lines.push(`Kafka topic "${end.topic}" partition ${end.partition} is not, from offset ${end.offset} on, the log of the saved ${what}: the topic was deleted and created again (or its log truncated). That bookkeeping was dropped, so late readings of its new messages are merged, not skipped.`);
  }
  if (lines.length === 0) return;
  await tx.query(
    `INSERT INTO shift_log (id, at, who, kind, text, station_id, carry_over) VALUES (gen_random_uuid()::text, $1, $2, 'auto', $3, NULL, false)`,
    [at, SYSTEM_ACTOR, lines.join('\n')],
  );
}
