/**
 * The late-merge progress rows (schema version 13) on both backends: what saveLateProgress keeps, merges and
 * deletes, read back from the table itself. The merge path's use of them is in late-merge.int.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LateProgress } from '../../core/ports';
import type { SqlClient } from './sql-client';
import { applyMigrations } from './migrate';
import { saveLateProgress } from './late-merge-write';
import { dropLateProgressBeyond } from './late-progress-guard-sql';
import { createPostgresClient } from '../postgres/postgres-client';
import { openPgliteClient } from '../pglite/pglite-sql-client';
import { createTestDatabase, isPostgresAvailable } from '../../../tests/helpers/postgres';

const hasPostgres = await isPostgresAvailable();
const T0 = Date.UTC(2026, 10, 20, 10);
const TOPIC = 'progress-rows';

interface Row { offset: number; resumeFrom: number | null; closedBefore: { sizeMs: number; before: number }[] | null }

const backends = [
  { name: 'PGlite', skip: false, open: async () => ({ client: await openPgliteClient(null), drop: async () => undefined }) },
  {
    name: 'PostgreSQL', skip: !hasPostgres, open: async () => {
      const db = await createTestDatabase('sw_progress');
      return { client: createPostgresClient({ url: db.url }), drop: () => db.drop() };
    },
  },
];

function progress(offset: number, resumeFrom: number | null, bounds?: Record<number, number>, partition = 0): LateProgress {
  return {
    resumeFrom, processed: [{ topic: TOPIC, partition, offset: String(offset) }],
    ...(bounds === undefined ? {} : { closedBefore: Object.entries(bounds).map(([sizeMs, before]) => ({ sizeMs: Number(sizeMs), before })) }),
  };
}

describe.each(backends)('late progress rows on $name', (backend) => {
  let client: SqlClient;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    if (backend.skip) return;
    ({ client, drop } = await backend.open());
    await applyMigrations(client, T0);
  }, 60_000);

  afterAll(async () => {
    if (backend.skip) return;
    await client.close();
    await drop();
  });

  beforeEach(async () => {
    if (!backend.skip) await client.exec('DELETE FROM late_progress; DELETE FROM late_journal');
  });

  async function rows(partition = 0): Promise<Row[]> {
    const result = await client.query('SELECT processed_offset::text, resume_from, closed_before::text FROM late_progress WHERE topic = $1 AND kafka_partition = $2 ORDER BY processed_offset', [TOPIC, partition]);
    return result.rows.map((r) => ({ offset: Number(r[0]), resumeFrom: r[1] === null ? null : Number(r[1]), closedBefore: r[2] === null ? null : (JSON.parse(String(r[2])) as Row['closedBefore']) }));
  }

  it.skipIf(backend.skip)('a restarted engine\'s progress that reaches less far is kept beside the old one; a later row that covers a row deletes it', async () => {
    await saveLateProgress(client, progress(8_000, T0, { 10_000: T0 + 40 * 60_000 }));
    // The restarted engine re-reads from an older commit and closes later windows than the old engine had.
    await saveLateProgress(client, progress(6_500, T0, { 10_000: T0 + 50 * 60_000 }));
    expect((await rows()).map((r) => r.offset)).toEqual([6_500, 8_000]);
    // Its next step reaches 7,000 with the same bounds: the 6,500 row is covered and goes.
    await saveLateProgress(client, progress(7_000, T0, { 10_000: T0 + 50 * 60_000 }));
    expect((await rows()).map((r) => r.offset)).toEqual([7_000, 8_000]);
    // Past the old offset with every bound at least as late: both older rows are covered.
    await saveLateProgress(client, progress(8_200, T0 + 60_000, { 10_000: T0 + 50 * 60_000 }));
    expect(await rows()).toEqual([{ offset: 8_200, resumeFrom: T0 + 60_000, closedBefore: [{ sizeMs: 10_000, before: T0 + 50 * 60_000 }] }]);
  });

  it.skipIf(backend.skip)('a row is not covered by a later one without a bound for one of its sizes or with an earlier resume point; one with none (nothing open) covers every row before it', async () => {
    await saveLateProgress(client, progress(1_000, T0, { 10_000: T0 + 600_000, 60_000: T0 + 600_000 }));
    await saveLateProgress(client, progress(1_100, T0, { 10_000: T0 + 700_000 }));
    await saveLateProgress(client, progress(1_200, T0 - 60_000, { 10_000: T0 + 800_000, 60_000: T0 + 800_000 }));
    expect((await rows()).map((r) => r.offset)).toEqual([1_000, 1_100, 1_200]);
    await saveLateProgress(client, progress(2_000, null));
    expect((await rows()).map((r) => r.offset)).toEqual([2_000]);
    // A row with none is covered by no row with a resume point.
    await saveLateProgress(client, progress(2_100, T0 + 900_000, { 10_000: T0 + 900_000, 60_000: T0 + 900_000 }));
    expect((await rows()).map((r) => r.offset)).toEqual([2_000, 2_100]);
    // Another partition's rows are not touched.
    await saveLateProgress(client, progress(5_000, null, undefined, 1));
    expect((await rows()).map((r) => r.offset)).toEqual([2_000, 2_100]);
    expect((await rows(1)).map((r) => r.offset)).toEqual([5_000]);
  });

  it.skipIf(backend.skip)('two saves at one offset keep what either said: the later resume point (none over any) and each size\'s later bound', async () => {
    await saveLateProgress(client, progress(3_000, T0 + 60_000, { 10_000: T0 + 120_000, 60_000: T0 + 60_000 }));
    await saveLateProgress(client, progress(3_000, T0, { 60_000: T0 + 180_000, 300_000: T0 }));
    expect(await rows()).toEqual([{
      offset: 3_000, resumeFrom: T0 + 60_000,
      closedBefore: [{ sizeMs: 10_000, before: T0 + 120_000 }, { sizeMs: 60_000, before: T0 + 180_000 }, { sizeMs: 300_000, before: T0 }],
    }]);
    await saveLateProgress(client, progress(3_000, null));
    expect((await rows())[0]!.resumeFrom).toBeNull();
  });

  it.skipIf(backend.skip)('at most 16 rows per partition: the new one and the highest offsets of the others it does not cover', async () => {
    // Rows that do not cover each other: each later one has an earlier resume point.
    for (let i = 0; i < 20; i++) await saveLateProgress(client, progress(100 + i, T0 - i * 60_000));
    expect((await rows()).map((r) => r.offset)).toEqual(Array.from({ length: 16 }, (_, i) => 104 + i));
    // A row the new one covers does not count towards the cap: 15 covered rows and one with none (nothing open)
    // below them; the new row covers the 15, so the one with none stays. Before, it was dropped by the cap too.
    await client.query('DELETE FROM late_progress', []);
    await saveLateProgress(client, progress(100, null));
    for (let i = 1; i <= 15; i++) await saveLateProgress(client, progress(100 + i, T0 - i * 60_000));
    await saveLateProgress(client, progress(200, T0));
    expect((await rows()).map((r) => r.offset)).toEqual([100, 200]);
  });

  it.skipIf(backend.skip)('at assignment, progress beyond a partition\'s end and journaled positions at or past it are dropped and noted in the shift log; the rest stays', async () => {
    // Partition 0 (a topic created again): rows to 600 and 900, positions 100 and 700 merged in its old life.
    await saveLateProgress(client, progress(600, T0 - 3_600_000));
    await saveLateProgress(client, progress(900, T0 - 7_200_000));
    await saveLateProgress(client, progress(300, null, undefined, 1));
    await client.query(`INSERT INTO late_journal (topic, kafka_partition, kafka_offset, at) VALUES ($1, 0, 100, 0), ($1, 0, 700, 0), ($1, 1, 250, 0)`, [TOPIC]);
    await client.transaction((tx) => dropLateProgressBeyond(tx, [{ topic: TOPIC, partition: 0, offset: '120' }, { topic: TOPIC, partition: 1, offset: '300' }], T0));
    expect(await rows()).toEqual([]);
    // Partition 1's row reaches its end exactly (one past its newest message): true, kept, as is its position 250.
    expect((await rows(1)).map((r) => r.offset)).toEqual([300]);
    const journal = await client.query('SELECT kafka_partition, kafka_offset::integer FROM late_journal WHERE topic = $1 ORDER BY 1, 2', [TOPIC]);
    expect(journal.rows).toEqual([[0, 100], [1, 250]]);
    const notes = async (): Promise<unknown[][]> => (await client.query(`SELECT at, who, kind, text FROM shift_log WHERE text LIKE '%' || $1 || '%' ORDER BY at`, [TOPIC])).rows.map((r) => [Number(r[0]), ...r.slice(1)]);
    expect(await notes()).toEqual([[T0, 'system', 'auto', `Kafka topic "${TOPIC}" partition 0 is not, from offset 120 on, the log of the saved late-merge progress up to offset 900 and 1 merged position(s): the topic was deleted and created again (or its log truncated). That bookkeeping was dropped, so late readings of its new messages are merged, not skipped.`]]);
    // Nothing beyond the ends: nothing dropped, no note.
    await client.transaction((tx) => dropLateProgressBeyond(tx, [{ topic: TOPIC, partition: 0, offset: '120' }], T0 + 1));
    expect((await notes()).length).toBe(1);
  });
});
