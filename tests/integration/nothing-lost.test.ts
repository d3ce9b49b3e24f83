/**
 * (a) 100,000 simulated readings (100 stations × 1,000, one a second each, seeded) produced to a
 * 3-partition topic and consumed by the real engine give a window_aggregates table in PostgreSQL equal
 * to a brute-force computation over the same readings: every (station, metric, size, start) window of
 * every station and of the city, none missing, none extra; count, min and max exact, mean and stddev
 * within 1e-9, p95 exact up to 24 values and within the sketch's 1 % above that.
 * Windows: 10 s and 1 min, allowed lateness 60 s (see stream-harness.ts for why and how it is paced).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startEngine } from '../../src-main/engine/process/engine';
import { createTopic, deleteTopic, requireKafka, uniqueTopicName } from '../helpers/kafka';
import { createTestDatabase, isPostgresAvailable } from '../helpers/postgres';
import type { TestDatabase } from '../helpers/postgres';
import { CLOSER_METRIC, SIZES_MS, chunksOf, closeStream, connectProducer, engineSettings, hasDuplicateTimes, produceAll, simulatedReadings, statusOf } from './stream-harness';
import { compareWithTable, expectedWindows, summarize } from './window-expectation';

const kafka = await requireKafka();
const hasPostgres = await isPostgresAvailable();

describe.skipIf(kafka === null || !hasPostgres)('nothing lost: Kafka → engine → PostgreSQL', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('(a) 100,000 readings on 3 partitions give exactly the brute-force windows', async () => {
    const env = kafka!;
    const readings = simulatedReadings({ stations: 100, count: 100_000, seed: 11 });
    expect(readings).toHaveLength(100_000);
    expect(hasDuplicateTimes(readings)).toBe(false);
    const expected = expectedWindows(readings, SIZES_MS);

    const topic = await createTopic(env, { partitions: 3, prefix: 'sw-nothing-lost' });
    cleanup.push(() => deleteTopic(env, topic));
    const database: TestDatabase = await createTestDatabase('sw_nothing_lost');
    cleanup.push(() => database.drop());
    const dataDir = await mkdtemp(join(tmpdir(), 'sw-nothing-lost-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));

    const settings = engineSettings({ brokers: env.brokers, topic, groupId: uniqueTopicName('sw-nl-group'), databaseUrl: database.url });
    const engine = await startEngine({ settings, secrets: {}, dataDir, operator: 'integration test' });
    let stopped = false;
    cleanup.push(async () => void (stopped || (await engine.stop())));
    const producer = await connectProducer(env);
    cleanup.push(() => producer.disconnect());

    await produceAll(engine, producer, topic, chunksOf(readings));
    await closeStream(engine, producer, topic, readings[readings.length - 1]!.ts, database.url, expected.size);
    const status = (await statusOf(engine))!;
    await engine.stop();
    stopped = true;

    // The 100,000 data readings and the 3 closing markers.
    expect(status.counters.readings).toBe(100_003);
    expect(status.counters.late).toBe(0);
    expect(status.counters.duplicates).toBe(0);
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const comparison = await compareWithTable(db, expected, [CLOSER_METRIC]);
      expect(comparison.missing.length + comparison.extra.length + comparison.wrong.length, summarize(comparison)).toBe(0);
      expect(comparison.stored).toBe(expected.size);
    } finally {
      await db.end();
    }
  });
});
