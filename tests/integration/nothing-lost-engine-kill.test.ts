/**
 * (d) The engine process killed with SIGKILL mid-stream and restarted by its supervisor (EngineHost over
 * a child process, as in headless mode) gives the same window_aggregates as the brute force: the new
 * engine re-reads each partition from the committed offsets (which the test checks were committed
 * mid-stream, so it is not a re-read from the start), rebuilds the open windows, and the idempotent
 * upserts make the table exact. Same 100,000 readings and settings as (a).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { EngineHost } from '../../src-main/engine/host/engine-host';
import { childProcessCarrier } from '../../src-main/engine/host/carriers';
import { defaultEngineEntry } from '../../src-main/engine/host/engine-entry-path';
import { committedOffsets, createTopic, deleteTopic, requireKafka, uniqueTopicName } from '../helpers/kafka';
import { createTestDatabase, isPostgresAvailable } from '../helpers/postgres';
import { CLOSER_METRIC, SIZES_MS, chunksOf, closeStream, connectProducer, engineSettings, produceAll, simulatedReadings, statusOf, waitUntil } from './stream-harness';
import { compareWithTable, expectedWindows, summarize } from './window-expectation';

const kafka = await requireKafka();
const hasPostgres = await isPostgresAvailable();

describe.skipIf(kafka === null || !hasPostgres)('nothing lost: engine process killed mid-stream', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('(d) SIGKILL of the engine mid-stream, supervised restart: exactly the brute-force windows', async () => {
    const env = kafka!;
    const readings = simulatedReadings({ stations: 100, count: 100_000, seed: 11 });
    const expected = expectedWindows(readings, SIZES_MS);
    const topic = await createTopic(env, { partitions: 3, prefix: 'sw-nl-kill' });
    cleanup.push(() => deleteTopic(env, topic));
    const database = await createTestDatabase('sw_nl_kill');
    cleanup.push(() => database.drop());
    const dataDir = await mkdtemp(join(tmpdir(), 'sw-nl-kill-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const groupId = uniqueTopicName('sw-nl-kill-group');

    const entry = defaultEngineEntry();
    const host = new EngineHost({
      createCarrier: () => childProcessCarrier(entry),
      engineOptions: { settings: engineSettings({ brokers: env.brokers, topic, groupId, databaseUrl: database.url }), secrets: {}, dataDir, operator: 'integration test' },
      events: [],
    });
    await host.start();
    cleanup.push(async () => void (await host.stop()));
    const producer = await connectProducer(env);
    cleanup.push(() => producer.disconnect());

    const chunks = chunksOf(readings);
    let committedBeforeKill = 0n;
    await produceAll(host, producer, topic, chunks, {
      after: Math.floor(chunks.length / 2),
      run: async () => {
        // Commits follow durable windows (once a second): wait for some, so the restart resumes mid-topic.
        await waitUntil('offsets committed mid-stream', async () => {
          const offsets = await committedOffsets(env, groupId, topic);
          committedBeforeKill = [...offsets.values()].reduce((sum, o) => sum + (BigInt(o) > 0n ? BigInt(o) : 0n), 0n);
          return offsets.size === 3 && [...offsets.values()].every((o) => BigInt(o) > 0n) ? true : `committed ${[...offsets.values()].join(',')}`;
        });
        const pid = host.pid!;
        process.kill(pid, 'SIGKILL');
        await waitUntil('the supervisor to restart the engine', async () => host.restarts === 1 && host.state === 'running' && (await statusOf(host)) !== null);
      },
    });
    expect(committedBeforeKill).toBeGreaterThan(0n);
    await closeStream(host, producer, topic, readings[readings.length - 1]!.ts, database.url, expected.size);
    const status = (await statusOf(host))!;
    expect(status.engineRestarts).toBe(1);
    // The restarted engine read fewer messages than the whole topic: it resumed from the commits.
    expect(status.counters.readings + status.counters.late).toBeLessThan(100_000);
    await host.stop();

    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const comparison = await compareWithTable(db, expected, [CLOSER_METRIC]);
      const problems = comparison.missing.length + comparison.extra.length + comparison.wrong.length;
      // On a failure, say what the merge path did: it wrote every row with late_count > 0 and journaled its positions.
      const diagnosis = problems === 0 ? '' : await lateDiagnosis(db, status.counters);
      expect(problems, `${summarize(comparison)}${diagnosis}`).toBe(0);
    } finally {
      await db.end();
    }
  });
});

/** Where merged rows are and how many positions were journaled, with the restarted engine's counters. */
async function lateDiagnosis(db: pg.Client, counters: object): Promise<string> {
  const merged = await db.query<{ size_ms: number; rows: string; first: string; last: string; late: string }>(
    'SELECT size_ms, count(*) AS rows, min(window_start) AS first, max(window_start) AS last, sum(late_count) AS late FROM window_aggregates WHERE late_count > 0 GROUP BY size_ms ORDER BY size_ms',
  );
  const journal = await db.query<{ n: string }>('SELECT count(*) AS n FROM late_journal');
  const progress = await db.query('SELECT kafka_partition, processed_offset, resume_from, closed_before FROM late_progress ORDER BY kafka_partition, processed_offset');
  return `; merged rows by size ${JSON.stringify(merged.rows)}; journaled positions ${journal.rows[0]?.n}; late progress ${JSON.stringify(progress.rows)}; counters after the restart ${JSON.stringify(counters)}`;
}
