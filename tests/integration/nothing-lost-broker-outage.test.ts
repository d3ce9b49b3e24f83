/**
 * (b) The Kafka broker stopped and restarted mid-stream gives the same window_aggregates as the brute
 * force: no window missing, none double-counted. The broker is a PRIVATE one (own ports and state,
 * tests/helpers/kafka.ts startPrivateBroker), so the shared test broker is never stopped under others.
 * Same 100,000 readings and settings as (a); the engine runs in-process and rides out the outage.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startEngine } from '../../src-main/engine/process/engine';
import { createTopic, requireKafka, startBroker, startPrivateBroker, stopBroker, uniqueTopicName } from '../helpers/kafka';
import type { PrivateBroker } from '../helpers/kafka';
import { createTestDatabase, isPostgresAvailable } from '../helpers/postgres';
import { CLOSER_METRIC, SIZES_MS, chunksOf, closeStream, connectProducer, engineSettings, produceAll, simulatedReadings, statusOf, waitUntil } from './stream-harness';
import { compareWithTable, expectedWindows, summarize } from './window-expectation';

// The shared broker only shows that Java and the jars work; the outage happens on a private broker.
const shared = await requireKafka();
const hasPostgres = await isPostgresAvailable();

describe.skipIf(shared === null || !shared.owned || !hasPostgres)('nothing lost: broker stopped and restarted mid-stream', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('(b) broker outage mid-stream: exactly the brute-force windows', async () => {
    const broker: PrivateBroker = startPrivateBroker();
    cleanup.push(async () => broker.destroy());
    const env = broker.env;
    const readings = simulatedReadings({ stations: 100, count: 100_000, seed: 11 });
    const expected = expectedWindows(readings, SIZES_MS);
    const topic = await createTopic(env, { partitions: 3, prefix: 'sw-nl-broker' });
    const database = await createTestDatabase('sw_nl_broker');
    cleanup.push(() => database.drop());
    const dataDir = await mkdtemp(join(tmpdir(), 'sw-nl-broker-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));

    const settings = engineSettings({ brokers: env.brokers, topic, groupId: uniqueTopicName('sw-nl-broker-group'), databaseUrl: database.url });
    const engine = await startEngine({ settings, secrets: {}, dataDir, operator: 'integration test' });
    let stopped = false;
    cleanup.push(async () => void (stopped || (await engine.stop())));
    const producer = await connectProducer(env);
    cleanup.push(() => producer.disconnect());

    const chunks = chunksOf(readings);
    const states: string[] = [];
    await produceAll(engine, producer, topic, chunks, {
      after: Math.floor(chunks.length / 2),
      run: async () => {
        stopBroker(env);
        await waitUntil('the source to report the broker gone', async () => {
          const status = await statusOf(engine);
          if (status !== null) states.push(status.source.state);
          return status?.source.state === 'disconnected';
        });
        startBroker(env);
        // Producing resumes at once; the next chunk's wait proves the engine consumes again.
      },
    });
    await closeStream(engine, producer, topic, readings[readings.length - 1]!.ts, database.url, expected.size);
    const final = (await statusOf(engine))!;
    expect(final.source.state).toBe('connected');
    await engine.stop();
    stopped = true;
    expect(states).toContain('disconnected');

    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const comparison = await compareWithTable(db, expected, [CLOSER_METRIC]);
      expect(comparison.missing.length + comparison.extra.length + comparison.wrong.length, summarize(comparison)).toBe(0);
    } finally {
      await db.end();
    }
  }, 300_000);
});
