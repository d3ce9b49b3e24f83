/**
 * Issue 15, (1): two stations in one partition; B is live for 30 minutes, then silent, and uploads its
 * last 30 minutes in one go after A has moved on to the end of the hour. B's upload is late for the
 * 10 s, 1 min and 5 min windows (merged into the stored ones) and on time for the open 1 h window. Every
 * stored window, per station and city-wide, equals PostgreSQL's statistics over the raw readings.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEngine } from '../../src-main/engine/process/engine';
import { createTopic, deleteTopic, requireKafka, uniqueTopicName } from '../helpers/kafka';
import { createTestDatabase, isPostgresAvailable } from '../helpers/postgres';
import { connectProducer, statusOf } from './stream-harness';
import { LATE_T0, lateEngineSettings, produceInOrder, stationReadings, waitForExactWindows } from './late-harness';

const kafka = await requireKafka();
const hasPostgres = await isPostgresAvailable();
const MINUTE = 60_000;

describe.skipIf(kafka === null || !hasPostgres)('late data: a station uploading its last 30 minutes in one go', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('(1) two stations in one partition: every window exact, the upload merged, not dropped', async () => {
    const env = kafka!;
    const a = stationReadings('station-a', LATE_T0, LATE_T0 + 60 * MINUTE, 2_000, 1);
    const b = stationReadings('station-b', LATE_T0 + 500, LATE_T0 + 60 * MINUTE, 2_000, 2);
    const bLive = b.filter((r) => r.ts < LATE_T0 + 30 * MINUTE);
    const bUpload = b.filter((r) => r.ts >= LATE_T0 + 30 * MINUTE);
    const live = [...a, ...bLive].sort((x, y) => x.ts - y.ts);
    const order = [...live, ...bUpload];

    const topic = await createTopic(env, { partitions: 1, prefix: 'sw-late-two' });
    cleanup.push(() => deleteTopic(env, topic));
    const database = await createTestDatabase('sw_late_two');
    cleanup.push(() => database.drop());
    const dataDir = await mkdtemp(join(tmpdir(), 'sw-late-two-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const engine = await startEngine({ settings: lateEngineSettings({ brokers: env.brokers, topic, groupId: uniqueTopicName('sw-late-two'), databaseUrl: database.url }), secrets: {}, dataDir, operator: 'integration test' });
    let stopped = false;
    cleanup.push(async () => void (stopped || (await engine.stop())));
    const producer = await connectProducer(env);
    cleanup.push(() => producer.disconnect());

    await produceInOrder(producer, topic, order);
    const problems = await waitForExactWindows(database.url, order.length);
    const status = (await statusOf(engine))!;
    await engine.stop();
    stopped = true;

    expect(problems).toEqual([]);
    // Most of B's upload came late and was merged, not dropped (what arrived in the same Kafka fetch as A's
    // last minutes still found its windows open: the watermark moves once per batch).
    expect(status.counters.late).toBeGreaterThan(bUpload.length / 2);
    expect(status.counters.late).toBeLessThanOrEqual(bUpload.length);
    expect(status.counters.readings).toBe(order.length + 1);
    expect(status.lateness?.stations[0]?.stationId).toBe('station-b');
  });
});
