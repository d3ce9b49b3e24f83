/**
 * (c) PostgreSQL stopped and restarted mid-stream gives the same window_aggregates as the brute force.
 * The database is a PRIVATE cluster (tests/helpers/private-postgres.ts), never the shared server. While
 * it is down the engine keeps consuming: the store buffers (spilling to disk), offsets are committed
 * only for what is durable, and the buffer is written in order once the database is back.
 * Same 100,000 readings and settings as (a).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startEngine } from '../../src-main/engine/process/engine';
import { createTopic, deleteTopic, requireKafka, uniqueTopicName } from '../helpers/kafka';
import { hasPostgresBinaries, startPrivatePostgres } from '../helpers/private-postgres';
import { CLOSER_METRIC, SIZES_MS, chunksOf, closeStream, connectProducer, engineSettings, produceAll, simulatedReadings, statusOf, waitUntil } from './stream-harness';
import { compareWithTable, expectedWindows, summarize } from './window-expectation';

const kafka = await requireKafka();
const hasBinaries = hasPostgresBinaries();
if (!hasBinaries && process.env.CI === 'true') throw new Error('PostgreSQL binaries are missing (CI=true: never skip)');
if (!hasBinaries) console.warn('\n*** SKIPPING database outage test: no PostgreSQL binaries in /usr/lib/postgresql/*/bin ***\n');

describe.skipIf(kafka === null || !hasBinaries)('nothing lost: PostgreSQL stopped and restarted mid-stream', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('(c) database outage mid-stream: exactly the brute-force windows', async () => {
    const env = kafka!;
    const cluster = await startPrivatePostgres();
    cleanup.push(async () => cluster.destroy());
    cluster.psql('CREATE DATABASE nothing_lost');
    const databaseUrl = cluster.urlFor('postgres', 'nothing_lost');
    const readings = simulatedReadings({ stations: 100, count: 100_000, seed: 11 });
    const expected = expectedWindows(readings, SIZES_MS);
    const topic = await createTopic(env, { partitions: 3, prefix: 'sw-nl-db' });
    cleanup.push(() => deleteTopic(env, topic));
    const dataDir = await mkdtemp(join(tmpdir(), 'sw-nl-db-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));

    const settings = engineSettings({ brokers: env.brokers, topic, groupId: uniqueTopicName('sw-nl-db-group'), databaseUrl });
    const engine = await startEngine({ settings, secrets: {}, dataDir, operator: 'integration test' });
    let stopped = false;
    cleanup.push(async () => void (stopped || (await engine.stop())));
    const producer = await connectProducer(env);
    cleanup.push(() => producer.disconnect());

    const chunks = chunksOf(readings);
    const third = Math.floor(chunks.length / 3);
    let wasDown = false;
    await produceAll(engine, producer, topic, chunks.slice(0, third), {
      after: third - 1,
      run: async () => {
        cluster.stop();
        await waitUntil('the store to report the database away', async () => {
          const state = (await statusOf(engine))?.store.state;
          return state === 'buffering' || state === 'unavailable' ? true : `store ${state}`;
        });
        wasDown = true;
      },
    });
    // A third of the stream goes in while the database is down.
    await produceAll(engine, producer, topic, chunks.slice(third, 2 * third));
    cluster.start();
    await produceAll(engine, producer, topic, chunks.slice(2 * third));
    await closeStream(engine, producer, topic, readings[readings.length - 1]!.ts, databaseUrl, expected.size);
    const status = (await statusOf(engine))!;
    await engine.stop();
    stopped = true;
    expect(wasDown).toBe(true);
    expect(status.counters.late).toBe(0);

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const comparison = await compareWithTable(db, expected, [CLOSER_METRIC]);
      expect(comparison.missing.length + comparison.extra.length + comparison.wrong.length, summarize(comparison)).toBe(0);
    } finally {
      await db.end();
    }
  }, 300_000);
});
