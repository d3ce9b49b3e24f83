/**
 * Issue 15, (3): the source idle for longer than the idle timeout, then a burst of 100,000 readings that
 * continue in event time where the input stopped. Before the idle-then-burst fix the idle advance, applied
 * mid-batch with the newest event time and the stale time of the last input, pushed the watermark
 * minutes ahead and most of the burst counted late. Now: zero late, and every window exact.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEngine } from '../../src-main/engine/process/engine';
import type { Reading } from '../../src-shared/domain/reading';
import { createTopic, deleteTopic, requireKafka, uniqueTopicName } from '../helpers/kafka';
import { createTestDatabase, isPostgresAvailable } from '../helpers/postgres';
import { connectProducer, statusOf, waitUntil } from './stream-harness';
import { LATE_T0, lateEngineSettings, produceInOrder, stationReadings, waitForExactWindows } from './late-harness';

const kafka = await requireKafka();
const hasPostgres = await isPostgresAvailable();
const IDLE_TIMEOUT_MS = 2_000;

describe.skipIf(kafka === null || !hasPostgres)('late data: idle, then a burst', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('(3) idle past the idle timeout, then 100,000 readings in one burst: zero late, every window exact', async () => {
    const env = kafka!;
    const STATIONS = 50;
    const first: Reading[] = [];
    const burst: Reading[] = [];
    for (let s = 0; s < STATIONS; s++) {
      first.push(...stationReadings(`st-${s}`, LATE_T0 + s * 10, LATE_T0 + 60_000, 1_000, s));
      burst.push(...stationReadings(`st-${s}`, LATE_T0 + 60_000 + s * 10, LATE_T0 + 60_000 + 2_000_000, 1_000, 100 + s));
    }
    first.sort((a, b) => a.ts - b.ts);
    burst.sort((a, b) => a.ts - b.ts);
    expect(burst).toHaveLength(100_000);

    const topic = await createTopic(env, { partitions: 1, prefix: 'sw-late-burst' });
    cleanup.push(() => deleteTopic(env, topic));
    const database = await createTestDatabase('sw_late_burst');
    cleanup.push(() => database.drop());
    const dataDir = await mkdtemp(join(tmpdir(), 'sw-late-burst-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const settings = lateEngineSettings({ brokers: env.brokers, topic, groupId: uniqueTopicName('sw-late-burst'), databaseUrl: database.url, idleTimeoutMs: IDLE_TIMEOUT_MS });
    const engine = await startEngine({ settings, secrets: {}, dataDir, operator: 'integration test' });
    let stopped = false;
    cleanup.push(async () => void (stopped || (await engine.stop())));
    const producer = await connectProducer(env);
    cleanup.push(() => producer.disconnect());

    for (let i = 0; i < first.length; i += 2_000) await producer.send({ topic, acks: -1, messages: first.slice(i, i + 2_000).map((r) => ({ key: r.stationId, value: JSON.stringify({ station_id: r.stationId, ts: new Date(r.ts).toISOString(), ...r.metrics }), partition: 0 })) });
    await waitUntil('the first minute read', async () => ((await statusOf(engine))?.counters.readings === first.length ? true : 'reading'));
    // Idle for longer than the idle timeout (less than the allowed lateness, so the watermark stays behind the burst).
    await new Promise((resolve) => setTimeout(resolve, IDLE_TIMEOUT_MS + 1_500));
    await produceInOrder(producer, topic, burst);

    const problems = await waitForExactWindows(database.url, first.length + burst.length, 150_000);
    const status = (await statusOf(engine))!;
    await engine.stop();
    stopped = true;
    expect(status.counters.late).toBe(0);
    expect(problems).toEqual([]);
  });
});
